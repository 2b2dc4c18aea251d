"""Reading every node of a label in bounded pieces: ranges of its key.

Why not ``ORDER BY key SKIP n LIMIT m`` or ``WHERE key > $after ORDER BY key
LIMIT m``: in the embedded engine both sort all the remaining rows on every
page, so a full read is quadratic (measured: the first page of 200k mentions
took 1.9 s, of 30k 0.6 s). A range predicate on the indexed key with no
ORDER BY is an index range scan.

Why not one ``collect()`` of every key: the engine refuses a ``collect()`` of
more than 524,288 elements (``arcadedb.queryMaxHeapElementsAllowedPerOp``).

So :func:`key_ranges` first cuts the key space by bisection (count the keys
in a range; too many, split it at the midpoint of its smallest and largest
key) into parts of at most ``collect_limit`` keys, collects each part's keys,
and cuts them into ranges of ``size``. Each range is then read with one
``collect()`` of at most ``size`` rows.
"""

from __future__ import annotations

from graph.store import GraphStore
from ingest.resolve import cypher

__all__ = ["key_ranges", "cut", "midpoint", "TOP", "COLLECT_LIMIT"]

# Above every key: no mention, person or decision id holds this code point.
TOP = "\U0010ffff"
# Well below the engine's 524,288-element limit on collect().
COLLECT_LIMIT = 200_000


def cut(ids: list[str], size: int, lo: str = "", hi: str = TOP) -> list[tuple[str, str]]:
    """Half-open ``[lo, hi)`` ranges of about ``size`` of the sorted ``ids`` each,
    together covering ``[lo, hi)``.

    >>> cut(["a", "b", "c", "d", "e"], 2)
    [('', 'c'), ('c', 'e'), ('e', '\\U0010ffff')]
    """
    if not ids:
        return []
    starts = [lo] + ids[size::size]
    return list(zip(starts, starts[1:] + [hi]))


def midpoint(a: str, b: str) -> str:
    """A string ``m`` with ``a < m <= b``, about half-way (``a < b``).

    >>> midpoint("border_events:EV0000001#subject", "border_events:EV0503472#subject")
    'border_events:EV03'
    >>> "ab" < midpoint("ab", "ac") <= "ac"
    True
    """
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    for width in (1, 2, 3, 4, 6, 8):
        da = [ord(c) for c in a[i:i + width].ljust(width, "\0")]
        db = [ord(c) for c in b[i:i + width].ljust(width, "\0")]
        va = vb = 0
        for x, y in zip(da, db):
            va, vb = va * 0x110000 + x, vb * 0x110000 + y
        mid = (va + vb + 1) // 2
        digits = []
        for _ in range(width):
            mid, r = divmod(mid, 0x110000)
            digits.append(chr(r))
        candidate = (b[:i] + "".join(reversed(digits))).rstrip("\0")
        if a < candidate <= b:
            return candidate
    return b


def key_ranges(store: GraphStore, kind: str, *, size: int = 5000,
               collect_limit: int = COLLECT_LIMIT) -> list[tuple[str, str]]:
    """Ranges of the keys of ``kind`` (``mention``, ``person`` or ``decision``)
    holding about ``size`` nodes each, in key order."""
    count, bounds, keys = (cypher.COUNT_IN_RANGE[kind], cypher.BOUNDS_IN_RANGE[kind],
                           cypher.KEYS_IN_RANGE[kind])
    ranges: list[tuple[str, str]] = []
    pending = [("", TOP)]
    while pending:
        lo, hi = pending.pop()
        n = store.read_value(count, lo=lo, hi=hi) or 0
        if n == 0:
            continue
        if n <= collect_limit:
            ids = sorted(store.read_value(keys, lo=lo, hi=hi) or [])
            ranges.extend(cut(ids, size, lo, hi))
            continue
        row = store.read(bounds, lo=lo, hi=hi)[0]
        mid = midpoint(row["first"], row["last"])
        pending += [(mid, hi), (lo, mid)]  # the lower half is read first
    return ranges
