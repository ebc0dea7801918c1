# a size-k max-heap of (-distance, index): on a tie with the farthest kept point it evicts the smaller index
import heapq

def k_closest(points, k):
    if k == 0:
        return []
    heap = []
    for i, (x, y) in enumerate(points):
        item = (-(x * x + y * y), i)
        if len(heap) < k:
            heapq.heappush(heap, item)
        elif item >= heap[0]:
            heapq.heappushpop(heap, item)
    return [i for _, i in sorted(heap, key=lambda t: (-t[0], t[1]))]
