# Wrong: divides the squared deviations by D - 1 (and crashes for D = 1)
import math


def layer_norm(x, gamma, beta, eps):
    out = []
    for row in x:
        d = len(row)
        mean = sum(row) / d
        var = sum((v - mean) ** 2 for v in row) / (d - 1)
        inv = 1.0 / math.sqrt(var + eps)
        out.append([g * (v - mean) * inv + b for v, g, b in zip(row, gamma, beta, strict=False)])
    return out
