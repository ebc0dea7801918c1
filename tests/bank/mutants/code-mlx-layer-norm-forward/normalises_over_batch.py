# Wrong: normalises each feature over the batch (batch norm) instead of each row
import math


def layer_norm(x, gamma, beta, eps):
    if not x:
        return []
    n, d = len(x), len(x[0])
    out = [[0.0] * d for _ in range(n)]
    for j in range(d):
        col = [row[j] for row in x]
        mean = sum(col) / n
        var = sum((v - mean) ** 2 for v in col) / n
        for i in range(n):
            out[i][j] = gamma[j] * (col[i] - mean) / math.sqrt(var + eps) + beta[j]
    return out
