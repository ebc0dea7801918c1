# assigns by L1 (Manhattan) distance; k-means uses Euclidean distance
def kmeans_step(points, centroids):
    labels = []
    for p in points:
        d = [sum(abs(a - b) for a, b in zip(p, c)) for c in centroids]
        labels.append(d.index(min(d)))
    new = []
    for c, cen in enumerate(centroids):
        members = [p for p, l in zip(points, labels) if l == c]
        new.append([sum(col) / len(members) for col in zip(*members)] if members else list(cen))
    return {"labels": labels, "centroids": new}
