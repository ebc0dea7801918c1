# shortcut for q = 1 that returns the last bound even when the last buckets are empty
def histogram_quantile(bounds, counts, q):
    if q >= 1:
        return float(bounds[-1])
    rank = q * sum(counts)
    seen = 0
    lower = 0.0
    for upper, count in zip(bounds, counts):
        if count and seen + count >= rank:
            return lower + (upper - lower) * (rank - seen) / count
        seen += count
        lower = upper
    return float(bounds[-1])
