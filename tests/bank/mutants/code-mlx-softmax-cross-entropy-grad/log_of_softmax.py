# Wrong: takes log of a softmax probability, which underflows to 0 for a very wrong row
import math


def softmax_cross_entropy(logits, targets, ignore_index):
    grad = [[0.0] * len(row) for row in logits]
    counted = [r for r, t in enumerate(targets) if t != ignore_index]
    if not counted:
        return [0.0, grad]
    total = 0.0
    for r in counted:
        row, t = logits[r], targets[r]
        top = max(row)
        e = [math.exp(z - top) for z in row]
        s = sum(e)
        p = [x / s for x in e]
        total += -math.log(p[t])
        for c in range(len(row)):
            grad[r][c] = (p[c] - (1.0 if c == t else 0.0)) / len(counted)
    return [total / len(counted), grad]
