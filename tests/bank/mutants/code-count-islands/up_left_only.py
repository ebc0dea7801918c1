# counts a land cell as a new island when neither its upper nor its left neighbour is land
def count_islands(grid):
    n = 0
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v == 1 and not (r and grid[r - 1][c] == 1) and not (c and row[c - 1] == 1):
                n += 1
    return n
