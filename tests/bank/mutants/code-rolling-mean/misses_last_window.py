# loops to len(xs) - window: the last full window is dropped
def rolling_mean(xs, window):
    return [sum(xs[i:i + window]) / window for i in range(len(xs) - window)]
