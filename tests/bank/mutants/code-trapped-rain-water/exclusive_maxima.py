# uses the highest bar strictly left and right of each bar without clamping at 0: peaks subtract water
def trapped_water(heights):
    n = len(heights)
    total = 0
    left = [0] * n
    right = [0] * n
    for i in range(1, n):
        left[i] = max(left[i - 1], heights[i - 1])
    for i in range(n - 2, -1, -1):
        right[i] = max(right[i + 1], heights[i + 1])
    for i in range(n):
        total += min(left[i], right[i]) - heights[i]
    return total
