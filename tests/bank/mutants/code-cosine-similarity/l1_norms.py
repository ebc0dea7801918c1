# divides by the sums of absolute values (L1 norms) instead of the Euclidean norms
def cosine_similarity(a, b):
    na = sum(abs(x) for x in a)
    nb = sum(abs(y) for y in b)
    if na == 0 or nb == 0:
        return 0.0
    return sum(x * y for x, y in zip(a, b)) / (na * nb)
