# sorts by (count, query) descending: ties come out in reverse alphabetical order
def top_completions(queries, counts, prefix, k):
    totals = {}
    for q, c in zip(queries, counts):
        totals[q] = totals.get(q, 0) + c
    matches = sorted((q for q in totals if q.startswith(prefix)), key=lambda q: (totals[q], q), reverse=True)
    return matches[:k]
