# removes nums[i - k + 1] (the second-oldest value) instead of the one leaving the window
import bisect

def moving_median(nums, k):
    if k > len(nums):
        return []
    window = sorted(nums[:k])

    def median():
        m = k // 2
        return float(window[m]) if k % 2 else (window[m - 1] + window[m]) / 2

    out = [median()]
    for i in range(k, len(nums)):
        j = bisect.bisect_left(window, nums[i - k + 1])
        if j < len(window) and window[j] == nums[i - k + 1]:
            del window[j]
        else:
            window.pop()
        bisect.insort(window, nums[i])
        out.append(median())
    return out
