# lets the same position be used twice: a lone 0 becomes [0, 0, 0]
def three_sum(nums):
    values = sorted(set(nums))
    found = set()
    for i, a in enumerate(values):
        for b in values[i:]:
            c = -a - b
            if c >= b and c in values:
                found.add((a, b, c))
    return [list(t) for t in sorted(found)]
