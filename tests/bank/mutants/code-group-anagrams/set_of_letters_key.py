# keys groups by the set of letters: "aab" and "abb" wrongly group together
def group_anagrams(words):
    groups = {}
    for w in words:
        groups.setdefault(frozenset(w), []).append(w)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
