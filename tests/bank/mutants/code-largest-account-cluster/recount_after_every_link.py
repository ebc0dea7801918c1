# rebuilds the clusters with a graph search after every link: O(n x links)
def largest_cluster_sizes(n, links):
    adjacency = [[] for _ in range(n)]
    result = []
    for a, b in links:
        adjacency[a].append(b)
        adjacency[b].append(a)
        seen = [False] * n
        largest = 0
        for start in range(n):
            if seen[start]:
                continue
            seen[start] = True
            stack, size = [start], 0
            while stack:
                x = stack.pop()
                size += 1
                for y in adjacency[x]:
                    if not seen[y]:
                        seen[y] = True
                        stack.append(y)
            largest = max(largest, size)
        result.append(largest)
    return result
