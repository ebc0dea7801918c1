# keeps the last centroid on an exact distance tie (<= in the scan) instead of the lower index
def kmeans_step(points, centroids):
    labels = []
    for p in points:
        best, best_d = 0, None
        for c, cen in enumerate(centroids):
            d = sum((a - b) ** 2 for a, b in zip(p, cen))
            if best_d is None or d <= best_d:
                best, best_d = c, d
        labels.append(best)
    new = []
    for c, cen in enumerate(centroids):
        members = [p for p, l in zip(points, labels) if l == c]
        new.append([sum(col) / len(members) for col in zip(*members)] if members else list(cen))
    return {"labels": labels, "centroids": new}
