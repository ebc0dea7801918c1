# 0/1 knapsack order (amount loop downwards): each denomination used at most once
def min_coins(coins, amount):
    inf = amount + 1
    best = [0] + [inf] * amount
    for c in coins:
        for x in range(amount, c - 1, -1):
            best[x] = min(best[x], best[x - c] + 1)
    return best[amount] if best[amount] < inf else -1
