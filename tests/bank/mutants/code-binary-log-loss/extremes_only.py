# replaces only exact 0 and 1 by eps: a tiny probability such as 1e-20 is not clipped
import math

def log_loss(labels, probs):
    if not labels:
        return 0.0
    eps = 1e-15
    total = 0.0
    for y, p in zip(labels, probs):
        if p == 0:
            p = eps
        elif p == 1:
            p = 1 - eps
        total -= math.log(p) if y == 1 else math.log(1 - p)
    return total / len(labels)
