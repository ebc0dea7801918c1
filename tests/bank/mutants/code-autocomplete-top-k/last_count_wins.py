# stores the count of the last occurrence instead of adding repeated queries up
def top_completions(queries, counts, prefix, k):
    totals = dict(zip(queries, counts))
    matches = sorted((q for q in totals if q.startswith(prefix)), key=lambda q: (-totals[q], q))
    return matches[:k]
