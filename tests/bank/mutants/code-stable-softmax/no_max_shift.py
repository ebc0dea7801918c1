# exponentiates the raw scores: overflows for scores near 1000
import math


def softmax(xs):
    exps = [math.exp(x) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]
