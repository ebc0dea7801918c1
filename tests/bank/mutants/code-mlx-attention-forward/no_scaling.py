# Wrong: forgets the 1/sqrt(d) scale on the scores
import math


def attention(q, k, v, causal):
    n, m = len(q), len(k)
    if n == 0:
        return []
    out = []
    for i, query in enumerate(q):
        visible = m - n + i + 1 if causal else m
        scores = [sum(a * b for a, b in zip(query, k[j])) for j in range(visible)]
        top = max(scores)
        w = [math.exp(s - top) for s in scores]
        total = sum(w)
        out.append([sum(w[j] * v[j][c] for j in range(visible)) / total for c in range(len(v[0]))])
    return out
