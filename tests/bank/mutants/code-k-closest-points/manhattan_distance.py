# ranks by |x| + |y| instead of the Euclidean distance
def k_closest(points, k):
    order = sorted(range(len(points)), key=lambda i: (abs(points[i][0]) + abs(points[i][1]), i))
    return order[:k]
