# tries every triple of positions: O(n^3)
from itertools import combinations


def three_sum(nums):
    found = set()
    for a, b, c in combinations(nums, 3):
        if a + b + c == 0:
            found.add(tuple(sorted((a, b, c))))
    return [list(t) for t in sorted(found)]
