# Wrong: each live hypothesis keeps only its own best continuation instead of a joint top-B
def beam_search(table, beam_width, max_len):
    live = [(0.0, ["<s>"])]
    finished = []
    for _ in range(max_len):
        extensions = []
        for score, tokens in live:
            row = table.get(tokens[-1], {})
            if row:
                token = min(row, key=lambda t: (-row[t], t))
                extensions.append((score + row[token], [*tokens, token]))
        if not extensions:
            break
        extensions.sort(key=lambda h: (-h[0], h[1]))
        kept = extensions[:beam_width]
        finished.extend(h for h in kept if h[1][-1] == "</s>")
        live = [h for h in kept if h[1][-1] != "</s>"]
        if not live:
            break
    pool = [h for h in finished + live if len(h[1]) > 1]
    if not pool:
        return []
    best = min(pool, key=lambda h: (-h[0], h[1]))
    return best[1][1:]
