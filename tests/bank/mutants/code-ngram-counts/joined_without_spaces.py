# joins the tokens with no separator: "the cat" becomes "thecat"
def ngram_counts(tokens, n):
    counts = {}
    for i in range(len(tokens) - n + 1):
        key = "".join(tokens[i:i + n])
        counts[key] = counts.get(key, 0) + 1
    return counts
