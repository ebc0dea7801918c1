# chains the lists together and forgets that the result must be sorted
def merge_sorted(lists):
    return [x for lst in lists for x in lst]
