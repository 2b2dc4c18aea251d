"""The flag listing's index against the graph it indexes, on the real engine."""

from __future__ import annotations

import json
import time

import pytest

from analysis import flags_cypher
from analysis.flags_store import review, save_flags
from api.flag_index import FlagListingIndex
from api.flags_api import list_flags_json
from tests.analysis.test_flags_store import front, worker

T1, T2 = "2026-11-22T10:00:00+07:00", "2026-11-23T10:00:00+07:00"
ANY = dict(kind=None, status=None, min_score=None, max_score=None, subject=None,
           include_stale=False, cursor=None)


def workers(count: int, *, start: int = 0) -> list:
    return [worker(f"E{i}", "4900000011", weight=0.3 + (i % 7) / 10) for i in
            range(start, start + count)]


def save(store, candidates, kind="unlicensed_employment", now=T1):
    save_flags(store, candidates, kinds=[kind], data_fingerprint="fp", now=now)


def pages(store, index: FlagListingIndex | None = None, **filters) -> list[dict]:
    """Every page of a listing, following its cursors."""
    out, cursor = [], None
    while True:
        page = json.loads(list_flags_json(store, **{**ANY, **filters, "cursor": cursor},
                                          index=index))
        out.append(page)
        cursor = page["next_cursor"]
        if not cursor:
            return out


def ids(store, index, **filters) -> list[str]:
    return [f["flag_id"] for page in pages(store, index, **filters) for f in page["items"]]


def ledger(store) -> str:
    return store.read_value(flags_cypher.LEDGER_CHANGE)


@pytest.fixture
def flagged(store):
    save(store, workers(14))
    save(store, [front("4900000021"), front("4900000022")], kind="nominee_investment")
    listed = ids(store, None, limit=50)
    review(store, listed[0], to="in_review", reason="checking", user="a", now=T2)
    review(store, listed[3], to="in_review", reason="checking", user="a", now=T2)
    review(store, listed[3], to="dismissed", reason="licensed after all", user="a", now=T2)
    save(store, workers(11), now=T2)  # E11-E13 no longer produced: stale
    return store


@pytest.mark.parametrize("filters", [
    {}, {"kind": "unlicensed_employment"}, {"kind": "nominee_investment"},
    {"status": "new"}, {"status": "dismissed"}, {"min_score": 0.5},
    {"max_score": 0.6, "include_stale": True}, {"status": "new", "min_score": 0.4,
                                                 "max_score": 0.8}, {"include_stale": True}])
@pytest.mark.parametrize("limit", [1, 3, 50])
def test_pages_from_the_index_are_the_pages_from_the_graph(flagged, filters, limit):
    from_graph = pages(flagged, None, limit=limit, **filters)
    assert pages(flagged, FlagListingIndex(), limit=limit, **filters) == from_graph
    assert sum(len(p["items"]) for p in from_graph) > 0 or filters == {"status": "dismissed"}


def test_a_write_made_elsewhere_shows_on_the_next_page(flagged):
    index = FlagListingIndex()
    new = ids(flagged, index, status="new", limit=5)
    review(flagged, new[0], to="in_review", reason="checking", user="b")  # not through the index
    assert new[0] not in ids(flagged, index, status="new", limit=5)
    assert new[0] in ids(flagged, index, status="in_review", limit=5)

    save(flagged, workers(3, start=40) + workers(11), now=T2)  # three new flags
    assert ids(flagged, index, limit=5) == ids(flagged, None, limit=5)
    assert len(ids(flagged, index, limit=50)) == 14 + 2 - 3 + 3


def test_every_flag_write_renews_the_ledger(store):
    tokens = []
    save(store, workers(2))
    tokens.append(ledger(store))
    save(store, [worker("E0", "4900000011", weight=0.95)] + workers(1, start=1), now=T2)
    tokens.append(ledger(store))  # content changed
    save(store, workers(1), now=T2)
    tokens.append(ledger(store))  # E1 stale
    review(store, ids(store, None, limit=5)[0], to="in_review", reason="checking", user="c")
    tokens.append(ledger(store))
    assert None not in tokens and len(set(tokens)) == 4


def test_a_cleared_graph_is_not_listed_from_the_old_index(flagged):
    index = FlagListingIndex()
    assert ids(flagged, index, limit=50)
    flagged.clear()  # removes the ledger too
    flagged.ensure_schema()
    assert ids(flagged, index, limit=50) == []
    save(flagged, workers(2))
    assert ids(flagged, index, limit=50) == ids(flagged, None, limit=50)


def test_a_write_that_bypasses_the_ledger_shows_once_the_index_is_rebuilt(flagged):
    index = FlagListingIndex(max_age=0.3)
    top, *_, last = ids(flagged, index, limit=50)
    flagged.write("MATCH (f:Flag {flag_id: $id}) SET f.score = 0.999", id=last)
    time.sleep(0.4)
    assert ids(flagged, index, limit=1)[0] == last


def test_flags_without_a_score_are_listed_from_the_graph(flagged):
    index = FlagListingIndex()
    flagged.write("MATCH (f:Flag) WITH f LIMIT 1 SET f.score = null")
    assert index.page(flagged, after=None, limit=5, kind=None, status=None, min_score=None,
                      max_score=None, include_stale=False) is None
    assert pages(flagged, index, limit=4) == pages(flagged, None, limit=4)


def test_a_graph_flagged_before_the_ledger_gets_one(flagged):
    flagged.write("MATCH (l:FlagLedger) DELETE l")
    assert ids(flagged, FlagListingIndex(), limit=50) == ids(flagged, None, limit=50)
    assert ledger(flagged)


def test_reviews_at_the_same_moment_all_land_and_list(flagged):
    from concurrent.futures import ThreadPoolExecutor

    index = FlagListingIndex()
    new = ids(flagged, index, status="new", limit=50)[:6]
    with ThreadPoolExecutor(len(new)) as pool:  # each renews the one ledger token
        list(pool.map(lambda fid: review(flagged, fid, to="in_review", reason="checking",
                                         user="d"), new))
    assert set(new) <= set(ids(flagged, index, status="in_review", limit=50))
    assert not set(new) & set(ids(flagged, index, status="new", limit=50))


def test_a_page_asked_again_is_sent_as_rendered_until_a_flag_is_written(flagged, monkeypatch):
    index = FlagListingIndex()
    first = pages(flagged, index, status="new", limit=3)
    # Content changed around lienket, keys unchanged: the kept pages are sent,
    # which shows they are kept at all.
    flagged.write("MATCH (f:Flag) SET f.review_json = '{\"case_ref\": \"VV-X\"}'")
    assert pages(flagged, index, status="new", limit=3) == first
    # A review through lienket renews the token: every page is read again.
    fid = first[0]["items"][0]["flag_id"]
    review(flagged, fid, to="in_review", reason="checking", user="e")
    again = pages(flagged, index, status="new", limit=3)
    assert again == pages(flagged, None, status="new", limit=3) != first
    assert fid not in [f["flag_id"] for p in again for f in p["items"]]
    assert {f["case_ref"] for p in again for f in p["items"]} == {"VV-X"}


def test_a_kept_page_lags_a_write_around_lienket_by_at_most_its_age(flagged, monkeypatch):
    from api import flag_index

    monkeypatch.setattr(flag_index, "RENDERED_MAX_AGE", 0.3)
    index = FlagListingIndex()
    first = pages(flagged, index, limit=4)
    flagged.write("MATCH (f:Flag) SET f.review_json = '{\"case_ref\": \"VV-Y\"}'")
    time.sleep(0.4)
    later = pages(flagged, index, limit=4)
    assert later == pages(flagged, None, limit=4) != first
    assert {f["case_ref"] for p in later for f in p["items"]} == {"VV-Y"}
