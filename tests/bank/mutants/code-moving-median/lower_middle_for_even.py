# for even k returns the lower of the two middle values instead of their mean
import bisect

def moving_median(nums, k):
    if k > len(nums):
        return []
    window = sorted(nums[:k])
    out = [float(window[(k - 1) // 2])]
    for i in range(k, len(nums)):
        del window[bisect.bisect_left(window, nums[i - k])]
        bisect.insort(window, nums[i])
        out.append(float(window[(k - 1) // 2]))
    return out
