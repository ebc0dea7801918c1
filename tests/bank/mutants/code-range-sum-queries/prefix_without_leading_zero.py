# prefix[i] includes nums[i] and left = 0 reads prefix[-1] (the grand total)
def range_sums(nums, queries):
    prefix = []
    total = 0
    for x in nums:
        total += x
        prefix.append(total)
    return [prefix[right] - prefix[left - 1] for left, right in queries]
