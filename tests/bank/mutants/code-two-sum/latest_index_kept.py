# seen[x] = j overwrites the first index of a repeated value: not the smallest i for that j
def two_sum(nums, target):
    seen = {}
    for j, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], j]
        seen[x] = j
    return []
