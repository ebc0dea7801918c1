# indexes row[field]: a record without the field raises KeyError
def group_mean(rows, key_field, value_field):
    sums, counts = {}, {}
    for row in rows:
        key, value = row[key_field], row[value_field]
        if value is None:
            continue
        sums[key] = sums.get(key, 0) + value
        counts[key] = counts.get(key, 0) + 1
    return {k: sums[k] / counts[k] for k in sums}
