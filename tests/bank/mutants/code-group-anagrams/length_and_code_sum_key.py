# keys groups by (length, sum of character codes): "ad" and "bc" collide
from collections import defaultdict

def group_anagrams(words):
    groups = defaultdict(list)
    for word in words:
        groups[(len(word), sum(map(ord, word)))].append(word)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
