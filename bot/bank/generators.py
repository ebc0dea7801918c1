"""Seeded generators of large hidden inputs for `code` questions (`generate:` in a bank file).

Each generator takes a `random.Random` (seeded from the bank entry) and keyword parameters and
returns the positional arguments of one call of the question's function. They run at bank-load
time in the bot's own process, never in the sandbox; stdlib only, deterministic for a seed.
A bank entry names a generator by its function name here:

    generate:
      - {id: big-random, generator: int_list, seed: 7, params: {n: 100000, lo: -1000, hi: 1000}}
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable
from typing import Any

Generator = Callable[..., list[Any]]
GENERATORS: dict[str, Generator] = {}


def generator(fn: Generator) -> Generator:
    GENERATORS[fn.__name__] = fn
    return fn


def params_problem(name: str, params: dict[str, Any]) -> str | None:
    """Why `params` cannot be passed to generator `name`, or None when they can."""
    fn = GENERATORS.get(name)
    if fn is None:
        return f"unknown generator '{name}'; known: {', '.join(sorted(GENERATORS))}"
    try:
        inspect.signature(fn).bind(None, **params)
    except TypeError as exc:
        expected = ", ".join(list(inspect.signature(fn).parameters)[1:])
        return f"generator '{name}' takes ({expected}): {exc}"
    return None


def generate_args(name: str, seed: int, params: dict[str, Any]) -> list[Any]:
    return GENERATORS[name](random.Random(seed), **params)


# ---- lists of numbers ---------------------------------------------------------------------


@generator
def int_list(rng: random.Random, n: int, lo: int, hi: int) -> list[Any]:
    """One list of n ints in [lo, hi]."""
    return [[rng.randint(lo, hi) for _ in range(n)]]


@generator
def sorted_int_list(rng: random.Random, n: int, lo: int, hi: int, descending: bool = False) -> list[Any]:
    """One sorted list of n ints in [lo, hi] (a worst case for scans that stop at a bigger value)."""
    return [sorted((rng.randint(lo, hi) for _ in range(n)), reverse=descending)]


@generator
def distinct_ints(rng: random.Random, n: int, lo: int, hi: int) -> list[Any]:
    """One list of n distinct ints in [lo, hi], shuffled."""
    return [rng.sample(range(lo, hi + 1), n)]


@generator
def int_list_and_int(rng: random.Random, n: int, lo: int, hi: int, value: int) -> list[Any]:
    """A list of n ints in [lo, hi] and one int parameter (a target, a window size, a day count)."""
    return [[rng.randint(lo, hi) for _ in range(n)], value]


@generator
def bit_list_and_int(rng: random.Random, n: int, value: int) -> list[Any]:
    """A list of n random 0/1 values (cheap to make and to send) and one int parameter."""
    return [[rng.getrandbits(1) for _ in range(n)], value]


@generator
def pair_at_end(rng: random.Random, n: int) -> list[Any]:
    """Two-sum: n distinct positive odd numbers, and a target reached only by the last two
    (an even sum no other pair makes: both are far above every other value)."""
    values = rng.sample(range(1, 4 * n, 2), n - 2)
    big = 8 * n + 1
    return [[*values, big, big + 2], 2 * big + 2]


@generator
def sign_ones(rng: random.Random, n: int, twos: int, zeros: int) -> list[Any]:
    """Mostly 1 and -1, with a few 2s (so products stay small) and `zeros` zeros."""
    values = [rng.choice((1, -1)) for _ in range(n)]
    for i in rng.sample(range(n), twos + zeros):
        values[i] = 2 if twos > 0 else 0
        twos -= 1
    return [values]


@generator
def values_and_boundaries(rng: random.Random, n: int, b: int, lo: int, hi: int) -> list[Any]:
    """Bucketize: n values in [lo, hi] and b sorted boundaries (with repeats) in the same range."""
    values = [rng.randint(lo, hi) for _ in range(n)]
    return [values, sorted(rng.randint(lo, hi) for _ in range(b))]


@generator
def ints_and_ranges(rng: random.Random, n: int, q: int, lo: int, hi: int) -> list[Any]:
    """Range sums: n ints in [lo, hi] and q inclusive [left, right] queries, most of them wide."""
    nums = [rng.randint(lo, hi) for _ in range(n)]
    queries = []
    for _ in range(q):
        left = rng.randrange(n // 10)
        queries.append([left, rng.randrange(n - n // 10, n)])
    return [nums, queries]


@generator
def weights_and_draws(rng: random.Random, n: int, draws: int) -> list[Any]:
    """Weighted pick: n non-negative int weights (some zero) and `draws` uniforms in [0, 1)."""
    weights = [rng.choice((0, rng.randint(1, 100))) for _ in range(n)]
    weights[rng.randrange(n)] = 50  # at least one positive
    return [weights, [rng.random() for _ in range(draws)]]


@generator
def sorted_lists(rng: random.Random, k: int, n: int, lo: int, hi: int) -> list[Any]:
    """k sorted lists (some empty) holding n ints in [lo, hi] in all."""
    lists: list[list[int]] = [[] for _ in range(k)]
    for _ in range(n):
        lists[rng.randrange(k)].append(rng.randint(lo, hi))
    return [[sorted(part) for part in lists]]


@generator
def scores_and_labels(rng: random.Random, n: int, levels: int) -> list[Any]:
    """n scores on `levels` distinct values (so ties occur) and 0/1 labels with both present."""
    labels = [rng.randint(0, 1) for _ in range(n)]
    labels[0], labels[1] = 0, 1
    scores = [round(rng.randrange(levels) / levels + 0.3 * y, 6) for y in labels]
    return [scores, labels]


@generator
def values_and_classes(rng: random.Random, n: int, levels: int, classes: int) -> list[Any]:
    """n feature values on `levels` distinct values and class ids loosely tied to the value."""
    values = [rng.randrange(levels) for _ in range(n)]
    labels = [min(classes - 1, v * classes // levels + rng.choice((-1, 0, 0, 1))) % classes for v in values]
    return [[v / 10 for v in values], labels]


# ---- strings ------------------------------------------------------------------------------


@generator
def wide_alphabet_text(rng: random.Random, n: int, alphabet: int) -> list[Any]:
    """One string of n characters drawn from `alphabet` distinct CJK characters."""
    return ["".join(chr(0x4E00 + rng.randrange(alphabet)) for _ in range(n))]


# ---- structures ---------------------------------------------------------------------------


@generator
def lru_ops(
    rng: random.Random, capacity: int, n: int, keys: int, get_share: float = 0.5, value_max: int = 10**6
) -> list[Any]:
    """LRU: `n` operations (a `get_share` of them gets) on `keys` distinct keys, first filling
    the cache; values in [0, value_max] (small values keep a big input compact)."""
    ops: list[list[Any]] = [["put", key, key % (value_max + 1)] for key in range(capacity)]
    for _ in range(n - capacity):
        key = rng.randrange(keys)
        if rng.random() < get_share:
            ops.append(["get", key])
        else:
            ops.append(["put", key, rng.randint(0, value_max)])
    return [capacity, ops]


@generator
def random_links(rng: random.Random, n: int, m: int) -> list[Any]:
    """Union-find: n accounts and m random links (repeats and self-links possible)."""
    return [n, [[rng.randrange(n), rng.randrange(n)] for _ in range(m)]]


@generator
def hub_links(rng: random.Random, n: int) -> list[Any]:
    """Union-find: one hub account linked to every other account, in shuffled order (a shared
    device). Without union by size the tree becomes a path the hub's find walks every time."""
    hub = rng.randrange(n)
    spokes = [a for a in range(n) if a != hub]
    rng.shuffle(spokes)
    return [n, [[hub, a] for a in spokes]]


@generator
def binary_grid(rng: random.Random, rows: int, cols: int, density: float) -> list[Any]:
    """One grid of 0/1 with about `density` ones (density 1 gives one huge island)."""
    return [[[1 if rng.random() < density else 0 for _ in range(cols)] for _ in range(rows)]]


@generator
def serpentine_maze(rng: random.Random, rows: int, cols: int) -> list[Any]:
    """Grid path: walls (1) on every other row with one gap alternating left/right, so the only
    path from the top-left to the bottom-left corner winds through every row."""
    grid = [[0] * cols for _ in range(rows)]
    for r in range(1, rows, 2):
        grid[r] = [1] * cols
        grid[r][cols - 1 if (r // 2) % 2 == 0 else 0] = 0
    goal_row = rows - 1 if rows % 2 == 1 else rows - 2
    return [grid, [0, 0], [goal_row, 0 if (goal_row // 2) % 2 == 0 else cols - 1]]


@generator
def weighted_digraph(rng: random.Random, n: int, m: int, wmax: int) -> list[Any]:
    """n nodes, a path 0 -> 1 -> ... so all are reachable, plus m random weighted edges."""
    edges = [[i, i + 1, rng.randint(0, wmax)] for i in range(n - 1)]
    edges += [[rng.randrange(n), rng.randrange(n), rng.randint(0, wmax)] for _ in range(m)]
    rng.shuffle(edges)
    return [n, edges, 0]


@generator
def layered_dag(rng: random.Random, n: int, m: int) -> list[Any]:
    """Task order: n tasks and m edges from a lower to a higher number in a random relabelling."""
    labels = list(range(n))
    rng.shuffle(labels)
    deps = []
    for _ in range(m):
        a, b = sorted(rng.sample(range(n), 2))
        deps.append([labels[a], labels[b]])
    return [n, deps]


@generator
def repeated_distinct_chars(rng: random.Random, distinct: int, repeats: int) -> list[Any]:
    """One string: `distinct` different CJK characters in random order, written `repeats` times
    (a worst case for restarting a scan at every position)."""
    chars = [chr(0x4E00 + i) for i in range(distinct)]
    rng.shuffle(chars)
    return ["".join(chars) * repeats]
