# Wrong: uses 2^(bits-1) (128 for int8) as qmax
def quantize_per_channel(weights, bits):
    qmax = 2 ** (bits - 1)
    codes, scales = [], []
    for row in weights:
        biggest = max(abs(w) for w in row)
        if biggest == 0:
            codes.append([0] * len(row))
            scales.append(0.0)
            continue
        scale = biggest / qmax
        codes.append([max(-qmax, min(qmax, round(w / scale))) for w in row])
        scales.append(scale)
    return [codes, scales]
