# scans forward from every day: O(n^2) on a cooling trend
def days_until_warmer(temps):
    out = [0] * len(temps)
    for i, t in enumerate(temps):
        for j in range(i + 1, len(temps)):
            if temps[j] > t:
                out[i] = j - i
                break
    return out
