# weights each vote by 1 / distance: divides by zero when the query sits on a training point
from collections import defaultdict

def knn_predict(train_x, train_y, query, k):
    def dist(i):
        return sum((a - b) ** 2 for a, b in zip(train_x[i], query)) ** 0.5

    near = sorted(range(len(train_x)), key=lambda i: (dist(i), i))[:k]
    votes = defaultdict(float)
    for i in near:
        votes[train_y[i]] += 1 / dist(i)
    return max(votes, key=votes.get)
