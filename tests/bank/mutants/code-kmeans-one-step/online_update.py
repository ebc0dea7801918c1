# moves a centroid as soon as each point is assigned (online k-means), so later assignments see moved centroids
def kmeans_step(points, centroids):
    cents = [list(map(float, c)) for c in centroids]
    counts = [0] * len(cents)
    labels = []
    for p in points:
        d = [sum((a - b) ** 2 for a, b in zip(p, c)) for c in cents]
        k = d.index(min(d))
        labels.append(k)
        counts[k] += 1
        if counts[k] == 1:
            cents[k] = [float(v) for v in p]
        else:
            cents[k] = [c + (v - c) / counts[k] for c, v in zip(cents[k], p)]
    out = [cents[i] if counts[i] else list(centroids[i]) for i in range(len(cents))]
    return {"labels": labels, "centroids": out}
