# moves a centroid that received no points to the origin instead of leaving it in place
def kmeans_step(points, centroids):
    labels = []
    for p in points:
        d = [sum((a - b) ** 2 for a, b in zip(p, c)) for c in centroids]
        labels.append(d.index(min(d)))
    dim = len(centroids[0]) if centroids else 0
    new = []
    for c in range(len(centroids)):
        members = [p for p, lab in zip(points, labels) if lab == c]
        new.append([sum(col) / len(members) for col in zip(*members)] if members else [0.0] * dim)
    return {"labels": labels, "centroids": new}
