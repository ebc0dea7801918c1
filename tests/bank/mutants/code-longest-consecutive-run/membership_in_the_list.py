# tests membership in the list instead of a set: each lookup is O(n)
def longest_consecutive(nums):
    best = 0
    for x in nums:
        if x - 1 in nums:
            continue
        length = 1
        while x + length in nums:
            length += 1
        best = max(best, length)
    return best
