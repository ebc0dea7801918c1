# lower-cases the tokens: "A" and "a" are different tokens
from collections import Counter


def top_k_frequent(tokens, k):
    counts = Counter(t.lower() for t in tokens)
    return sorted(counts, key=lambda t: (-counts[t], t))[:k]
