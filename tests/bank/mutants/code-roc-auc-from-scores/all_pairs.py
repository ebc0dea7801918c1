# compares every positive with every negative: O(n_pos x n_neg)
def roc_auc(scores, labels):
    pos = [s for s, y in zip(scores, labels) if y == 1]
    neg = [s for s, y in zip(scores, labels) if y == 0]
    good = 0.0
    for p in pos:
        for q in neg:
            good += 1.0 if p > q else 0.5 if p == q else 0.0
    return good / (len(pos) * len(neg))
