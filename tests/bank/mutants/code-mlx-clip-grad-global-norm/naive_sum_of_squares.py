# Wrong: squares the raw entries, which overflows to inf for huge gradients
import math


def clip_by_global_norm(grads, max_norm):
    norm = math.sqrt(sum(g * g for tensor in grads for g in tensor))
    if norm <= max_norm:
        return [[list(tensor) for tensor in grads], norm]
    scale = max_norm / norm
    return [[[g * scale for g in tensor] for tensor in grads], norm]
