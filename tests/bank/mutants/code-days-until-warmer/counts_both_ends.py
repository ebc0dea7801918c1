# counts the days inclusively (i - j + 1)
def days_until_warmer(temps):
    out = [0] * len(temps)
    stack = []
    for i, t in enumerate(temps):
        while stack and t > temps[stack[-1]]:
            j = stack.pop()
            out[j] = i - j + 1
        stack.append(i)
    return out
