# ranks neighbours by L1 (Manhattan) distance instead of the Euclidean distance
from collections import Counter

def knn_predict(train_x, train_y, query, k):
    near = sorted(range(len(train_x)), key=lambda i: (sum(abs(a - b) for a, b in zip(train_x[i], query)), i))[:k]
    votes = Counter(train_y[i] for i in near)
    top = max(votes.values())
    return next(train_y[i] for i in near if votes[train_y[i]] == top)
