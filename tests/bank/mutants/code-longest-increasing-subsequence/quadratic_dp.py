# the O(n^2) dynamic program: correct, but too slow for the large hidden input
def lis_length(nums):
    best = [1] * len(nums)
    for i in range(len(nums)):
        for j in range(i):
            if nums[j] < nums[i] and best[j] + 1 > best[i]:
                best[i] = best[j] + 1
    return max(best, default=0)
