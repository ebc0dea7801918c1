# Wrong: computes the frequency from the dimension index 2i+1 / 2i, giving each element its own angle
import math


def apply_rope(x, positions, base):
    out = []
    for row, pos in zip(x, positions, strict=False):
        d = len(row)
        rotated = [0.0] * d
        for i in range(d // 2):
            t0 = pos * base ** (-(2 * i) / d)
            t1 = pos * base ** (-(2 * i + 1) / d)
            a, b = row[2 * i], row[2 * i + 1]
            rotated[2 * i] = a * math.cos(t0) - b * math.sin(t0)
            rotated[2 * i + 1] = a * math.sin(t1) + b * math.cos(t1)
        out.append(rotated)
    return out
