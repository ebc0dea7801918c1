# divides by n instead of n - 1
def mean_and_variance(xs):
    n, mean, m2 = 0, 0.0, 0.0
    for x in xs:
        n += 1
        d = x - mean
        mean += d / n
        m2 += d * (x - mean)
    return [mean, m2 / n if n else 0.0]
