# Wrong: keeps tokens with count strictly above min_freq
def build_vocab(docs, max_size, min_freq, specials):
    special_set = set(specials)
    counts = {}
    for doc in docs:
        for token in doc:
            if token not in special_set:
                counts[token] = counts.get(token, 0) + 1
    first_seen = {token: i for i, token in enumerate(counts)}
    kept = [t for t, c in counts.items() if c > min_freq]
    kept.sort(key=lambda t: (-counts[t], first_seen[t]))
    return list(specials) + kept[: max_size - len(specials)]
