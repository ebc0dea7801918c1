# Wrong: softmax over all keys, then zeroes the future weights without renormalising
import math


def attention(q, k, v, causal):
    n, m = len(q), len(k)
    if n == 0:
        return []
    scale = 1.0 / math.sqrt(len(q[0]))
    out = []
    for i, query in enumerate(q):
        s = [scale * sum(a * b for a, b in zip(query, k[j], strict=False)) for j in range(m)]
        top = max(s)
        w = [math.exp(x - top) for x in s]
        z = sum(w)
        w = [x / z for x in w]
        if causal:
            w = [x if j <= m - n + i else 0.0 for j, x in enumerate(w)]
        out.append([sum(w[j] * v[j][c] for j in range(m)) for c in range(len(v[0]))])
    return out
