# two passes with a "not the same index" check: correct pair, but scans by i, so not the smallest j
def two_sum(nums, target):
    index = {x: i for i, x in enumerate(nums)}
    for i, x in enumerate(nums):
        j = index.get(target - x)
        if j is not None and j != i:
            return sorted([i, j])
    return []
