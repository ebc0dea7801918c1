# sorts (distance, x, y, index): equal distances are ordered by coordinates, not by index
def k_closest(points, k):
    order = sorted((x * x + y * y, x, y, i) for i, (x, y) in enumerate(points))
    return [t[3] for t in order[:k]]
