# bisect_left: a draw landing exactly on a cumulative boundary picks the previous index
import bisect
from itertools import accumulate


def weighted_pick(weights, draws):
    prefix = list(accumulate(weights))
    return [bisect.bisect_left(prefix, u * prefix[-1]) for u in draws]
