# Wrong: puts beta on the new value and 1 - beta on the history
def debiased_ema(values, beta):
    out = []
    m, power = 0.0, 1.0
    for x in values:
        m = (1.0 - beta) * m + beta * x
        power *= beta
        out.append(m / (1.0 - power))
    return out
