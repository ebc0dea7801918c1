# Wrong: never adds the output channel's bias
def conv2d(image, kernels, bias, stride):
    c_in, h, w = len(image), len(image[0]), len(image[0][0])
    kh, kw = len(kernels[0][0]), len(kernels[0][0][0])
    ho = (h - kh) // stride + 1 if h >= kh else 0
    wo = (w - kw) // stride + 1 if w >= kw else 0
    out = []
    for o in range(len(kernels)):
        plane = []
        for i in range(ho):
            row = []
            for j in range(wo):
                total = 0.0
                for c in range(c_in):
                    for a in range(kh):
                        for b in range(kw):
                            total += image[c][i * stride + a][j * stride + b] * kernels[o][c][a][b]
                row.append(total)
            plane.append(row)
        out.append(plane)
    return out
