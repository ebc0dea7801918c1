# Wrong: keeps applying the cosine after total_steps, so the rate rises again
import math


def lr_schedule(base_lr, min_lr, warmup_steps, total_steps, num_steps):
    rates = []
    for s in range(num_steps):
        if s < warmup_steps:
            rates.append(base_lr * (s + 1) / warmup_steps)
        else:
            progress = (s - warmup_steps) / max(1, total_steps - warmup_steps)
            rates.append(min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress)))
    return rates
