# \w+ keeps underscores inside words and drops the punctuation tokens
import re


def tokenize(text):
    return re.findall(r"\w+", text.lower())
