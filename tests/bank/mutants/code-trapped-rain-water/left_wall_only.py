# uses only the highest bar to the left: water "held" past the last peak is counted
def trapped_water(heights):
    water = best = 0
    for h in heights:
        best = max(best, h)
        water += best - h
    return water
