# Wrong: reports the norm after clipping instead of before
import math


def clip_by_global_norm(grads, max_norm):
    biggest = max((abs(g) for tensor in grads for g in tensor), default=0.0)
    if biggest == 0.0:
        return [[list(tensor) for tensor in grads], 0.0]
    norm = biggest * math.sqrt(sum((g / biggest) ** 2 for tensor in grads for g in tensor))
    if norm <= max_norm:
        return [[list(tensor) for tensor in grads], norm]
    scale = max_norm / norm
    return [[[g * scale for g in tensor] for tensor in grads], max_norm]
