# skips rows whose key is falsy: the key "" (or 0) is a real group
def group_mean(rows, key_field, value_field):
    sums, counts = {}, {}
    for row in rows:
        key, value = row.get(key_field), row.get(value_field)
        if not key or value is None:
            continue
        sums[key] = sums.get(key, 0) + value
        counts[key] = counts.get(key, 0) + 1
    return {k: sums[k] / counts[k] for k in sums}
