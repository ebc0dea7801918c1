# interpolated AP: replaces each precision by the best precision at any higher recall (the PASCAL envelope)
def average_precision(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    pos = sum(labels)
    tp = fp = 0
    points = []
    for r, i in enumerate(order):
        tp += labels[i] == 1
        fp += labels[i] != 1
        if r + 1 == len(order) or scores[order[r + 1]] != scores[i]:
            points.append((tp / pos, tp / (tp + fp)))
    total, prev = 0.0, 0.0
    for k, (rec, _) in enumerate(points):
        best = max(p for _, p in points[k:])
        total += (rec - prev) * best
        prev = rec
    return total
