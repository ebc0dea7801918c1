# counts a tied positive/negative pair as 0 instead of 1/2
def roc_auc(scores, labels):
    pairs = sorted(zip(scores, labels))
    neg_below = 0
    good = 0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        group = pairs[i:j]
        good += sum(1 for _, y in group if y == 1) * neg_below
        neg_below += sum(1 for _, y in group if y == 0)
        i = j
    n_pos = sum(labels)
    return good / (n_pos * (len(labels) - n_pos))
