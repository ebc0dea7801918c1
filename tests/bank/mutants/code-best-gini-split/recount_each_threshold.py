# re-counts both sides for every candidate threshold: O(n^2)
def best_gini_split(values, labels):
    def gini(side):
        n = len(side)
        return 1.0 - sum((side.count(c) / n) ** 2 for c in set(side)) if n else 0.0

    distinct = sorted(set(values))
    best = []
    n = len(values)
    for a, b in zip(distinct, distinct[1:]):
        t = (a + b) / 2
        left = [y for v, y in zip(values, labels) if v <= t]
        right = [y for v, y in zip(values, labels) if v > t]
        imp = len(left) / n * gini(left) + len(right) / n * gini(right)
        if not best or imp < best[1] - 1e-12:
            best = [t, imp]
    return best
