# takes the first 8 bytes (16 hex digits) over 2**64 instead of the first 8 hex digits over 2**32
import hashlib

def assign_split(ids, test_fraction, salt):
    out = []
    for item in ids:
        u = int(hashlib.sha256(f"{salt}:{item}".encode()).hexdigest()[:16], 16) / 2**64
        out.append("test" if u < test_fraction else "train")
    return out
