# also moves diagonally: paths come out too short
from collections import deque


def shortest_path_length(grid, start, goal):
    rows, cols = len(grid), len(grid[0])
    seen = {tuple(start)}
    queue = deque([(tuple(start), 0)])
    while queue:
        (r, c), steps = queue.popleft()
        if [r, c] == list(goal):
            return steps
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                nr, nc = r + dr, c + dc
                if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == 0 and (nr, nc) not in seen:
                    seen.add((nr, nc))
                    queue.append(((nr, nc), steps + 1))
    return -1
