# Counter.most_common breaks ties by first appearance, not alphabetically
from collections import Counter


def top_k_frequent(tokens, k):
    return [t for t, _ in Counter(tokens).most_common(k)]
