# returns the upper edge of the bucket instead of interpolating inside it
def histogram_quantile(bounds, counts, q):
    rank = q * sum(counts)
    seen = 0
    for upper, count in zip(bounds, counts):
        if count and seen + count >= rank:
            return float(upper)
        seen += count
    return float(bounds[-1])
