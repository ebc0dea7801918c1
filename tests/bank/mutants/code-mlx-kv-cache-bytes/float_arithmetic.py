# Wrong: computes in floats with math.ceil, losing precision above 2**53
import math


def kv_cache_bytes(num_layers, num_heads, num_kv_heads, head_dim, bits, block_size, window, seq_lens):
    total = 0.0
    for length in seq_lens:
        cached = min(length, window) if window > 0 else length
        total += math.ceil(cached / block_size) * block_size * 2 * num_layers * num_kv_heads * head_dim * bits / 8
    return math.ceil(total)
