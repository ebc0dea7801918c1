# always takes the longest vocabulary word that matches next: no backtracking
def can_segment(text, vocab):
    words = sorted(set(vocab), key=len, reverse=True)
    i = 0
    while i < len(text):
        for w in words:
            if w and text.startswith(w, i):
                i += len(w)
                break
        else:
            return False
    return True
