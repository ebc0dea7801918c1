# sorts by (count, token) with reverse=True: ties come out in reverse alphabetical order
from collections import Counter


def top_k_frequent(tokens, k):
    counts = Counter(tokens)
    return sorted(counts, key=lambda t: (counts[t], t), reverse=True)[:k]
