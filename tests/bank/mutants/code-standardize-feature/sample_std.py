# uses the sample standard deviation (n - 1); the prompt asks for the population one
import math


def standardize(xs):
    if len(xs) < 2:
        return [0.0 for _ in xs]
    mean = sum(xs) / len(xs)
    std = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1))
    return [0.0 for _ in xs] if std == 0 else [(x - mean) / std for x in xs]
