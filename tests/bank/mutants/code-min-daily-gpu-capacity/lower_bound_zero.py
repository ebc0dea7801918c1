# binary search from 0 instead of max(jobs): with many days it returns a capacity below the biggest job
def min_daily_capacity(jobs, days):
    if not jobs:
        return 0

    def days_needed(capacity):
        used, load = 1, 0
        for job in jobs:
            if load + job > capacity:
                used += 1
                load = 0
            load += job
        return used

    lo, hi = 0, sum(jobs)
    while lo < hi:
        mid = (lo + hi) // 2
        if days_needed(mid) <= days:
            hi = mid
        else:
            lo = mid + 1
    return lo
