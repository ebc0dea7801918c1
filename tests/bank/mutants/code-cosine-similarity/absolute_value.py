# returns the absolute value: opposite vectors come out as 1 instead of -1
import math


def cosine_similarity(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
    return 0.0 if na == 0 or nb == 0 else abs(dot) / (na * nb)
