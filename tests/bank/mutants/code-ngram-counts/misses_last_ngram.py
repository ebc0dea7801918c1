# range(len(tokens) - n) stops one short: the last n-gram is never counted
def ngram_counts(tokens, n):
    counts = {}
    for i in range(len(tokens) - n):
        key = " ".join(tokens[i:i + n])
        counts[key] = counts.get(key, 0) + 1
    return counts
