# Wrong: drops the 0.5 so the cosine starts at twice the gap above min_lr
import math


def lr_schedule(base_lr, min_lr, warmup_steps, total_steps, num_steps):
    rates = []
    for s in range(num_steps):
        if s < warmup_steps:
            rates.append(base_lr * (s + 1) / warmup_steps)
        elif s < total_steps:
            progress = (s - warmup_steps) / (total_steps - warmup_steps)
            rates.append(min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * progress)))
        else:
            rates.append(min_lr)
    return rates
