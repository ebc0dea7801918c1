# forgets to lower-case the text
PUNCT = set(".,!?;:")

def tokenize(text):
    tokens, word = [], []
    for i, ch in enumerate(text):
        if ch.isalnum() or (ch == "'" and word and i + 1 < len(text) and text[i + 1].isalnum()):
            word.append(ch)
            continue
        if word:
            tokens.append("".join(word))
            word = []
        if ch in PUNCT:
            tokens.append(ch)
    if word:
        tokens.append("".join(word))
    return tokens
