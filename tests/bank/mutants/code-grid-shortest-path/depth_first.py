# depth-first search returns the length of the first path found, not the shortest
def shortest_path_length(grid, start, goal):
    rows, cols = len(grid), len(grid[0])
    stack = [(tuple(start), 0)]
    seen = {tuple(start)}
    while stack:
        (r, c), steps = stack.pop()
        if [r, c] == list(goal):
            return steps
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == 0 and (nr, nc) not in seen:
                seen.add((nr, nc))
                stack.append(((nr, nc), steps + 1))
    return -1
