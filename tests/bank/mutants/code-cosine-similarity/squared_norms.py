# divides by the product of squared norms (forgets the square roots)
def cosine_similarity(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    na, nb = sum(x * x for x in a), sum(y * y for y in b)
    return 0.0 if na == 0 or nb == 0 else dot / (na * nb)
