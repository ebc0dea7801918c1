# Wrong: divides by a zero scale for an all-zero row
def quantize_per_channel(weights, bits):
    qmax = 2 ** (bits - 1) - 1
    codes, scales = [], []
    for row in weights:
        biggest = max(abs(w) for w in row)
        scale = biggest / qmax
        codes.append([max(-qmax, min(qmax, round(w / scale))) for w in row])
        scales.append(scale)
    return [codes, scales]
