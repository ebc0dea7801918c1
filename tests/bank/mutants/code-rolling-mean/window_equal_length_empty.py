# returns nothing unless the series is strictly longer than the window: a window the size of the series gives []
def rolling_mean(xs, window):
    if window >= len(xs):
        return []
    total = sum(xs[:window])
    means = [total / window]
    for i in range(window, len(xs)):
        total += xs[i] - xs[i - window]
        means.append(total / window)
    return means
