# an O(1) LFU cache: evicts the least FREQUENTLY used key (ties: the oldest), not the least recently used
from collections import OrderedDict, defaultdict


def lru_simulate(capacity, ops):
    values, uses, out = {}, {}, []
    by_uses = defaultdict(OrderedDict)
    lowest = 0

    def bump(key):
        nonlocal lowest
        n = uses[key]
        del by_uses[n][key]
        if not by_uses[n]:
            del by_uses[n]
            if lowest == n:
                lowest = n + 1
        uses[key] = n + 1
        by_uses[n + 1][key] = True

    for op in ops:
        key = op[1]
        if op[0] == "get":
            if key in values:
                bump(key)
                out.append(values[key])
            else:
                out.append(-1)
        elif key in values:
            values[key] = op[2]
            bump(key)
        else:
            if len(values) >= capacity:
                victim, _ = by_uses[lowest].popitem(last=False)
                if not by_uses[lowest]:
                    del by_uses[lowest]
                del values[victim], uses[victim]
            values[key] = op[2]
            uses[key] = 1
            by_uses[1][key] = True
            lowest = 1
    return out
