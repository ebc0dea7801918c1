# Wrong: rescales to max_norm even when the norm is already smaller
import math


def clip_by_global_norm(grads, max_norm):
    biggest = max((abs(g) for tensor in grads for g in tensor), default=0.0)
    if biggest == 0.0:
        return [[list(tensor) for tensor in grads], 0.0]
    norm = biggest * math.sqrt(sum((g / biggest) ** 2 for tensor in grads for g in tensor))
    scale = max_norm / norm
    return [[[g * scale for g in tensor] for tensor in grads], norm]
