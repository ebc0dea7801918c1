# measures the longest increasing contiguous run, not a subsequence
def lis_length(nums):
    best = run = 0
    for i, x in enumerate(nums):
        run = run + 1 if i and nums[i - 1] < x else 1
        best = max(best, run)
    return best
