# no clipping: log(0) raises for a probability of exactly 0 or 1 on the wrong side
import math


def log_loss(labels, probs):
    if not labels:
        return 0.0
    return -sum(y * math.log(p) + (1 - y) * math.log(1 - p) if p not in (0, 1) else (0.0 if p == y else math.log(0))
                for y, p in zip(labels, probs)) / len(labels)
