# Kahn's algorithm with a FIFO queue: valid, but not the smallest ready task each time
from collections import deque


def task_order(n, deps):
    succ = [[] for _ in range(n)]
    waiting = [0] * n
    for a, b in deps:
        succ[a].append(b)
        waiting[b] += 1
    queue = deque(t for t in range(n) if waiting[t] == 0)
    order = []
    while queue:
        t = queue.popleft()
        order.append(t)
        for s in succ[t]:
            waiting[s] -= 1
            if waiting[s] == 0:
                queue.append(s)
    return order if len(order) == n else []
