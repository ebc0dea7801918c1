# keeps letters only (isalpha): digits are dropped, so "0P" passes
def is_clean_palindrome(s):
    kept = [ch.lower() for ch in s if ch.isalpha()]
    return kept == kept[::-1]
