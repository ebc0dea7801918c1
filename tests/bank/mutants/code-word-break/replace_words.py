# deletes every vocabulary word from the text and checks that nothing is left
def can_segment(text, vocab):
    for w in vocab:
        if w:
            text = text.replace(w, "")
    return text == ""
