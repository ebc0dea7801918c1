# Wrong: divides precision by the number of returned items when fewer than k
import math


def _dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ranking_metrics(ranked, relevance, k):
    top = [relevance.get(item, 0) for item in ranked[:k]]
    precision = sum(1 for g in top if g > 0) / max(1, min(k, len(ranked)))
    ideal = _dcg(sorted(relevance.values(), reverse=True)[:k])
    ndcg = _dcg(top) / ideal if ideal > 0 else 0.0
    return [precision, ndcg]
