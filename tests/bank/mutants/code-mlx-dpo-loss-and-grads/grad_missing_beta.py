# Wrong: forgets the beta factor from the chain rule
import math


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def dpo_loss(pc, pr, rc, rr, beta):
    n = len(pc)
    total = 0.0
    grad_pc, grad_pr = [], []
    for a, b, c, d in zip(pc, pr, rc, rr, strict=False):
        margin = beta * ((a - c) - (b - d))
        total += max(-margin, 0.0) + math.log1p(math.exp(-abs(margin)))
        push = _sigmoid(-margin) / n
        grad_pc.append(-push)
        grad_pr.append(push)
    return [total / n, grad_pc, grad_pr]
