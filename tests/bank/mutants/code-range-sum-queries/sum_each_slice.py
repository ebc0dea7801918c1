# sums every slice from scratch: O(n) per query, too slow with many wide queries
def range_sums(nums, queries):
    return [sum(nums[left:right + 1]) for left, right in queries]
