# Wrong: rotates the wrong way (sin signs swapped)
import math


def apply_rope(x, positions, base):
    out = []
    for row, pos in zip(x, positions, strict=False):
        d = len(row)
        rotated = [0.0] * d
        for i in range(d // 2):
            theta = pos * base ** (-2 * i / d)
            c, s = math.cos(theta), math.sin(theta)
            a, b = row[2 * i], row[2 * i + 1]
            rotated[2 * i] = a * c + b * s
            rotated[2 * i + 1] = -a * s + b * c
        out.append(rotated)
    return out
