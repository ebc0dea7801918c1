# Wrong: exponentiates raw scores, so large scores overflow
import math


def attention(q, k, v, causal):
    n, m = len(q), len(k)
    if n == 0:
        return []
    scale = 1.0 / math.sqrt(len(q[0]))
    out = []
    for i, query in enumerate(q):
        visible = m - n + i + 1 if causal else m
        w = [math.exp(scale * sum(a * b for a, b in zip(query, k[j], strict=False))) for j in range(visible)]
        z = sum(w)
        out.append([sum(w[j] * v[j][c] for j in range(visible)) / z for c in range(len(v[0]))])
    return out
