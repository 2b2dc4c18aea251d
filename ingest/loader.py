"""Writing shaped rows into the graph, one transaction per batch.

A batch first asks which of its records the graph already holds. Those with
the same content are skipped (loading a file twice changes nothing); those
with different content are conflicts for the reject file; the rest are
written, records, mentions and links together. Because the check and the
write share one transaction, a batch is either wholly in the graph or not
at all, which is what makes a re-run after ``kill -9`` end in the same graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import neo4j

from graph.store import GraphStore
from ingest import cypher

__all__ = ["BatchOutcome", "load_batch"]


@dataclass
class BatchOutcome:
    written: int = 0
    unchanged: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    fresh: list[dict[str, Any]] = field(default_factory=list)  # the rows written


def load_batch(store: GraphStore, feed_name: str, rows: list[dict[str, Any]]) -> BatchOutcome:
    check, load = cypher.EXISTING_RECORDS[feed_name], cypher.LOAD_ROWS[feed_name]

    def work(tx: neo4j.ManagedTransaction) -> BatchOutcome:
        outcome = BatchOutcome()
        refs = [row["ref"] for row in rows]
        existing = {rec["ref"]: rec["row_hash"] for rec in tx.run(check, refs=refs)}
        fresh = []
        for row in rows:
            held = existing.get(row["ref"])
            if held is None:
                fresh.append(row)
            elif held == row["props"]["row_hash"]:
                outcome.unchanged += 1
            else:
                outcome.conflicts.append(row)
        if fresh:
            tx.run(load, rows=fresh).consume()
        outcome.written, outcome.fresh = len(fresh), fresh
        return outcome

    return store.execute_write(work)
