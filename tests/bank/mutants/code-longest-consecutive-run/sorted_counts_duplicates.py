# sorts and counts adjacent steps, but a duplicate breaks the run
def longest_consecutive(nums):
    if not nums:
        return 0
    values = sorted(nums)
    best = run = 1
    for a, b in zip(values, values[1:]):
        run = run + 1 if b == a + 1 else 1
        best = max(best, run)
    return best
