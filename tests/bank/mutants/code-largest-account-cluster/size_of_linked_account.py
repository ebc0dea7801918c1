# tracks the largest size from size[a] of the linked account rather than its root: stale after merges
def largest_cluster_sizes(n, links):
    parent = list(range(n))
    size = [1] * n
    largest = 1 if n else 0

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    out = []
    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
            size[ra] += size[rb]
            largest = max(largest, size[a])
        out.append(largest)
    return out
