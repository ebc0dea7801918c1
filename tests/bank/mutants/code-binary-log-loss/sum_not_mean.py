# returns the total loss, not the mean over examples
import math


def log_loss(labels, probs):
    total = 0.0
    for y, p in zip(labels, probs):
        p = min(max(p, 1e-15), 1 - 1e-15)
        total -= math.log(p) if y == 1 else math.log(1 - p)
    return total
