# Wrong: ignores hypotheses still live when max_len runs out
def beam_search(table, beam_width, max_len):
    live = [(0.0, ["<s>"])]
    finished = []
    for _ in range(max_len):
        extensions = [
            (score + logp, [*tokens, token])
            for score, tokens in live
            for token, logp in table.get(tokens[-1], {}).items()
        ]
        if not extensions:
            break
        extensions.sort(key=lambda h: (-h[0], h[1]))
        kept = extensions[:beam_width]
        finished.extend(h for h in kept if h[1][-1] == "</s>")
        live = [h for h in kept if h[1][-1] != "</s>"]
        if not live:
            break
    pool = list(finished)
    if not pool:
        return []
    best = min(pool, key=lambda h: (-h[0], h[1]))
    return best[1][1:]
