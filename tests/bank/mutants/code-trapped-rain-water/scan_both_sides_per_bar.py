# finds the highest bar on each side of every bar with max(): O(n^2)
def trapped_water(heights):
    water = 0
    for i, h in enumerate(heights):
        water += min(max(heights[:i + 1]), max(heights[i:])) - h
    return water
