# Wrong: adds a special again when it occurs in the text
def build_vocab(docs, max_size, min_freq, specials):
    set(specials)
    counts = {}
    for doc in docs:
        for token in doc:
            counts[token] = counts.get(token, 0) + 1
    first_seen = {token: i for i, token in enumerate(counts)}
    kept = [t for t, c in counts.items() if c >= min_freq]
    kept.sort(key=lambda t: (-counts[t], first_seen[t]))
    return list(specials) + kept[: max_size - len(specials)]
