"""Weighted choice without ``random.choices``' per-call overhead.

``random.choices`` rebuilds its cumulative weights on every call; the
generator picks from the same small tables millions of times, so the
cumulative weights are computed once per table and searched with bisect.
The draw consumes exactly one ``rng.random()``.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from itertools import accumulate

__all__ = ["weighted", "between"]

_CUM: dict[int, tuple[tuple, list[float], float]] = {}
_KEEP: list[tuple] = []  # keeps tables alive so their id() is never reused


def weighted(rng: random.Random, table: tuple[tuple[object, float], ...]):
    """Pick an item from ``((item, weight), ...)``; ``table`` must be a module-level tuple."""
    entry = _CUM.get(id(table))
    if entry is None:
        items, weights = zip(*table)
        cum = list(accumulate(weights))
        entry = _CUM[id(table)] = (items, cum, cum[-1])
        _KEEP.append(table)
    items, cum, total = entry
    return items[bisect_right(cum, rng.random() * total)]


def between(rng: random.Random, lo: int, hi: int) -> int:
    """``rng.randint(lo, hi)`` at a third of the cost, from one ``rng.random()``."""
    return lo + int(rng.random() * (hi - lo + 1))
