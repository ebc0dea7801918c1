# pushes (value, iterator) pairs: on equal values the heap compares iterators and raises TypeError
import heapq

def merge_sorted(lists):
    heap = []
    for lst in lists:
        it = iter(lst)
        for v in it:
            heap.append((v, it))
            break
    heapq.heapify(heap)
    out = []
    while heap:
        v, it = heapq.heappop(heap)
        out.append(v)
        for nxt in it:
            heapq.heappush(heap, (nxt, it))
            break
    return out
