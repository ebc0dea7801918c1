# Wrong: returns the raw zero-started average
def debiased_ema(values, beta):
    out = []
    m, power = 0.0, 1.0
    for x in values:
        m = beta * m + (1.0 - beta) * x
        power *= beta
        out.append(m)
    return out
