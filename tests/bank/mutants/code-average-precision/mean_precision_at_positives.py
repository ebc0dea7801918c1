# averages precision at every positive by its position, ignoring ties
def average_precision(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if labels[i] == 1:
            hits += 1
            total += hits / rank
    return total / hits
