# Wrong: inverse CDF walks the kept tokens in id order, not rank order
import math


def sample_token(logits, temperature, top_k, top_p, u):
    if temperature == 0:
        best = max(logits)
        return logits.index(best)
    z = [x / temperature for x in logits]
    top = max(z)
    weights = [math.exp(x - top) for x in z]
    order = sorted(range(len(z)), key=lambda i: (-z[i], i))
    if top_k > 0:
        order = order[:top_k]
    total = sum(weights[i] for i in order)
    if top_p < 1:
        running, cut = 0.0, len(order)
        for pos, i in enumerate(order):
            running += weights[i] / total
            if running >= top_p:
                cut = pos + 1
                break
        order = order[:cut]
        total = sum(weights[i] for i in order)
    running = 0.0
    order = sorted(order)
    for i in order:
        running += weights[i] / total
        if running > u:
            return i
    return order[-1]
