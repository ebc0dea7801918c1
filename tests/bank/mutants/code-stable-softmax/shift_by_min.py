# subtracts the minimum instead of the maximum: still overflows when scores are far apart
import math


def softmax(xs):
    if not xs:
        return []
    low = min(xs)
    exps = [math.exp(x - low) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]
