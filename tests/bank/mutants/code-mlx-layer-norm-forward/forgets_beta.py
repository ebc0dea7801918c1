# Wrong: applies gamma but never adds beta
import math


def layer_norm(x, gamma, beta, eps):
    out = []
    for row in x:
        d = len(row)
        mean = sum(row) / d
        var = sum((v - mean) ** 2 for v in row) / d
        inv = 1.0 / math.sqrt(var + eps)
        out.append([g * (v - mean) * inv for v, g in zip(row, gamma, strict=False)])
    return out
