# tries C = max(jobs), max(jobs) + 1, ... one by one: far too slow for costs near 1e9
def min_daily_capacity(jobs, days):
    if not jobs:
        return 0
    capacity = max(jobs)
    while True:
        used, load = 1, 0
        for job in jobs:
            if load + job > capacity:
                used += 1
                load = 0
            load += job
        if used <= days:
            return capacity
        capacity += 1
