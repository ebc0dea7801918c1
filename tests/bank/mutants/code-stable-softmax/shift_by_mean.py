# subtracts the mean instead of the maximum: overflows once the scores spread over ~1400
import math

def softmax(xs):
    if not xs:
        return []
    centre = sum(xs) / len(xs)
    exps = [math.exp(x - centre) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]
