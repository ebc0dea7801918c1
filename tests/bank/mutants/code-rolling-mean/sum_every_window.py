# re-sums every window from scratch: O(n x window)
def rolling_mean(xs, window):
    return [sum(xs[i:i + window]) / window for i in range(len(xs) - window + 1)]
