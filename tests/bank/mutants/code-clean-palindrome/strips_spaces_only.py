# removes spaces but keeps punctuation
def is_clean_palindrome(s):
    kept = s.replace(" ", "").lower()
    return kept == kept[::-1]
