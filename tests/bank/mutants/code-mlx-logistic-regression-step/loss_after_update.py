# Wrong: reports the loss at the updated parameters instead of the given ones
import math


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _loss(w, b, x, y, l2):
    total = 0.0
    for row, label in zip(x, y, strict=False):
        z = b + sum(wj * xj for wj, xj in zip(w, row, strict=False))
        total += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - label * z
    return total / len(x) + 0.5 * l2 * sum(wj * wj for wj in w)


def logreg_step(w, b, x, y, lr, l2):
    n, d = len(x), len(w)
    grad_w = [0.0] * d
    grad_b = 0.0
    for row, label in zip(x, y, strict=False):
        z = b + sum(wj * xj for wj, xj in zip(w, row, strict=False))
        err = _sigmoid(z) - label
        grad_b += err / n
        for j in range(d):
            grad_w[j] += err * row[j] / n
    new_w = [wj - lr * (gj + l2 * wj) for wj, gj in zip(w, grad_w, strict=False)]
    new_b = b - lr * grad_b
    return [_loss(new_w, new_b, x, y, l2), new_w, new_b]
