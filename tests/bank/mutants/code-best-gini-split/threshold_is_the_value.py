# returns the left value itself as the threshold instead of the midpoint
from collections import Counter


def best_gini_split(values, labels):
    pairs = sorted(zip(values, labels))
    n = len(pairs)
    left, right = Counter(), Counter(y for _, y in pairs)
    best = []
    g = lambda c, m: 1.0 - sum((v / m) ** 2 for v in c.values()) if m else 0.0
    for i in range(n - 1):
        v, y = pairs[i]
        left[y] += 1
        right[y] -= 1
        if pairs[i + 1][0] == v:
            continue
        imp = (i + 1) / n * g(left, i + 1) + (n - i - 1) / n * g(right, n - i - 1)
        if not best or imp < best[1] - 1e-12:
            best = [float(v), imp]
    return best
