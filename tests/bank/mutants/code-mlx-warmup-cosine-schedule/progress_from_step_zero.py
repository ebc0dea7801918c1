# Wrong: measures cosine progress from step 0 instead of from the end of warm-up
import math


def lr_schedule(base_lr, min_lr, warmup_steps, total_steps, num_steps):
    rates = []
    for s in range(num_steps):
        if s < warmup_steps:
            rates.append(base_lr * (s + 1) / warmup_steps)
        elif s < total_steps:
            progress = s / total_steps
            rates.append(min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress)))
        else:
            rates.append(min_lr)
    return rates
