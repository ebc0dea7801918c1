# removes repeated boundaries first: a repeat should still count twice
import bisect


def bucketize(values, boundaries):
    unique = sorted(set(boundaries))
    return [bisect.bisect_right(unique, v) for v in values]
