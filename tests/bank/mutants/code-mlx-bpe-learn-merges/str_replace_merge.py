# Wrong: applies the merge with str.replace on space-joined tokens, gluing across token boundaries
import itertools


def learn_bpe(word_freqs, num_merges):
    words = {" ".join(word): count for word, count in word_freqs.items()}
    merges = []
    for _ in range(num_merges):
        pairs = {}
        for text, count in words.items():
            tokens = text.split(" ")
            for left, right in itertools.pairwise(tokens):
                pairs[(left, right)] = pairs.get((left, right), 0) + count
        if not pairs:
            break
        left, right = min(pairs, key=lambda pair: (-pairs[pair], pair[0], pair[1]))
        merges.append([left, right])
        words = {text.replace(left + " " + right, left + right): count for text, count in words.items()}
    return merges
