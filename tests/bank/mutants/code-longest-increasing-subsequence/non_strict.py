# bisect_right lets equal values extend the run: counts non-decreasing subsequences
import bisect


def lis_length(nums):
    tails = []
    for x in nums:
        i = bisect.bisect_right(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)
