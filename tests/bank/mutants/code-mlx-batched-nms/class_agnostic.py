# Wrong: suppresses across classes
def _iou(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def batched_nms(boxes, scores, classes, iou_threshold, score_threshold, max_detections):
    order = sorted((i for i in range(len(boxes)) if scores[i] >= score_threshold), key=lambda i: (-scores[i], i))
    kept = []
    for i in order:
        if len(kept) >= max_detections:
            break
        if all(_iou(boxes[i], boxes[j]) <= iou_threshold for j in kept):
            kept.append(i)
    return kept
