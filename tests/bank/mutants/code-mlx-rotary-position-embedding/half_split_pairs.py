# Wrong: pairs dimension i with i + d/2 (the other convention) instead of interleaved pairs
import math


def apply_rope(x, positions, base):
    out = []
    for row, pos in zip(x, positions, strict=False):
        d = len(row)
        h = d // 2
        rotated = [0.0] * d
        for i in range(h):
            theta = pos * base ** (-2 * i / d)
            c, s = math.cos(theta), math.sin(theta)
            a, b = row[i], row[i + h]
            rotated[i] = a * c - b * s
            rotated[i + h] = a * s + b * c
        out.append(rotated)
    return out
