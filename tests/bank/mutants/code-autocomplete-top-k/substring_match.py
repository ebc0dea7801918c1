# matches the prefix anywhere in the query, not only at the start
def top_completions(queries, counts, prefix, k):
    totals = {}
    for q, c in zip(queries, counts):
        totals[q] = totals.get(q, 0) + c
    matches = sorted((q for q in totals if prefix in q), key=lambda q: (-totals[q], q))
    return matches[:k]
