# sorts the groups by their sorted-letter key instead of by their first word
from collections import defaultdict

def group_anagrams(words):
    groups = defaultdict(list)
    for word in words:
        groups["".join(sorted(word))].append(word)
    return [sorted(groups[key]) for key in sorted(groups)]
