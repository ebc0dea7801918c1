# takes the first bucket's lower edge to be its upper edge (instead of 0)
def histogram_quantile(bounds, counts, q):
    rank = q * sum(counts)
    seen = 0
    lower = float(bounds[0])
    for upper, count in zip(bounds, counts):
        if count and seen + count >= rank:
            return lower + (upper - lower) * (rank - seen) / count
        seen += count
        lower = upper
    return float(bounds[-1])
