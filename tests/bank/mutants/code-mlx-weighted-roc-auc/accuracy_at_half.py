# Wrong: reports weighted accuracy at a 0.5 threshold instead of AUC
def weighted_auc(scores, labels, weights):
    right = sum(w for s, y, w in zip(scores, labels, weights, strict=False) if (s >= 0.5) == (y == 1))
    return right / sum(weights)
