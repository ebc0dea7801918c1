# marks a node done when it is first pushed: a later, cheaper path through more hops is ignored
import heapq


def shortest_distances(n, edges, source):
    graph = [[] for _ in range(n)]
    for u, v, w in edges:
        graph[u].append((v, w))
    dist = [-1] * n
    dist[source] = 0
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        for v, w in graph[u]:
            if dist[v] == -1:
                dist[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return dist
