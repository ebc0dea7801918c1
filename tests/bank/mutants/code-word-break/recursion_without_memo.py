# tries every split recursively without remembering failures: exponential on "aaaa...b"
def can_segment(text, vocab):
    if text == "":
        return True
    return any(text.startswith(w) and w and can_segment(text[len(w):], vocab) for w in vocab)
