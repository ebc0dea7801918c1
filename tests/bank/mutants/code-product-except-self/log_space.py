# sums logarithms instead of multiplying: exact for small products, wrong once a product passes 2**53
import math


def product_except_self(nums):
    zero_count = sum(1 for v in nums if v == 0)
    log_sum = sum(math.log(abs(v)) for v in nums if v != 0)
    negative = sum(1 for v in nums if v < 0)
    result = []
    for v in nums:
        if zero_count - (v == 0) > 0:
            result.append(0)
            continue
        rest = log_sum - (math.log(abs(v)) if v else 0.0)
        sign = -1 if (negative - (v < 0)) % 2 else 1
        result.append(sign * int(round(math.exp(rest))))
    return result
