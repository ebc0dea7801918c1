# Wrong: accumulates |g| instead of g squared in v
import math


def adamw_step(params, grads, m, v, t, lr, beta1, beta2, eps, weight_decay):
    new_p, new_m, new_v = [], [], []
    c1 = 1.0 - beta1 ** t
    c2 = 1.0 - beta2 ** t
    for p, g, mi, vi in zip(params, grads, m, v, strict=False):
        mi = beta1 * mi + (1.0 - beta1) * g
        vi = beta2 * vi + (1.0 - beta2) * abs(g)
        step = (mi / c1) / (math.sqrt(vi / c2) + eps) + weight_decay * p
        new_p.append(p - lr * step)
        new_m.append(mi)
        new_v.append(vi)
    return [new_p, new_m, new_v]
