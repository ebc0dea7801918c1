# Wrong: samples the replacement from p instead of the residual max(0, p - q)
def _pick(weights, v):
    total = sum(weights)
    running, last = 0.0, 0
    for token, w in enumerate(weights):
        if w > 0:
            running += w / total
            last = token
            if running > v:
                return token
    return last


def speculative_verify(draft, q, p, us, v):
    out = []
    for i, x in enumerate(draft):
        if us[i] < p[i][x] / q[i][x]:
            out.append(x)
            continue
        residual = list(p[i])
        out.append(_pick(residual, v))
        return out
    out.append(_pick(p[len(draft)], v))
    return out
