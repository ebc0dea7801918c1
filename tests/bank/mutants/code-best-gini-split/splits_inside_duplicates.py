# scores a split after every sorted position, even between two equal values (a threshold no rule can express)
from collections import Counter

def best_gini_split(values, labels):
    pairs = sorted(zip(values, labels))
    n = len(pairs)
    if len(set(values)) < 2:
        return []
    left, right = Counter(), Counter(y for _, y in pairs)
    best = []
    for i in range(n - 1):
        v, y = pairs[i]
        left[y] += 1
        right[y] -= 1
        nl = i + 1
        gl = 1 - sum((c / nl) ** 2 for c in left.values())
        gr = 1 - sum((c / (n - nl)) ** 2 for c in right.values())
        imp = nl / n * gl + (n - nl) / n * gr
        if not best or imp < best[1] - 1e-12:
            best = [(v + pairs[i + 1][0]) / 2, imp]
    return best
