# divides by the variance instead of the standard deviation
def standardize(xs):
    if not xs:
        return []
    mean = sum(xs) / len(xs)
    var = sum((x - mean) ** 2 for x in xs) / len(xs)
    return [0.0 for _ in xs] if var == 0 else [(x - mean) / var for x in xs]
