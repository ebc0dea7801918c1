# merges through a set: duplicates across shards disappear
def merge_sorted(lists):
    return sorted({x for lst in lists for x in lst})
