# floor-divides the two middle values: 1.5 becomes 1
import bisect


def moving_median(nums, k):
    if k > len(nums):
        return []
    window = sorted(nums[:k])

    def median():
        return window[k // 2] if k % 2 else (window[k // 2 - 1] + window[k // 2]) // 2

    out = [median()]
    for i in range(k, len(nums)):
        del window[bisect.bisect_left(window, nums[i - k])]
        bisect.insort(window, nums[i])
        out.append(median())
    return out
