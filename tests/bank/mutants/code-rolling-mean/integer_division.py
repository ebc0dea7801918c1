# floor-divides the window total: 1.5 becomes 1
def rolling_mean(xs, window):
    if window > len(xs):
        return []
    total = sum(xs[:window])
    means = [total // window]
    for i in range(window, len(xs)):
        total += xs[i] - xs[i - window]
        means.append(total // window)
    return means
