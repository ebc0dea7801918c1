# walks the cumulative weights for every draw: O(n) per draw
def weighted_pick(weights, draws):
    total = sum(weights)
    out = []
    for u in draws:
        running = 0
        for i, w in enumerate(weights):
            running += w
            if u * total < running:
                out.append(i)
                break
    return out
