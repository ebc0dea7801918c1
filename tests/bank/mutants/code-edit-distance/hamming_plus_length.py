# position-by-position mismatches plus the length difference: ignores shifted alignments
def edit_distance(a, b):
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))
