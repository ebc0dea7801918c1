# Wrong: updates beta^t after dividing, so step 1 divides by 1 - beta^0 = 0
def debiased_ema(values, beta):
    out = []
    m, power = 0.0, 1.0
    for x in values:
        m = beta * m + (1.0 - beta) * x
        out.append(m / (1.0 - power))
        power *= beta
    return out
