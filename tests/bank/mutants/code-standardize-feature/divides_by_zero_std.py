# no guard for a constant column: ZeroDivisionError when std is 0
import math


def standardize(xs):
    if not xs:
        return []
    mean = sum(xs) / len(xs)
    std = math.sqrt(sum((x - mean) ** 2 for x in xs) / len(xs))
    return [(x - mean) / std for x in xs]
