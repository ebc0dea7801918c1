# trapezoidal area under the PR curve (averages neighbouring precisions): not the step-wise AP
def average_precision(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    positives = sum(labels)
    tp = fp = 0
    total = prev_r = 0.0
    prev_p = 1.0
    for rank, i in enumerate(order):
        tp += labels[i] == 1
        fp += labels[i] != 1
        if rank + 1 == len(order) or scores[order[rank + 1]] != scores[i]:
            r, p = tp / positives, tp / (tp + fp)
            total += (r - prev_r) * (p + prev_p) / 2
            prev_r, prev_p = r, p
    return total
