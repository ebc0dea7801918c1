# takes the largest coin that fits, repeatedly: not optimal for coins like [1, 3, 4]
def min_coins(coins, amount):
    count = 0
    for c in sorted(set(coins), reverse=True):
        take = amount // c
        count += take
        amount -= take * c
    return count if amount == 0 else -1
