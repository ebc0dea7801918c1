# updating an existing key keeps its old position (assignment does not move it in an OrderedDict)
from collections import OrderedDict


def lru_simulate(capacity, ops):
    cache, out = OrderedDict(), []
    for op in ops:
        if op[0] == "get":
            if op[1] in cache:
                cache.move_to_end(op[1])
                out.append(cache[op[1]])
            else:
                out.append(-1)
        else:
            cache[op[1]] = op[2]
            if len(cache) > capacity:
                cache.popitem(last=False)
    return out
