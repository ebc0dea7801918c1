# compares the draw with the raw cumulative weights, never multiplying by the total
import bisect
from itertools import accumulate


def weighted_pick(weights, draws):
    prefix = list(accumulate(weights))
    return [min(bisect.bisect_right(prefix, u), len(weights) - 1) for u in draws]
