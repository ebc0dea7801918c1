# returns False for the empty string, which the prompt counts as segmentable
def can_segment(text, vocab):
    if not text:
        return False
    words = set(vocab)
    ok = [True] + [False] * len(text)
    for i in range(1, len(text) + 1):
        ok[i] = any(ok[j] and text[j:i] in words for j in range(i))
    return ok[-1]
