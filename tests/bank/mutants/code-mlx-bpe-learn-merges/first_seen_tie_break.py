# Wrong: breaks count ties by first occurrence (dict order) instead of smallest pair
import itertools


def learn_bpe(word_freqs, num_merges):
    words = [(list(word), count) for word, count in word_freqs.items()]
    merges = []
    for _ in range(num_merges):
        pairs = {}
        for tokens, count in words:
            for left, right in itertools.pairwise(tokens):
                pairs[(left, right)] = pairs.get((left, right), 0) + count
        if not pairs:
            break
        left, right = max(pairs, key=lambda pair: pairs[pair])
        merges.append([left, right])
        merged = []
        for tokens, count in words:
            out, i = [], 0
            while i < len(tokens):
                if i + 1 < len(tokens) and tokens[i] == left and tokens[i + 1] == right:
                    out.append(left + right)
                    i += 2
                else:
                    out.append(tokens[i])
                    i += 1
            merged.append((out, count))
        words = merged
    return merges
