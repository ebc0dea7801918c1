# Wrong: returns only the accepted draft when everything is accepted
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
        residual = [max(0.0, a - b) for a, b in zip(p[i], q[i], strict=False)]
        out.append(_pick(residual, v))
        return out
    return out or [_pick(p[0], v)]
