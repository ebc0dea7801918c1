# Wrong: computes the variance as E[x^2] - E[x]^2, which cancels for large values
import math


def layer_norm(x, gamma, beta, eps):
    out = []
    for row in x:
        d = len(row)
        mean = sum(row) / d
        var = max(sum(v * v for v in row) / d - mean * mean, 0.0)
        inv = 1.0 / math.sqrt(var + eps)
        out.append([g * (v - mean) * inv + b for v, g, b in zip(row, gamma, beta, strict=False)])
    return out
