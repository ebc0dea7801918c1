# floor-divides the sum by the count: 1.5 becomes 1
def group_mean(rows, key_field, value_field):
    sums, counts = {}, {}
    for row in rows:
        key, value = row.get(key_field), row.get(value_field)
        if key is None or value is None:
            continue
        sums[key] = sums.get(key, 0) + value
        counts[key] = counts.get(key, 0) + 1
    return {k: sums[k] // counts[k] for k in sums}
