# Wrong: multiplies the similarities by the temperature
import math


def _unit(v):
    norm = math.sqrt(sum(x * x for x in v))
    return [x / norm for x in v]


def _mean_cross_entropy(rows):
    total = 0.0
    for i, row in enumerate(rows):
        top = max(row)
        total += top + math.log(sum(math.exp(z - top) for z in row)) - row[i]
    return total / len(rows)


def clip_loss(img, txt, temperature):
    a = [_unit(v) for v in img]
    b = [_unit(v) for v in txt]
    logits = [[sum(x * y for x, y in zip(u, w, strict=False)) * temperature for w in b] for u in a]
    columns = [list(col) for col in zip(*logits, strict=False)]
    return 0.5 * (_mean_cross_entropy(logits) + _mean_cross_entropy(columns))
