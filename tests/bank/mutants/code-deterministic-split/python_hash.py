# uses Python's hash(), which is salted per process: not reproducible across runs
def assign_split(ids, test_fraction, salt):
    return ["test" if (hash(f"{salt}:{item}") % 2**32) / 2**32 < test_fraction else "train" for item in ids]
