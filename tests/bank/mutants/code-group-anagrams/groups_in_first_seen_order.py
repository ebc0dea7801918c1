# sorts inside groups but leaves the groups in first-seen order
def group_anagrams(words):
    groups = {}
    for w in words:
        groups.setdefault("".join(sorted(w)), []).append(w)
    return [sorted(g) for g in groups.values()]
