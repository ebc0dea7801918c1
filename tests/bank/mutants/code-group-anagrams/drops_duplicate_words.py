# collects each group in a set: a repeated word appears once
def group_anagrams(words):
    groups = {}
    for w in words:
        groups.setdefault("".join(sorted(w)), set()).add(w)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
