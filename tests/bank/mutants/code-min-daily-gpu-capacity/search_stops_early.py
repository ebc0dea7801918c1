# binary search with lo < hi - 1 and returns lo: misses the answer when it is the upper end
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

    lo, hi = max(jobs), sum(jobs)
    while lo < hi - 1:
        mid = (lo + hi) // 2
        if days_needed(mid) <= days:
            hi = mid
        else:
            lo = mid
    return lo
