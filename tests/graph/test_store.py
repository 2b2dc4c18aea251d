"""The store against the real embedded engine over Bolt."""

from __future__ import annotations

import time

import pytest
from neo4j.exceptions import CypherSyntaxError

from graph.errors import BatchRejected

MERGE_ITEMS = """
UNWIND $rows AS row
MERGE (p:Phone {e164: row.e164})
ON CREATE SET p.first_seen = row.seen
"""

MERGE_LINKS = """
UNWIND $rows AS row
MATCH (p:Phone {e164: row.e164})
MERGE (v:Vehicle {plate: row.plate})
MERGE (v)-[:USES_PHONE]->(p)
"""

CREATE_ITEMS = "UNWIND $rows AS row CREATE (:Phone {e164: row.e164})"

COUNT_PHONES = "MATCH (p:Phone) RETURN count(p) AS n"


def phones(n: int) -> list[dict]:
    return [{"e164": f"+8491{i:07d}", "seen": "2026-01-01", "plate": f"12A{i:05d}"} for i in range(n)]


def test_schema_creation_twice_is_a_no_op(bare_store):
    bare_store.ensure_schema()
    constraints, indexes = bare_store.constraint_names(), bare_store.index_names()
    bare_store.ensure_schema()
    assert bare_store.constraint_names() == constraints
    assert bare_store.index_names() == indexes
    assert "person_key" in constraints


def test_upsert_batches_are_idempotent(store):
    rows = phones(2500)
    first = store.write_rows(MERGE_ITEMS, rows, batch_size=1000)
    store.write_rows(MERGE_LINKS, rows, batch_size=1000)
    assert (first.rows, first.batches, first.nodes_created) == (2500, 3, 2500)
    before = store.counts()
    again = store.write_rows(MERGE_ITEMS, rows, batch_size=1000)
    store.write_rows(MERGE_LINKS, rows, batch_size=1000)
    assert again.nodes_created == 0
    assert store.counts() == before
    assert before["relationships"]["USES_PHONE"] == 2500


def test_a_failing_batch_rolls_back_whole(store):
    rows = phones(100)
    rows[50] = rows[10]  # a duplicate key half-way through the batch
    with pytest.raises(BatchRejected, match="uniqueness"):
        store.write_rows(CREATE_ITEMS, rows, batch_size=1000)
    assert store.read_value(COUNT_PHONES) == 0


def test_unique_constraint_rejects_a_duplicate(store):
    store.write_rows(CREATE_ITEMS, phones(1))
    with pytest.raises(BatchRejected):
        store.write_rows(CREATE_ITEMS, phones(1))
    assert store.read_value(COUNT_PHONES) == 1


def test_counts_cover_every_declared_type(store):
    from graph.schema import NODE_TYPES, REL_TYPES

    counts = store.counts()
    assert set(counts["nodes"]) == {n.label for n in NODE_TYPES}
    assert set(counts["relationships"]) == {r.type for r in REL_TYPES}


VALUES_OF_PHONES = """
MATCH (p:Phone) RETURN p.e164 AS e164, {seen: p.first_seen, digits: [size(p.e164)]} AS about
ORDER BY e164"""


def test_plain_reads_give_the_rows_of_a_values_only_statement_unchanged(store):
    store.write_rows(MERGE_ITEMS, phones(5))
    expected = store.read(VALUES_OF_PHONES)
    assert len(expected) == 5 and expected[0]["about"] == {"seen": "2026-01-01", "digits": [12]}
    assert store.read_plain(VALUES_OF_PHONES) == expected
    assert store.read_many([(VALUES_OF_PHONES, {}), (COUNT_PHONES, {})], plain=True) == [
        expected, [{"n": 5}]]


def test_a_read_the_database_refuses_is_reported_at_once_not_retried(store):
    started = time.monotonic()
    with pytest.raises(CypherSyntaxError):
        store.read_plain("MATCH (p:Phone RETURN p")
    # The store retries retryable errors for up to 15 s; a statement that can
    # never run must not wait for that.
    assert time.monotonic() - started < 5
