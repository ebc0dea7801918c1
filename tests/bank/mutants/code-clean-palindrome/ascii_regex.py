# strips everything outside [a-z0-9] with a regex: accented letters such as "é" are dropped
import re

def is_clean_palindrome(s):
    t = re.sub(r"[^a-z0-9]", "", s.lower())
    return t == t[::-1]
