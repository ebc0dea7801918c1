# counts the boundaries for every value: O(len(values) x len(boundaries))
def bucketize(values, boundaries):
    return [sum(1 for b in boundaries if b <= v) for v in values]
