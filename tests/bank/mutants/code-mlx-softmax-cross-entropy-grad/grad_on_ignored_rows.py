# Wrong: the loss skips ignored rows but their gradient is still filled in
import math


def softmax_cross_entropy(logits, targets, ignore_index):
    grad = [[0.0] * len(row) for row in logits]
    counted = [r for r, t in enumerate(targets) if t != ignore_index]
    if not counted:
        return [0.0, grad]
    total = 0.0
    for r, row in enumerate(logits):
        t = targets[r]
        top = max(row)
        lse = top + math.log(sum(math.exp(z - top) for z in row))
        if r in counted:
            total += lse - row[t]
        for c, z in enumerate(row):
            hit = 1.0 if c == t else 0.0
            grad[r][c] = (math.exp(z - lse) - hit) / len(counted)
    return [total / len(counted), grad]
