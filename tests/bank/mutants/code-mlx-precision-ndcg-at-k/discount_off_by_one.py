# Wrong: puts 1-based ranks into log2(i + 2), so the top item is discounted by log2(3)
import math


def _dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades, start=1))


def ranking_metrics(ranked, relevance, k):
    top = [relevance.get(item, 0) for item in ranked[:k]]
    precision = sum(1 for g in top if g > 0) / k
    ideal = _dcg(sorted(relevance.values(), reverse=True)[:k])
    ndcg = _dcg(top) / ideal if ideal > 0 else 0.0
    return [precision, ndcg]
