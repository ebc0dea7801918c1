# a deque of values that also pops equal values: expiring by value then removes a newer duplicate
from collections import deque

def sliding_window_max(nums, k):
    dq = deque()
    out = []
    for i, x in enumerate(nums):
        while dq and dq[-1] <= x:
            dq.pop()
        dq.append(x)
        if i >= k and dq and dq[0] == nums[i - k]:
            dq.popleft()
        if i >= k - 1:
            out.append(dq[0])
    return out
