# counts case-insensitively: "a" and "A" are different characters
from collections import Counter


def first_unique_index(s):
    counts = Counter(s.lower())
    for i, ch in enumerate(s.lower()):
        if counts[ch] == 1:
            return i
    return -1
