# hashes salt + id without the ':' separator
import hashlib


def assign_split(ids, test_fraction, salt):
    out = []
    for item in ids:
        digest = hashlib.sha256(f"{salt}{item}".encode()).hexdigest()
        out.append("test" if int(digest[:8], 16) / 2**32 < test_fraction else "train")
    return out
