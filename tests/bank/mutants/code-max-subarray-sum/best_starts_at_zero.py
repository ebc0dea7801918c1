# Kadane with best = 0 and a reset to 0: an all-negative list returns 0, not the least bad day
def max_subarray_sum(nums):
    best = current = 0
    for x in nums:
        current = max(0, current + x)
        best = max(best, current)
    return best
