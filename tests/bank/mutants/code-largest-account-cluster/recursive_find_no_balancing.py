# recursive find with no union by size and no path compression: deep trees hit the recursion limit
def largest_cluster_sizes(n, links):
    parent = list(range(n))
    size = [1] * n
    largest = 1
    out = []

    def find(x):
        return x if parent[x] == x else find(parent[x])

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
            size[rb] += size[ra]
            largest = max(largest, size[rb])
        out.append(largest)
    return out
