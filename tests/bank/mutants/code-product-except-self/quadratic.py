# multiplies all the other elements for every position: O(n^2)
def product_except_self(nums):
    result = []
    for i in range(len(nums)):
        p = 1
        for j, x in enumerate(nums):
            if j != i:
                p *= x
        result.append(p)
    return result
