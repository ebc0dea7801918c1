# takes the k most frequent queries overall and only then keeps those with the prefix
def top_completions(queries, counts, prefix, k):
    totals = {}
    for q, c in zip(queries, counts):
        totals[q] = totals.get(q, 0) + c
    best = sorted(totals, key=lambda q: (-totals[q], q))[:k]
    return [q for q in best if q.startswith(prefix)]
