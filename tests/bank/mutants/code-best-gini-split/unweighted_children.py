# averages the two children's Gini impurities without weighting them by their sizes
from collections import Counter

def best_gini_split(values, labels):
    pairs = sorted(zip(values, labels))
    n = len(pairs)
    left, right = Counter(), Counter(y for _, y in pairs)
    best = []
    for i in range(n - 1):
        v, y = pairs[i]
        left[y] += 1
        right[y] -= 1
        if pairs[i + 1][0] == v:
            continue
        nl, nr = i + 1, n - i - 1
        gl = 1 - sum((c / nl) ** 2 for c in left.values())
        gr = 1 - sum((c / nr) ** 2 for c in right.values())
        imp = (gl + gr) / 2
        if not best or imp < best[1] - 1e-12:
            best = [(v + pairs[i + 1][0]) / 2, imp]
    return best
