# tries every start and end: O(n^2), too slow for a long history
def max_subarray_sum(nums):
    if not nums:
        return 0
    best = nums[0]
    for i in range(len(nums)):
        total = 0
        for j in range(i, len(nums)):
            total += nums[j]
            if total > best:
                best = total
    return best
