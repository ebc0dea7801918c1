# drops the front index only when it is more than k behind: the window holds k + 1 values
from collections import deque


def sliding_window_max(nums, k):
    dq, out = deque(), []
    for i, x in enumerate(nums):
        while dq and nums[dq[-1]] <= x:
            dq.pop()
        dq.append(i)
        if dq[0] < i - k:
            dq.popleft()
        if i >= k - 1:
            out.append(nums[dq[0]])
    return out
