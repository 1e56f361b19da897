# Conway's Game of Life on a small toroidal grid, using sets and lists.

W, H = 12, 10


def parse(rows):
    return {(x, y) for y, row in enumerate(rows) for x, ch in enumerate(row) if ch == "#"}


def step(live):
    counts = {}
    for (x, y) in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    key = ((x + dx) % W, (y + dy) % H)
                    counts[key] = counts.get(key, 0) + 1
    return {cell for cell, n in counts.items() if n == 3 or (n == 2 and cell in live)}


def render(live):
    return "\n".join("".join("#" if (x, y) in live else "." for x in range(W)) for y in range(H))


glider = parse([".#.", "..#", "###"])
blinker = {(x + 8, 5) for x in range(3)}
block = {(1, 7), (2, 7), (1, 8), (2, 8)}
world = glider | blinker | block
print(render(world))
history = []
for gen in range(1, 9):
    world = step(world)
    history.append(len(world))
    if gen in (1, 4, 8):
        print("generation", gen)
        print(render(world))
print(history)

# the glider translates by (1, 1) every 4 generations
g = set(glider)
for _ in range(4):
    g = step(g)
print(sorted(g) == sorted(((x + 1) % W, (y + 1) % H) for x, y in glider))

# blinker has period 2, block is still life
b = set(blinker)
print(step(step(b)) == b, step(b) != b, step(block) == block)

# a list-of-lists implementation agrees with the set implementation
def step_grid(grid):
    new = [[0] * W for _ in range(H)]
    for y in range(H):
        for x in range(W):
            n = sum(grid[(y + dy) % H][(x + dx) % W] for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dx or dy)
            new[y][x] = 1 if n == 3 or (n == 2 and grid[y][x]) else 0
    return new


grid = [[1 if (x, y) in (glider | blinker | block) else 0 for x in range(W)] for y in range(H)]
cells = glider | blinker | block
same = True
for _ in range(12):
    grid = step_grid(grid)
    cells = step(cells)
    same = same and cells == {(x, y) for y in range(H) for x in range(W) if grid[y][x]}
print(same, len(cells))
