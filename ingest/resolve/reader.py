"""Reading what resolution needs from the graph, in ranges, as compact tuples.

See :mod:`ingest.resolve.cypher` for why ranges of ids rather than pages.
Repeated strings (feeds, roles, names, dates, tokens) are shared through one
pool, which is what keeps 700k mentions in a few hundred megabytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from graph.store import GraphStore
from ingest.resolve import cypher
from ingest.resolve.cluster import Split
from ingest.resolve.profile import MentionFacts

__all__ = ["read_mentions", "read_splits", "key_ranges", "RANGE_SIZE"]

RANGE_SIZE = 5000


def key_ranges(ids: list[str], size: int = RANGE_SIZE) -> list[tuple[str, str]]:
    """Half-open ``[lo, hi)`` ranges of about ``size`` ids each, covering all of ``ids``.

    >>> key_ranges(["a", "b", "c", "d", "e"], 2)
    [('a', 'c'), ('c', 'e'), ('e', 'e\\U0010ffff')]
    """
    if not ids:
        return []
    ids = sorted(ids)
    starts = ids[::size]
    ends = starts[1:] + [ids[-1] + "\U0010ffff"]
    return list(zip(starts, ends))


class _Pool(dict):
    def __missing__(self, value: Any) -> Any:
        self[value] = value
        return value


def read_mentions(store: GraphStore, on_batch: Callable[[int], None] | None = None
                  ) -> list[MentionFacts]:
    """Every mention, sorted by id."""
    ids = store.read_value(cypher.MENTION_IDS) or []
    ranges = key_ranges(ids)
    del ids
    pool = _Pool()
    mentions: list[MentionFacts] = []
    for lo, hi in ranges:
        batch = sorted(store.read_value(cypher.MENTIONS_IN_RANGE, lo=lo, hi=hi) or [],
                       key=lambda row: row[0])
        mentions.extend(_facts(row, pool) for row in batch)
        if on_batch:
            on_batch(len(batch))
    return mentions


def _facts(row: Sequence[Any], pool: _Pool) -> MentionFacts:
    (mention_id, ref, role, full_name, tokens, nationality, dob, sex, passport_no,
     id_no, id_kind, phone, address_key) = row
    tokens = pool[tuple(pool[t] for t in tokens or ())]
    return MentionFacts(
        mention_id, ref, pool[ref.split(":", 1)[0]], pool[role], pool[full_name], tokens,
        pool[nationality], pool[dob], pool[sex], passport_no,
        f"{nationality or '?'}:{passport_no}" if passport_no else None,
        id_no, pool[id_kind], pool[phone], pool[address_key], None, None)


def read_splits(store: GraphStore) -> list[Split]:
    """Every reviewer's split still in force."""
    splits = []
    for row in store.read(cypher.SPLITS):
        sides = json.loads(row["cannot_link"] or "{}")
        splits.append(Split(row["decision_id"], frozenset(sides.get("left", ())),
                            frozenset(sides.get("right", ()))))
    return splits
