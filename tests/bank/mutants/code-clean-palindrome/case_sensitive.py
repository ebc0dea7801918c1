# compares without lower-casing: "No 'x' in Nixon" fails
def is_clean_palindrome(s):
    kept = [ch for ch in s if ch.isalnum()]
    return kept == kept[::-1]
