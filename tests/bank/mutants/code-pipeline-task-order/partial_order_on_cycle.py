# returns the tasks it managed to order when there is a cycle, instead of []
import heapq


def task_order(n, deps):
    succ = [[] for _ in range(n)]
    waiting = [0] * n
    for a, b in deps:
        succ[a].append(b)
        waiting[b] += 1
    ready = [t for t in range(n) if waiting[t] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        t = heapq.heappop(ready)
        order.append(t)
        for s in succ[t]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(ready, s)
    return order
