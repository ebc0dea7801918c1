# Wrong: rounds (H - K) / stride up instead of down, reading past the image edge
def conv2d(image, kernels, bias, stride):
    height, width = len(image[0]), len(image[0][0])
    kh, kw = len(kernels[0][0]), len(kernels[0][0][0])
    h_out = max(0, -(-(height - kh) // stride) + 1)
    w_out = max(0, -(-(width - kw) // stride) + 1)
    out = []
    for o, kernel in enumerate(kernels):
        rows = []
        for i in range(h_out):
            row = []
            for j in range(w_out):
                total = bias[o]
                for c, plane in enumerate(image):
                    for a in range(kh):
                        for b in range(kw):
                            total += plane[i * stride + a][j * stride + b] * kernel[c][a][b]
                row.append(total)
            rows.append(row)
        out.append(rows)
    return out
