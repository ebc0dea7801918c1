# stores a last-used time per key and scans for the minimum on eviction: O(capacity) per eviction
def lru_simulate(capacity, ops):
    value, used = {}, {}
    out = []
    for t, op in enumerate(ops):
        if op[0] == "get":
            if op[1] in value:
                used[op[1]] = t
                out.append(value[op[1]])
            else:
                out.append(-1)
        else:
            _, key, v = op
            value[key] = v
            used[key] = t
            if len(value) > capacity:
                old = min(used, key=used.get)
                del value[old], used[old]
    return out
