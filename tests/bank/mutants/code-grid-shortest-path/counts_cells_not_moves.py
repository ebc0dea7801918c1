# counts the cells on the path (start included), one more than the number of moves
from collections import deque


def shortest_path_length(grid, start, goal):
    rows, cols = len(grid), len(grid[0])
    seen = {tuple(start)}
    queue = deque([(tuple(start), 1)])
    while queue:
        (r, c), steps = queue.popleft()
        if [r, c] == list(goal):
            return steps
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == 0 and (nr, nc) not in seen:
                seen.add((nr, nc))
                queue.append(((nr, nc), steps + 1))
    return -1
