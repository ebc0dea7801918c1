# Wrong: seeds the average with the first value instead of correcting the zero start
def debiased_ema(values, beta):
    out = []
    m = None
    for x in values:
        m = x if m is None else beta * m + (1.0 - beta) * x
        out.append(m)
    return out
