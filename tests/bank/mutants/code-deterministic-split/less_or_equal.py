# u <= test_fraction: an id whose u equals the fraction goes to test
import hashlib

def assign_split(ids, test_fraction, salt):
    out = []
    for item in ids:
        u = int(hashlib.sha256(f"{salt}:{item}".encode()).hexdigest()[:8], 16) / 2**32
        out.append("test" if u <= test_fraction else "train")
    return out
