# bisect_left counts boundaries strictly below the value: a value on a boundary lands one bucket low
import bisect


def bucketize(values, boundaries):
    return [bisect.bisect_left(boundaries, v) for v in values]
