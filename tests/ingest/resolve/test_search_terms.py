"""The person search index stays exact through resolution, splits and a backfill."""

from __future__ import annotations

from ingest.resolve import resolve_all, split_person
from ingest.resolve.search_terms import ensure_terms, ledger_change, terms_of
from tests.ingest.resolve.test_service import load, person_of


def index(store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in store.read("MATCH (x:PersonTerm) RETURN x.key AS key, x.person_id AS pid"):
        term, _, pid = row["key"].rpartition(" ")
        assert pid == row["pid"]
        out.setdefault(pid, set()).add(term)
    return out


def expected(store) -> dict[str, set[str]]:
    return {r["pid"]: set(terms_of(r["p"])) for r in store.read(
        "MATCH (p:Person) RETURN p.person_id AS pid, properties(p) AS p")}


def test_terms_follow_resolution_splits_and_are_backfilled(store, tmp_path):
    load(store, tmp_path)
    resolve_all(store)
    built = index(store)
    assert built == expected(store) and len(built) > 3
    wang = person_of(store, "foreigners:R001#subject")
    assert {"wang", "xiaoming", "wang+xiaoming", "E12345678"} <= built[wang]

    # A split makes a new person and changes the old one: no stale term is left.
    split_person(store, wang, ["border_events:EV6001#subject"], user="t", reason="r")
    assert index(store) == expected(store)
    assert len(index(store)) == len(built) + 1

    # A graph resolved before the index existed gets it on the next run.
    store.write("MATCH (x:PersonTerm) DELETE x")
    assert ensure_terms(store) == len(expected(store))
    assert ensure_terms(store) == 0  # once
    assert index(store) == expected(store)
    store.write("MATCH (x:PersonTerm) DELETE x")
    resolve_all(store)
    assert index(store) == expected(store)


def test_a_new_person_whose_terms_were_left_behind_is_written_all_the_same(store, tmp_path):
    # A run of an older version killed between a person's terms and the person.
    load(store, tmp_path)
    resolve_all(store)
    wang = person_of(store, "foreigners:R001#subject")
    store.write("MATCH (p:Person {person_id: $p}) DETACH DELETE p", p=wang)
    assert wang in index(store)

    summary = resolve_all(store)
    assert summary.persons_written == 1
    assert person_of(store, "foreigners:R001#subject") == wang
    assert index(store) == expected(store)


def names(store) -> dict[str, str | None]:
    return {r["key"]: r["name"] for r in store.read(
        "MATCH (x:PersonTerm) RETURN x.key AS key, x.name AS name")}


def expected_names(store) -> dict[str, str]:
    return {f"{term} {r['pid']}": r["p"].get("name_folded") or ""
            for r in store.read("MATCH (p:Person) RETURN p.person_id AS pid, properties(p) AS p")
            for term in terms_of(r["p"])}


def test_terms_carry_their_persons_name_and_an_older_index_gets_named(store, tmp_path):
    load(store, tmp_path)
    resolve_all(store)
    assert names(store) == expected_names(store)

    # A split renames nothing but rewrites both people: their terms follow.
    wang = person_of(store, "foreigners:R001#subject")
    split_person(store, wang, ["border_events:EV6001#subject"], user="t", reason="r")
    assert names(store) == expected_names(store)

    # An index written before terms carried names, with a term of no person.
    store.write("MATCH (x:PersonTerm) REMOVE x.name")
    store.write("CREATE (:PersonTerm {key: 'ghost p_gone', person_id: 'p_gone'})")
    assert ensure_terms(store) == len(expected(store))
    assert names(store) == expected_names(store)
    assert ensure_terms(store) == 0


def test_every_term_write_renews_the_ledger_and_a_run_that_writes_none_leaves_it(
        store, tmp_path):
    load(store, tmp_path, extra=False)
    assert ledger_change(store) is None
    resolve_all(store)  # new people: their terms come first
    first = ledger_change(store)
    assert first is not None
    resolve_all(store)
    assert ledger_change(store) == first  # nothing written, nothing for the API to rebuild

    load(store, tmp_path)  # a namesake of Hoàng Văn Minh, and WANG XIAOMING changed
    resolve_all(store)
    changed = ledger_change(store)
    assert changed not in (None, first)

    wang = person_of(store, "foreigners:R001#subject")
    split_person(store, wang, ["border_events:EV6001#subject"], user="t", reason="r")
    split = ledger_change(store)
    assert split != changed

    store.write("MATCH (x:PersonTerm) REMOVE x.name")  # an index from before names
    ensure_terms(store)
    assert ledger_change(store) != split
