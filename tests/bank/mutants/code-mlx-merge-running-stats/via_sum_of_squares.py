# Wrong: rebuilds sums of squares, which cancels catastrophically for large means
def merge_stats(shards):
    count, total, squares = 0, 0.0, 0.0
    for n_b, mean_b, m2_b in shards:
        count += n_b
        total += n_b * mean_b
        squares += m2_b + n_b * mean_b * mean_b
    if count == 0:
        return [0, 0.0, 0.0]
    mean = total / count
    m2 = squares - count * mean * mean
    return [count, mean, m2 / (count - 1) if count >= 2 else 0.0]
