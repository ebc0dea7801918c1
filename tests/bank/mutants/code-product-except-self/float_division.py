# divides the total product by each element (handling zeros): returns floats such as 24.0
def product_except_self(nums):
    zeros = nums.count(0)
    total = 1
    for x in nums:
        if x != 0:
            total *= x
    if zeros > 1:
        return [0] * len(nums)
    if zeros == 1:
        return [0 if x != 0 else total for x in nums]
    return [total / x for x in nums]
