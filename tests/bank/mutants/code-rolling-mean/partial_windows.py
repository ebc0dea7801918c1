# also emits the first partial windows, divided by the full window size
def rolling_mean(xs, window):
    out = []
    total = 0
    for i, x in enumerate(xs):
        total += x
        if i >= window:
            total -= xs[i - window]
        out.append(total / window)
    return out
