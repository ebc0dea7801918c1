# treats right as exclusive: prefix[right] - prefix[left] drops the last element
def range_sums(nums, queries):
    prefix = [0]
    for x in nums:
        prefix.append(prefix[-1] + x)
    return [prefix[right] - prefix[left] for left, right in queries]
