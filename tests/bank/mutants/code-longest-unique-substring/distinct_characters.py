# counts the distinct characters of the whole string, not of one contiguous window
def longest_unique_substring(s):
    return len(set(s))
