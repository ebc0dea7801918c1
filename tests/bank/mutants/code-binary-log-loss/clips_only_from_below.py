# clips p up to 1e-15 but not down to 1 - 1e-15: log(1 - 1) fails for a negative predicted as 1.0
import math


def log_loss(labels, probs):
    if not labels:
        return 0.0
    total = 0.0
    for y, p in zip(labels, probs):
        p = max(p, 1e-15)
        total -= math.log(p) if y == 1 else math.log(1 - p)
    return total / len(labels)
