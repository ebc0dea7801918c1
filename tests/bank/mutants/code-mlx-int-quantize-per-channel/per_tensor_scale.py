# Wrong: uses one scale for the whole matrix
def quantize_per_channel(weights, bits):
    qmax = 2 ** (bits - 1) - 1
    codes, scales = [], []
    for row in weights:
        biggest = max(abs(w) for r in weights for w in r)
        if biggest == 0:
            codes.append([0] * len(row))
            scales.append(0.0)
            continue
        scale = biggest / qmax
        codes.append([max(-qmax, min(qmax, round(w / scale))) for w in row])
        scales.append(scale)
    return [codes, scales]
