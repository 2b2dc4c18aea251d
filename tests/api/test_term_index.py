"""The person search's name terms kept in each API process (api/term_index.py)."""

from __future__ import annotations

import time

import pytest

from api import explore, term_index
from api.store_keeper import _Unavailable
from api.term_index import TermIndex
from graph.errors import LienketError
from ingest.resolve import resolve_all
from ingest.resolve.search_terms import ledger_change
from tests.api.test_search_ranking import QUERIES, everything as pages
from tests.ingest.resolve.test_service import load, person_of

NAMES = [q for q in QUERIES if not any(ch.isdigit() for ch in q)]


def built(store, **kwargs) -> TermIndex:
    index = TermIndex(keep=explore.PEOPLE_PER_NAME, **kwargs)
    index.build(store)
    return index


def minhs(store, index) -> int:
    return sum(p["title"] == "Hoàng Văn Minh"
               for p in pages(store, index, ["hoang van minh"])["hoang van minh"])


def test_the_index_gives_the_pages_the_engine_gives_and_answers_from_memory(resolved):
    through_engine = pages(resolved, None)
    index = built(resolved)
    assert pages(resolved, index) == through_engine
    assert all(through_engine.values()) and len(through_engine["VĂN"]) > 2

    # Terms deleted around lienket (no ledger renewal): the engine finds no one
    # by name, the index still answers, until it is rebuilt.
    resolved.write("MATCH (x:PersonTerm) DELETE x")
    assert not any(pages(resolved, None, NAMES).values())
    assert pages(resolved, index, NAMES) == {q: through_engine[q] for q in NAMES}
    assert not any(pages(resolved, built(resolved), NAMES).values())


def test_a_page_is_checked_against_the_people_themselves(resolved):
    # A run killed between writing a person's terms for a new name and the
    # person (tests/api/test_search_ranking.py): her terms rank her first for
    # "VĂN", her own name does not have the word.
    li_na = person_of(resolved, "marriages:HN22#foreigner")
    resolved.write("MATCH (x:PersonTerm {person_id: $p}) SET x.name = 'van'", p=li_na)
    resolved.write("CREATE (:PersonTerm {key: 'van ' + $p, person_id: $p, name: 'van'})",
                   p=li_na)
    through_engine = pages(resolved, None)
    assert li_na not in {p["key"] for p in through_engine["VĂN"]}
    assert pages(resolved, built(resolved)) == through_engine


def test_a_term_write_is_searched_at_once_and_the_index_follows(store, tmp_path):
    load(store, tmp_path, extra=False)
    resolve_all(store)
    index = TermIndex(keep=explore.PEOPLE_PER_NAME, quiet=0.05)
    index.start(lambda: store)
    try:
        before = ledger_change(store)
        assert index.lookup([])[0] == before  # built before start returned
        assert minhs(store, index) == 1

        load(store, tmp_path)  # a namesake with another CCCD: a new person
        resolve_all(store)
        assert ledger_change(store) != before
        # The index is out of date: the engine answers, and the index is rebuilt.
        assert minhs(store, index) == 2
        deadline = time.monotonic() + 10
        while index.lookup([])[0] != ledger_change(store):
            assert time.monotonic() < deadline, "the index was not rebuilt"
            time.sleep(0.05)
        assert pages(store, index) == pages(store, None)
    finally:
        index.stop()


def test_ranges_too_full_are_read_in_narrower_ones(resolved, monkeypatch):
    whole = built(resolved)._built.entries
    assert len(whole) > 10
    monkeypatch.setattr(term_index, "RANGE_ROWS", 3)
    assert built(resolved)._built.entries == whole

    monkeypatch.setattr(term_index, "RANGE_ROWS", 0)
    monkeypatch.setattr(term_index, "MAX_KEY_PREFIX", 2)
    with pytest.raises(LienketError, match="person search terms start with"):
        built(resolved)


def test_terms_without_names_leave_searches_to_the_engine(resolved):
    expected = pages(resolved, None)
    resolved.write("MATCH (x:PersonTerm) REMOVE x.name")
    index = built(resolved)
    assert index.lookup([("van", 100)]) is None
    assert pages(resolved, index) == expected


def test_a_database_away_at_start_is_tried_again(resolved, monkeypatch):
    monkeypatch.setattr(term_index, "RETRY_SECONDS", 0.05)
    away = _Unavailable(resolved, "The graph database does not answer.")
    stores = iter([away, away])
    index = TermIndex(keep=explore.PEOPLE_PER_NAME)
    index.start(lambda: next(stores, resolved))  # searches go to the engine meanwhile
    try:
        assert index.lookup([]) is None
        deadline = time.monotonic() + 10
        while index.lookup([]) is None:
            assert time.monotonic() < deadline, "the index was not built"
            time.sleep(0.05)
        assert pages(resolved, index) == pages(resolved, None)
    finally:
        index.stop()
