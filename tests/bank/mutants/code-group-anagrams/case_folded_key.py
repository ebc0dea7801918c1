# lower-cases before sorting the letters: "Tea" and "eat" land in one group although case matters
from collections import defaultdict

def group_anagrams(words):
    groups = defaultdict(list)
    for word in words:
        groups["".join(sorted(word.lower()))].append(word)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
