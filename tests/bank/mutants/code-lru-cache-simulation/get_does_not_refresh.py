# a get does not mark the key as recently used
from collections import OrderedDict


def lru_simulate(capacity, ops):
    cache, out = OrderedDict(), []
    for op in ops:
        if op[0] == "get":
            out.append(cache.get(op[1], -1))
        else:
            cache[op[1]] = op[2]
            cache.move_to_end(op[1])
            if len(cache) > capacity:
                cache.popitem(last=False)
    return out
