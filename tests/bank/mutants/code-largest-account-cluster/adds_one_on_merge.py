# a merge adds 1 to the surviving root's size instead of the other cluster's size
def largest_cluster_sizes(n, links):
    parent = list(range(n))
    size = [1] * n
    largest = 1
    out = []

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
            size[ra] += 1
            largest = max(largest, size[ra])
        out.append(largest)
    return out
