# steps n tokens at a time: overlapping n-grams are skipped
def ngram_counts(tokens, n):
    counts = {}
    for i in range(0, len(tokens) - n + 1, n):
        key = " ".join(tokens[i:i + n])
        counts[key] = counts.get(key, 0) + 1
    return counts
