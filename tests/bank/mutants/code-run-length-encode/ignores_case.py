# lower-cases first: "a" and "A" join one run
def run_length_encode(s):
    out = []
    for ch in s.lower():
        if out and out[-1][0] == ch:
            out[-1][1] += 1
        else:
            out.append([ch, 1])
    return out
