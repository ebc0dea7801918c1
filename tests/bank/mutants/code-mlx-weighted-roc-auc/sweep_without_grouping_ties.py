# Wrong: sweeps one example at a time, so the credit for ties depends on the sort order
def weighted_auc(scores, labels, weights):
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    total_pos = sum(w for w, y in zip(weights, labels, strict=False) if y == 1)
    total_neg = sum(w for w, y in zip(weights, labels, strict=False) if y == 0)
    below = 0.0
    credit = 0.0
    for k in order:
        if labels[k] == 1:
            credit += weights[k] * below
        else:
            below += weights[k]
    return credit / (total_pos * total_neg)
