# plain recursion over every coin: exponential time (and deep recursion) for larger amounts
def min_coins(coins, amount):
    if amount == 0:
        return 0
    best = -1
    for c in coins:
        if c <= amount:
            sub = min_coins(coins, amount - c)
            if sub >= 0 and (best < 0 or sub + 1 < best):
                best = sub + 1
    return best
