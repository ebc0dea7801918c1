# for even k returns the upper middle value instead of the mean of the two middle values
import bisect


def moving_median(nums, k):
    if k > len(nums):
        return []
    window = sorted(nums[:k])
    out = [float(window[k // 2])]
    for i in range(k, len(nums)):
        del window[bisect.bisect_left(window, nums[i - k])]
        bisect.insort(window, nums[i])
        out.append(float(window[k // 2]))
    return out
