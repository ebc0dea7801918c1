# sorts neighbours by distance descending-index on ties: the later training point counts as nearer
from collections import Counter


def knn_predict(train_x, train_y, query, k):
    d = lambda i: sum((a - b) ** 2 for a, b in zip(train_x[i], query))
    nearest = sorted(range(len(train_x)), key=lambda i: (d(i), -i))[:k]
    votes = Counter(train_y[i] for i in nearest)
    top = max(votes.values())
    return next(train_y[i] for i in nearest if votes[train_y[i]] == top)
