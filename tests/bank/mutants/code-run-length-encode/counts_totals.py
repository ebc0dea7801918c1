# counts each character over the whole string: separate runs of a character merge
from collections import Counter


def run_length_encode(s):
    return [[ch, n] for ch, n in Counter(s).items()]
