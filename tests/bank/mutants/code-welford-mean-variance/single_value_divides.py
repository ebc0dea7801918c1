# divides m2 by n - 1 without the n >= 2 guard: a single value divides by zero
def mean_and_variance(xs):
    if not xs:
        return [0.0, 0.0]
    n, mean, m2 = 0, 0.0, 0.0
    for x in xs:
        n += 1
        d = x - mean
        mean += d / n
        m2 += d * (x - mean)
    return [mean, m2 / (n - 1)]
