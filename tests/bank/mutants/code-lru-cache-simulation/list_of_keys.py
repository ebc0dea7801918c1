# keeps recency in a Python list: remove() and index lookups are O(capacity) per operation
def lru_simulate(capacity, ops):
    order, values, out = [], {}, []
    for op in ops:
        key = op[1]
        if op[0] == "get":
            if key in values:
                order.remove(key)
                order.append(key)
                out.append(values[key])
            else:
                out.append(-1)
        else:
            if key in values:
                order.remove(key)
            order.append(key)
            values[key] = op[2]
            if len(order) > capacity:
                del values[order.pop(0)]
    return out
