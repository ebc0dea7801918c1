# Wrong: caches the whole sequence even with a sliding window
def kv_cache_bytes(num_layers, num_heads, num_kv_heads, head_dim, bits, block_size, window, seq_lens):
    values_per_slot = 2 * num_layers * num_kv_heads * head_dim
    slots = 0
    for length in seq_lens:
        cached = length
        slots += (cached + block_size - 1) // block_size * block_size
    total_bits = slots * values_per_slot * bits
    return (total_bits + 7) // 8
