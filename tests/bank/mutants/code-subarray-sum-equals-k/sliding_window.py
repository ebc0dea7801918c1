# a shrinking window: only correct when every value is positive
def count_subarrays_with_sum(nums, k):
    count = total = left = 0
    for right, x in enumerate(nums):
        total += x
        while total > k and left <= right:
            total -= nums[left]
            left += 1
        if total == k and left <= right:
            count += 1
    return count
