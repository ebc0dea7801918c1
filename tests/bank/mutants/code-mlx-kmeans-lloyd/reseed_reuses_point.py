# Wrong: re-seeds every empty cluster with the same farthest point
def kmeans(points, centroids, max_iters):
    centroids = [list(c) for c in centroids]
    k, dim = len(centroids), len(points[0])
    previous = None
    iterations = 0
    labels = []
    for _ in range(max_iters):
        iterations += 1
        labels, own_dist = [], []
        for p in points:
            dists = [sum((a - b) ** 2 for a, b in zip(p, c, strict=False)) for c in centroids]
            best = min(range(k), key=lambda j: (dists[j], j))
            labels.append(best)
            own_dist.append(dists[best])
        counts = [0] * k
        for label in labels:
            counts[label] += 1
        chosen = set()
        for c in range(k):
            if counts[c] == 0:
                candidates = [i for i in range(len(points)) if i not in chosen]
                if candidates:
                    far = min(candidates, key=lambda i: (-own_dist[i], i))
                    centroids[c] = list(points[far])
        sums = [[0.0] * dim for _ in range(k)]
        for p, label in zip(points, labels, strict=False):
            for d in range(dim):
                sums[label][d] += p[d]
        for c in range(k):
            if counts[c]:
                centroids[c] = [s / counts[c] for s in sums[c]]
        if labels == previous:
            break
        previous = labels
    return [labels, centroids, iterations]
