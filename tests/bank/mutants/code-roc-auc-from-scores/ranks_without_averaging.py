# Mann-Whitney with plain positions as ranks: tied scores get different ranks
def roc_auc(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank = {i: r + 1 for r, i in enumerate(order)}
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    rank_sum = sum(rank[i] for i, y in enumerate(labels) if y == 1)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
