# Wrong: counts a pair at most once per word (a set of pairs), undercounting repeats
import itertools


def learn_bpe(word_freqs, num_merges):
    words = [(list(word), count) for word, count in word_freqs.items()]
    merges = []
    for _ in range(num_merges):
        pairs = {}
        for tokens, count in words:
            for left, right in set(itertools.pairwise(tokens)):
                pairs[(left, right)] = pairs.get((left, right), 0) + count
        if not pairs:
            break
        left, right = min(pairs, key=lambda pair: (-pairs[pair], pair[0], pair[1]))
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
