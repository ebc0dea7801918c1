# Wrong: gradient written as onehot - softmax
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
        lse = top + math.log(sum(math.exp(z - top) for z in row))
        total += lse - row[t]
        for c, z in enumerate(row):
            grad[r][c] = ((1.0 if c == t else 0.0) - math.exp(z - lse)) / len(counted)
    return [total / len(counted), grad]
