"""The flags store on the real engine: upsert by id, staleness, review, listing and export."""

from __future__ import annotations

import re

import pytest

from analysis.flags_store import (
    FlagNotFound, IllegalTransition, ReviewIncomplete, export_flags, flag_history, get_flag,
    list_flags, review, save_flags,
)
from analysis.model import FlagCandidate, FlagPerson, Signal

FP = "fp1"
T1, T2, T3 = "2026-11-22T10:00:00+07:00", "2026-11-23T10:00:00+07:00", "2026-11-24T10:00:00+07:00"


def worker(passport: str, code: str, weight: float = 0.8, text: str = "Declared 41 nights",
           reasons=("NO_PERMIT",)) -> FlagCandidate:
    return FlagCandidate(
        "unlicensed_employment", {"passport_no": passport, "enterprise_code": code},
        [Signal("NO_PERMIT", weight, text, "Labour Code 2019 art. 151",
                ("work_permits:GP-1", "residence_declarations:KB1"))],
        persons=[FlagPerson(f"p_{passport}", "worker", (passport,), (), ("foreigners:R1",))],
        enterprises=[code], reasons=list(reasons), evidence_nodes=[f"Phone:+84912345678"],
        rule_version="test-1")


def front(code: str) -> FlagCandidate:
    return FlagCandidate(
        "nominee_investment", {"enterprise_code": code},
        [Signal("SPOUSE", 0.6, "The owner is married to the controller", "r", ("marriages:HN1",))],
        persons=[FlagPerson("p_ctl", "controller", ("E9",)), FlagPerson("p_nom", "nominee", (),
                                                                         ("020190001234",))],
        enterprises=[code], reasons=["SPOUSE"], rule_version="test-1")


@pytest.fixture
def graph(store):
    """Nodes the flags point at (people, an enterprise, rows, a phone)."""
    store.write("""
    CREATE (:Person {person_id: 'p_E1'}), (:Person {person_id: 'p_E2'}),
           (:Enterprise {enterprise_code: '4900000011', parent_code: '4900000011'}),
           (:WorkPermit {ref: 'work_permits:GP-1', feed: 'work_permits'}),
           (:Stay {ref: 'residence_declarations:KB1', feed: 'residence_declarations'}),
           (:Phone {e164: '+84912345678'})""")
    return store


def count(store, query: str) -> int:
    return store.read_value(query)


def save(store, candidates, kinds=("unlicensed_employment",), now=T1):
    return save_flags(store, candidates, kinds=kinds, data_fingerprint=FP, now=now)


def test_a_new_flag_is_created_linked_and_recorded(graph):
    tally = save(graph, [worker("E1", "4900000011")])["unlicensed_employment"]
    assert (tally.new, tally.updated, tally.unchanged, tally.stale) == (1, 0, 0, 0)
    (flag,) = list_flags(graph).items
    assert (flag["status"], flag["version"], flag["created_at"]) == ("new", 1, T1)
    links = {(r["label"], r["role"]) for r in graph.read(
        "MATCH (:Flag)-[l:FLAGS]->(x) RETURN labels(x)[0] AS label, l.role AS role")}
    assert links == {("Person", "worker"), ("Enterprise", "subject"), ("WorkPermit", "evidence"),
                     ("Stay", "evidence"), ("Phone", "evidence")}
    (event,) = flag_history(graph, flag["flag_id"])
    assert (event["action"], event["to_status"], event["user"], event["at"]) == (
        "created", "new", "lienket-analyze", T1)
    assert count(graph, "MATCH (f:Flag) RETURN max(size(keys(f))) AS n") <= 16


def test_rerunning_never_duplicates_and_bumps_the_version_only_on_change(graph):
    save(graph, [worker("E1", "4900000011")])
    fid = list_flags(graph).items[0]["flag_id"]
    review(graph, fid, to="in_review", reason="checking", user="can_bo_a", case_ref="VV-1",
           note="called the employer", now=T2)
    tally = save(graph, [worker("E1", "4900000011")], now=T2)["unlicensed_employment"]
    assert (tally.new, tally.updated, tally.unchanged) == (0, 0, 1)
    tally = save(graph, [worker("E1", "4900000011", weight=0.9, text="Declared 60 nights")],
                 now=T3)["unlicensed_employment"]
    assert (tally.new, tally.updated, tally.unchanged) == (0, 1, 0)
    assert count(graph, "MATCH (f:Flag) RETURN count(f) AS n") == 1
    assert count(graph, "MATCH (:Flag)-[l:FLAGS]->() RETURN count(l) AS n") == 5
    flag = get_flag(graph, fid)
    assert (flag["version"], flag["score"], flag["status"]) == (2, 0.9, "in_review")
    assert flag["case_ref"] == "VV-1" and flag["notes"][0]["text"] == "called the employer"
    assert flag["evidence"][0]["text"] == "Declared 60 nights"
    assert flag["created_at"] == T1 and flag["updated_at"] == T3
    assert [e["action"] for e in flag["history"]] == ["created", "transition", "updated"]


def test_a_flag_no_longer_produced_is_kept_marked_and_can_come_back(graph):
    save(graph, [worker("E1", "4900000011"), worker("E2", "4900000011")])
    gone = next(f for f in list_flags(graph).items if f["subject"]["passport_no"] == "E2")
    review(graph, gone["flag_id"], to="in_review", reason="checking", user="can_bo_a", now=T1)
    tally = save(graph, [worker("E1", "4900000011")], now=T2)["unlicensed_employment"]
    assert (tally.unchanged, tally.stale) == (1, 1)
    assert [f["subject"]["passport_no"] for f in list_flags(graph).items] == ["E1"]
    kept = get_flag(graph, gone["flag_id"])
    assert kept["stale"] and kept["stale_since"] == T2 and kept["status"] == "in_review"
    assert len(list_flags(graph, include_stale=True).items) == 2
    assert {f["stale"] for f in export_flags(graph)} == {True, False}
    again = save(graph, [worker("E1", "4900000011"), worker("E2", "4900000011")], now=T3)
    assert again["unlicensed_employment"].revived == 1
    back = get_flag(graph, gone["flag_id"])
    assert not back["stale"] and back["status"] == "in_review" and back["version"] == 1
    assert [e["action"] for e in back["history"]][-2:] == ["stale", "revived"]


def renewed(old: str, new: str, code: str) -> FlagCandidate:
    """The same worker after a passport renewal: subject names the new passport."""
    c = worker(new, code)
    c.persons = [FlagPerson(f"p_{old}", "worker", (new, old), (), ("foreigners:R1",))]
    return c


def test_a_passport_renewal_continues_the_flag_and_its_review(graph):
    save(graph, [worker("E1", "4900000011")])
    first = list_flags(graph).items[0]
    review(graph, first["flag_id"], to="in_review", reason="checking", user="can_bo_a", now=T1)
    tally = save(graph, [renewed("E1", "E7", "4900000011")], now=T2)["unlicensed_employment"]
    assert (tally.new, tally.updated, tally.stale) == (0, 1, 0)
    [flag] = list_flags(graph, include_stale=True).items
    assert flag["flag_id"] == first["flag_id"] and flag["status"] == "in_review"
    assert flag["subject"]["passport_no"] == "E7" and flag["version"] == 2
    assert "passport was renewed" in get_flag(graph, flag["flag_id"])["history"][-1]["reason"]


def test_a_renewal_that_fits_two_earlier_flags_opens_a_new_one(graph):
    save(graph, [worker("E1", "4900000011"), worker("E2", "4900000011")])
    both = renewed("E1", "E7", "4900000011")
    both.persons = [FlagPerson("p_x", "worker", ("E7", "E1", "E2"))]
    tally = save(graph, [both], now=T2)["unlicensed_employment"]
    assert (tally.new, tally.stale) == (1, 2)


def test_a_run_of_one_kind_leaves_the_other_kinds_alone(graph):
    save(graph, [worker("E1", "4900000011"), front("4900000011")],
         kinds=("unlicensed_employment", "nominee_investment"))
    tally = save(graph, [], kinds=("unlicensed_employment",), now=T2)
    assert tally["unlicensed_employment"].stale == 1
    nominee = list_flags(graph, kind="nominee_investment").items
    assert len(nominee) == 1 and not nominee[0]["stale"]


def test_status_moves_one_step_at_a_time_with_who_when_and_why(graph):
    save(graph, [worker("E1", "4900000011")])
    fid = list_flags(graph).items[0]["flag_id"]
    with pytest.raises(IllegalTransition, match="is new; it can move only to in_review"):
        review(graph, fid, to="confirmed", reason="obvious", user="can_bo_a")
    with pytest.raises(ReviewIncomplete, match="reason"):
        review(graph, fid, to="in_review", reason="  ", user="can_bo_a")
    with pytest.raises(FlagNotFound, match="No flag has the id f_nope"):
        review(graph, "f_nope", to="in_review", reason="x", user="can_bo_a")
    review(graph, fid, to="in_review", reason="opened a file", user="can_bo_a", now=T2)
    flag = review(graph, fid, to="dismissed", reason="permit found on paper", user="can_bo_b",
                  now=T3)
    assert flag["status"] == "dismissed"
    with pytest.raises(IllegalTransition, match="is dismissed, a final status"):
        review(graph, fid, to="in_review", reason="again", user="can_bo_a")
    moves = [(e["from_status"], e["to_status"], e["user"], e["at"], e["reason"])
             for e in flag["history"] if e["action"] == "transition"]
    assert moves == [("new", "in_review", "can_bo_a", T2, "opened a file"),
                     ("in_review", "dismissed", "can_bo_b", T3, "permit found on paper")]


def test_listing_filters_and_pages_by_score(graph):
    save(graph, [worker(f"E{i}", "4900000011", weight=0.5 + i / 100) for i in range(1, 8)])
    page = list_flags(graph, limit=3)
    scores = [f["score"] for f in page.items]
    assert scores == sorted(scores, reverse=True) and page.next_cursor
    rest = list_flags(graph, limit=10, cursor=page.next_cursor).items
    assert len(rest) == 4 and not {f["flag_id"] for f in rest} & {f["flag_id"] for f in page.items}
    assert len(list_flags(graph, min_score=0.545).items) == 3
    assert list_flags(graph, status="confirmed").items == []
    assert len(list_flags(graph, kind="unlicensed_employment", status="new").items) == 7


def test_export_has_the_outputs_contract_shape(graph):
    save(graph, [worker("E1", "4900000011"), front("4900000011")],
         kinds=("unlicensed_employment", "nominee_investment"))
    flags = list(export_flags(graph))
    assert len(flags) == 2
    for flag in flags:
        assert {"flag_id", "kind", "score", "status", "created_at", "subject", "reasons",
                "persons", "enterprises", "evidence", "rule_version", "version"} <= set(flag)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", flag["created_at"])
        assert flag["flag_id"].startswith("f_") and 0 <= flag["score"] <= 1
        for person in flag["persons"]:
            assert {"person_id", "role", "passport_nos", "id_nos", "records"} <= set(person)
        for item in flag["evidence"]:
            assert isinstance(item["text"], str) and isinstance(item["records"], list)
    by_kind = {f["kind"]: f for f in flags}
    assert by_kind["unlicensed_employment"]["subject"] == {"passport_no": "E1",
                                                           "enterprise_code": "4900000011"}
    assert {p["role"] for p in by_kind["nominee_investment"]["persons"]} == {"controller", "nominee"}
