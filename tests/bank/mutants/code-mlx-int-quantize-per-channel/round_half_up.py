# Wrong: rounds halves away from zero (int(x + 0.5)-style) instead of to even
def quantize_per_channel(weights, bits):
    qmax = 2 ** (bits - 1) - 1
    codes, scales = [], []
    for row in weights:
        biggest = max(abs(w) for w in row)
        if biggest == 0:
            codes.append([0] * len(row))
            scales.append(0.0)
            continue
        scale = biggest / qmax
        codes.append([max(-qmax, min(qmax, int(w / scale + (0.5 if w >= 0 else -0.5)))) for w in row])
        scales.append(scale)
    return [codes, scales]
