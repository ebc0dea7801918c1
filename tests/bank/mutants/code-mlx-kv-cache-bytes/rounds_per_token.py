# Wrong: rounds up to whole bytes for every token instead of once at the end
def kv_cache_bytes(num_layers, num_heads, num_kv_heads, head_dim, bits, block_size, window, seq_lens):
    values_per_slot = 2 * num_layers * num_kv_heads * head_dim
    slots = 0
    for length in seq_lens:
        cached = min(length, window) if window > 0 else length
        slots += (cached + block_size - 1) // block_size * block_size
    return slots * ((values_per_slot * bits + 7) // 8)
