# adds a precision term after every example, so tied scores do not enter together
def average_precision(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    positives = sum(labels)
    tp = fp = 0
    total = prev = 0.0
    for i in order:
        if labels[i] == 1:
            tp += 1
        else:
            fp += 1
        recall = tp / positives
        total += (recall - prev) * tp / (tp + fp)
        prev = recall
    return total
