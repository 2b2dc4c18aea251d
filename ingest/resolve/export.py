"""Resolved people as OUTPUTS.md says: one JSON object per person.

Read in ranges of person ids (never the whole graph at once) and written as
they come, in person-id order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from graph.store import GraphStore
from ingest.resolve import cypher
from ingest.resolve.ranges import key_ranges

__all__ = ["EXPORT_FIELDS", "iter_persons", "write_persons_jsonl"]

EXPORT_FIELDS = ("person_id", "full_name", "nationality", "date_of_birth", "passport_nos",
                 "id_nos", "records")


def iter_persons(store: GraphStore, *, range_size: int = 5000) -> Iterator[dict[str, Any]]:
    """Every person, in person-id order, with the OUTPUTS.md fields."""
    for lo, hi in key_ranges(store, "person", size=range_size):
        for row in store.read(cypher.PERSONS_IN_RANGE, lo=lo, hi=hi):
            person = {name: row.get(name) for name in EXPORT_FIELDS}
            for name in ("passport_nos", "id_nos", "records"):
                person[name] = list(person[name] or [])
            yield person


def write_persons_jsonl(store: GraphStore, out: IO[str]) -> int:
    """Write every person as a JSON line to ``out``; returns how many."""
    count = 0
    for person in iter_persons(store):
        out.write(json.dumps(person, ensure_ascii=False) + "\n")
        count += 1
    return count
