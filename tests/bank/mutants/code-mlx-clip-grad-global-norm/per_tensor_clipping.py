# Wrong: clips each tensor to max_norm on its own
import math


def clip_by_global_norm(grads, max_norm):
    out, total = [], 0.0
    for tensor in grads:
        norm = math.sqrt(sum(g * g for g in tensor))
        total += norm * norm
        out.append([g * max_norm / norm for g in tensor] if norm > max_norm else list(tensor))
    return [out, math.sqrt(total)]
