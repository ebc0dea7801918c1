# compares each box with every higher-scoring box, suppressed or not: a chain of overlaps removes too much
def _iou(a, b):
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def nms(boxes, scores, iou_threshold):
    order = sorted(range(len(boxes)), key=lambda i: (-scores[i], i))
    kept = []
    for pos, i in enumerate(order):
        if all(_iou(boxes[i], boxes[j]) <= iou_threshold for j in order[:pos]):
            kept.append(i)
    return kept
