# records the current prefix before looking it up: counts an empty subarray when k = 0
from collections import Counter


def count_subarrays_with_sum(nums, k):
    seen = Counter({0: 1})
    prefix = total = 0
    for x in nums:
        prefix += x
        seen[prefix] += 1
        total += seen[prefix - k]
    return total
