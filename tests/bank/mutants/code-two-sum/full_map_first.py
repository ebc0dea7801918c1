# builds the whole value->index map first, then looks up: [3, 2, 4] with target 6 pairs 3 with itself
def two_sum(nums, target):
    index = {x: i for i, x in enumerate(nums)}
    for i, x in enumerate(nums):
        if target - x in index:
            return sorted([i, index[target - x]])
    return []
