# finds the smallest head by scanning all k lists at every step: O(N k)
def merge_sorted(lists):
    pos = [0] * len(lists)
    out = []
    while True:
        best = -1
        for i, lst in enumerate(lists):
            if pos[i] < len(lst) and (best < 0 or lst[pos[i]] < lists[best][pos[best]]):
                best = i
        if best < 0:
            return out
        out.append(lists[best][pos[best]])
        pos[best] += 1
