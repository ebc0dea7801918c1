# Wrong: applies a merge scanning from the right, so 'a a a' becomes 'a aa'
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
        left, right = min(pairs, key=lambda pair: (-pairs[pair], pair[0], pair[1]))
        merges.append([left, right])
        merged = []
        for tokens, count in words:
            out, i = [], len(tokens) - 1
            while i >= 0:
                if i > 0 and tokens[i - 1] == left and tokens[i] == right:
                    out.append(left + right)
                    i -= 2
                else:
                    out.append(tokens[i])
                    i -= 1
            merged.append((out[::-1], count))
        words = merged
    return merges
