# Wrong: uses 2*l2*w as the penalty gradient, which belongs to l2*||w||^2, not (l2/2)*||w||^2
import math


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def logreg_step(w, b, x, y, lr, l2):
    n, d = len(x), len(w)
    grad_w = [0.0] * d
    grad_b = 0.0
    data_loss = 0.0
    for row, label in zip(x, y, strict=False):
        z = b + sum(wj * xj for wj, xj in zip(w, row, strict=False))
        data_loss += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - label * z
        err = _sigmoid(z) - label
        grad_b += err / n
        for j in range(d):
            grad_w[j] += err * row[j] / n
    loss = data_loss / n + 0.5 * l2 * sum(wj * wj for wj in w)
    new_w = [wj - lr * (gj + 2 * l2 * wj) for wj, gj in zip(w, grad_w, strict=False)]
    return [loss, new_w, b - lr * grad_b]
