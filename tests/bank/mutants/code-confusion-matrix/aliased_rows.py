# [[0] * n] * n makes every row the same list: one increment shows up in all rows
def confusion_matrix(y_true, y_pred, num_classes):
    m = [[0] * num_classes] * num_classes
    for t, p in zip(y_true, y_pred):
        m[t][p] += 1
    return m
