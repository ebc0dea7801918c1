# Wrong: counts each word's pairs once, ignoring how often the word occurs
import itertools


def learn_bpe(word_freqs, num_merges):
    words = [(list(word), count) for word, count in word_freqs.items()]
    merges = []
    for _ in range(num_merges):
        pairs = {}
        for tokens, _count in words:
            for left, right in itertools.pairwise(tokens):
                pairs[(left, right)] = pairs.get((left, right), 0) + 1
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
