"""Reading what resolution needs from the graph, in ranges, as compact tuples.

See :mod:`ingest.resolve.ranges` for why ranges of keys rather than pages.
Repeated strings (feeds, roles, names, dates, tokens) are shared through one
pool, which is what keeps 700k mentions in a few hundred megabytes.
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from graph.store import GraphStore
from ingest.resolve import cypher
from ingest.resolve.cluster import Split
from ingest.resolve.profile import MentionFacts
from ingest.resolve.ranges import key_ranges

__all__ = ["read_mentions", "read_splits", "read_signatures", "facts_from_row", "StringPool",
           "LoadedMentions", "RANGE_SIZE"]

RANGE_SIZE = 5000


class StringPool(dict):
    """One shared object per distinct value: ``pool[x]`` is ``x``, the first one seen."""

    def __missing__(self, value: Any) -> Any:
        self[value] = value
        return value


def read_mentions(store: GraphStore, on_batch: Callable[[int], None] | None = None
                  ) -> list[MentionFacts]:
    """Every mention, sorted by id."""
    ranges = key_ranges(store, "mention", size=RANGE_SIZE)
    pool = StringPool()
    mentions: list[MentionFacts] = []
    for lo, hi in ranges:
        batch = sorted(store.read_value(cypher.MENTIONS_IN_RANGE, lo=lo, hi=hi) or [],
                       key=lambda row: row[0])
        mentions.extend(facts_from_row(row, pool) for row in batch)
        if on_batch:
            on_batch(len(batch))
    return mentions


class LoadedMentions:
    """The facts of the mentions an ingest wrote, kept as each batch commits.

    Resolution right after the ingest then need not read them back: when the
    graph holds exactly as many mentions as these (mention ids are unique and
    a mention never changes once written), these are all of them. On the
    province that read was a fifth of the whole command.

    Each batch is kept as one ``marshal`` blob, not as a million small
    objects made among the loading's garbage: those left the heap so
    fragmented that resolution's peak stood 20% higher. :meth:`take` builds
    the facts once loading is over.
    """

    def __init__(self) -> None:
        self._batches: list[bytes] = []
        self._count = 0

    def add_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Shaped rows (:func:`ingest.shape.shape_row`) that have been written."""
        fields = cypher.MENTION_FIELDS
        batch = [[mention.get(f) for f in fields] for row in rows for mention in row["mentions"]]
        self._batches.append(marshal.dumps(batch))
        self._count += len(batch)

    def __len__(self) -> int:
        return self._count

    def take(self) -> list[MentionFacts]:
        """Every mention kept, sorted by id; the kept batches are let go as they are read."""
        batches, self._batches, self._count = self._batches, [], 0
        batches.reverse()
        pool = StringPool()
        facts: list[MentionFacts] = []
        while batches:
            facts.extend(facts_from_row(row, pool) for row in marshal.loads(batches.pop()))
        facts.sort(key=itemgetter(0))  # by mention id, which is unique: twice as fast as whole tuples
        return facts


def facts_from_row(row: Sequence[Any], pool: StringPool) -> MentionFacts:
    (mention_id, ref, role, full_name, tokens, nationality, dob, sex, passport_no,
     id_no, id_kind, phone, address_key) = row
    tokens = pool[tuple(pool[t] for t in tokens or ())]
    return MentionFacts(
        mention_id, pool[ref.split(":", 1)[0]], pool[role], pool[full_name], tokens,
        pool[nationality], pool[dob], pool[sex], pool[passport_no],
        pool[f"{nationality or '?'}:{passport_no}"] if passport_no else None,
        pool[id_no], pool[id_kind], pool[phone], pool[address_key], None)


def read_splits(store: GraphStore) -> list[Split]:
    """Every reviewer's split still in force."""
    splits = []
    for row in store.read(cypher.SPLITS):
        sides = json.loads(row["cannot_link"] or "{}")
        splits.append(Split(row["decision_id"], frozenset(sides.get("left", ())),
                            frozenset(sides.get("right", ()))))
    return splits


def read_signatures(store: GraphStore, kind: str) -> dict[str, str]:
    """Key -> signature of every person (``person``) or merge decision (``decision``)."""
    query = cypher.PERSON_SIGNATURES if kind == "person" else cypher.MERGE_SIGNATURES
    found: dict[str, str] = {}
    for lo, hi in key_ranges(store, kind, size=RANGE_SIZE * 4):
        found.update(store.read_value(query, lo=lo, hi=hi) or [])
    return found
