# Wrong: computes the m2 correction after updating the mean, shrinking it
def merge_stats(shards):
    count, mean, m2 = 0, 0.0, 0.0
    for n_b, mean_b, m2_b in shards:
        if n_b == 0:
            continue
        total = count + n_b
        delta = mean_b - mean
        mean += delta * n_b / total
        delta = mean_b - mean
        m2 += m2_b + delta * delta * count * n_b / total
        count = total
    variance = m2 / (count - 1) if count >= 2 else 0.0
    return [count, mean, variance]
