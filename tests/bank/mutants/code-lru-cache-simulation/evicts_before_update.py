# evicts when full before every put, even when the put only updates a key already cached
from collections import OrderedDict

def lru_simulate(capacity, ops):
    cache = OrderedDict()
    out = []
    for op in ops:
        if op[0] == "get":
            if op[1] in cache:
                cache.move_to_end(op[1])
                out.append(cache[op[1]])
            else:
                out.append(-1)
        else:
            _, key, value = op
            if len(cache) >= capacity:
                cache.popitem(last=False)
            cache[key] = value
            cache.move_to_end(key)
    return out
