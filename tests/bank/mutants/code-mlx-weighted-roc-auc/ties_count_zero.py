# Wrong: a tied pair earns nothing instead of half
def weighted_auc(scores, labels, weights):
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    total_pos = sum(w for w, y in zip(weights, labels, strict=False) if y == 1)
    total_neg = sum(w for w, y in zip(weights, labels, strict=False) if y == 0)
    below = 0.0  # negative weight strictly below the current group
    credit = 0.0
    i = 0
    while i < len(order):
        j = i
        group_pos = group_neg = 0.0
        while j < len(order) and scores[order[j]] == scores[order[i]]:
            k = order[j]
            if labels[k] == 1:
                group_pos += weights[k]
            else:
                group_neg += weights[k]
            j += 1
        credit += group_pos * below
        below += group_neg
        i = j
    return credit / (total_pos * total_neg)
