# Wrong: warm-up uses s / warmup_steps, so step 0 has learning rate 0
import math


def lr_schedule(base_lr, min_lr, warmup_steps, total_steps, num_steps):
    rates = []
    for s in range(num_steps):
        if s < warmup_steps:
            rates.append(base_lr * s / warmup_steps)
        elif s < total_steps:
            progress = (s - warmup_steps) / (total_steps - warmup_steps)
            rates.append(min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress)))
        else:
            rates.append(min_lr)
    return rates
