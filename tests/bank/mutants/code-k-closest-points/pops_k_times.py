# pops k times from the heap without checking it is empty: IndexError when k > n
import heapq


def k_closest(points, k):
    heap = [(x * x + y * y, i) for i, (x, y) in enumerate(points)]
    heapq.heapify(heap)
    return [heapq.heappop(heap)[1] for _ in range(k)]
