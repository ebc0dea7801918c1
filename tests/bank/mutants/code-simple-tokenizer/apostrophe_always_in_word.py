# treats every apostrophe as part of a word, even leading, trailing or doubled ones
PUNCT = set(".,!?;:")

def tokenize(text):
    tokens, word = [], ""
    for ch in text.lower():
        if ch.isalnum() or ch == "'":
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        if ch in PUNCT:
            tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens
