# the one-pass sum-of-squares formula the prompt rules out: cancels catastrophically near 1e9
def mean_and_variance(xs):
    n = len(xs)
    if n == 0:
        return [0.0, 0.0]
    s = sum(xs)
    s2 = sum(x * x for x in xs)
    mean = s / n
    return [mean, (s2 - s * s / n) / (n - 1) if n > 1 else 0.0]
