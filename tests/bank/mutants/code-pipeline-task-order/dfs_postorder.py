# depth-first topological sort (reverse post-order): valid, but not the smallest ready task each time
def task_order(n, deps):
    succ = [[] for _ in range(n)]
    for a, b in deps:
        succ[a].append(b)
    state = [0] * n
    out = []

    def visit(u):
        if state[u] == 1:
            return False
        if state[u] == 2:
            return True
        state[u] = 1
        for v in succ[u]:
            if not visit(v):
                return False
        state[u] = 2
        out.append(u)
        return True

    for u in range(n):
        if not visit(u):
            return []
    return out[::-1]
