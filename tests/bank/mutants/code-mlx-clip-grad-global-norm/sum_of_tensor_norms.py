# Wrong: adds the per-tensor norms instead of taking the norm of everything
import math


def clip_by_global_norm(grads, max_norm):
    norm = sum(math.hypot(*tensor) for tensor in grads if tensor)
    if norm <= max_norm:
        return [[list(tensor) for tensor in grads], norm]
    scale = max_norm / norm
    return [[[g * scale for g in tensor] for tensor in grads], norm]
