# the punctuation set misses ':' so colons are dropped instead of kept as tokens
def tokenize(text):
    text = text.lower()
    out, word = [], []
    for i, ch in enumerate(text):
        if ch.isalnum() or (ch == "'" and word and i + 1 < len(text) and text[i + 1].isalnum()):
            word.append(ch)
            continue
        if word:
            out.append("".join(word))
            word = []
        if ch in ".,!?;":
            out.append(ch)
    if word:
        out.append("".join(word))
    return out
