"""Flag listing, detail, transitions, case numbers and the case-system feed.

Each test that changes a flag changes its own one of the three saved flags.
"""

from __future__ import annotations

import time

from api.errors import PROBLEM
from tests.api.conftest import FEED_SETTLE


def test_list_filters_and_pages(api):
    with api.client("reviewer") as c:
        every = c.get("/api/v1/flags").json()["items"]
        assert [f["score"] for f in every] == sorted((f["score"] for f in every), reverse=True)
        assert {f["flag_id"] for f in every} == set(api.flag_ids)
        first = c.get("/api/v1/flags", params={"limit": 2}).json()
        rest = c.get("/api/v1/flags", params={"limit": 2,
                                              "cursor": first["next_cursor"]}).json()
        assert [f["flag_id"] for f in first["items"] + rest["items"]] == [
            f["flag_id"] for f in every]
        band = c.get("/api/v1/flags", params={"min_score": 0.55, "max_score": 0.65}).json()
        assert len(band["items"]) == 1
        by_subject = c.get("/api/v1/flags", params={"subject": "E22223333"}).json()
        assert [f["subject"]["passport_no"] for f in by_subject["items"]] == ["E22223333"]
        by_person = c.get("/api/v1/flags",
                          params={"subject": api.persons["LI NA"]}).json()
        assert len(by_person["items"]) == 1
        bad = c.get("/api/v1/flags", params={"kind": "nope"})
    assert bad.status_code == 400 and "not a flag kind" in bad.json()["detail"]


def test_listing_gives_each_flag_as_its_detail_does(api):
    # The listing writes its JSON itself; the detail goes through the models.
    with api.client("case_system") as c:
        c.put(f"/api/v1/flags/{api.flag_ids[2]}/case", json={"case_ref": "VV-LIST-1"})
        listed = c.get("/api/v1/flags", params={"include_stale": True}).json()["items"]
        details = {f["flag_id"]: c.get(f"/api/v1/flags/{f['flag_id']}").json() for f in listed}
    assert listed and any(f["case_ref"] == "VV-LIST-1" for f in listed)
    for flag in listed:
        detail = details[flag["flag_id"]]
        del detail["history"]
        assert flag == detail


def test_detail_has_evidence_and_history(api):
    with api.client("case_system") as c:
        flag = c.get(f"/api/v1/flags/{api.flag_ids[0]}").json()
        missing = c.get("/api/v1/flags/f_nope")
    assert flag["evidence"][0]["records"] == ["foreigners:R001"]
    assert flag["history"][0]["action"] == "created" and flag["version"] == 1
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(PROBLEM)


def test_transitions_need_a_reason_and_follow_the_workflow(api):
    fid = api.flag_ids[1]
    url = f"/api/v1/flags/{fid}/transitions"
    with api.client("reviewer") as c:
        no_reason = c.post(url, json={"to": "in_review"})
        blank = c.post(url, json={"to": "in_review", "reason": "   "})
        skip = c.post(url, json={"to": "confirmed", "reason": "sure"})
        moved = c.post(url, json={"to": "in_review", "reason": "looking"})
        done = c.post(url, json={"to": "dismissed", "reason": "has a permit after all"})
        again = c.post(url, json={"to": "in_review", "reason": "reopen"})
    assert no_reason.status_code == 422
    assert blank.status_code == 400 and "reason" in blank.json()["detail"]
    assert skip.status_code == 409 and skip.headers["content-type"].startswith(PROBLEM)
    assert "can move only to in_review" in skip.json()["detail"]
    assert moved.status_code == 200 and moved.json()["status"] == "in_review"
    assert done.json()["status"] == "dismissed"
    history = done.json()["history"]
    assert history[-1]["reason"] == "has a permit after all"
    assert history[-1]["user"] == f"api:{api.key_ids['reviewer']}"
    assert again.status_code == 409 and "final status" in again.json()["detail"]


def test_case_system_attaches_a_case_and_moves_status(api):
    fid = api.flag_ids[2]
    with api.client("case_system") as c:
        r = c.put(f"/api/v1/flags/{fid}/case", json={"case_ref": "HS-2026-77"})
        moved = c.post(f"/api/v1/flags/{fid}/transitions",
                       json={"to": "in_review", "reason": "opened case HS-2026-77"})
    assert r.status_code == 200, r.text
    assert r.json()["case_ref"] == "HS-2026-77"
    assert r.json()["history"][-1]["action"] == "case_attached"
    assert moved.json()["status"] == "in_review" and moved.json()["case_ref"] == "HS-2026-77"


def _feed_until(c, cursor, wanted, seconds=FEED_SETTLE + 5):
    """Poll the feed after ``cursor`` until ``wanted`` flag ids are all in it."""
    deadline = time.monotonic() + seconds
    while True:
        seen, page_cursor = [], cursor
        while True:
            page = c.get("/api/v1/feed/flags", params={"cursor": page_cursor, "limit": 1}
                         if page_cursor else {"limit": 1}).json()
            if not page["items"]:
                break
            seen += page["items"]
            page_cursor = page["next_cursor"]
        if {f["flag_id"] for f in seen} >= set(wanted) or time.monotonic() > deadline:
            return seen, page_cursor
        time.sleep(0.2)


def test_feed_pages_in_a_stable_order_and_resumes(api):
    with api.client("case_system") as c:
        seen, cursor = _feed_until(c, None, api.flag_ids)
        assert {f["flag_id"] for f in seen} >= set(api.flag_ids)
        order = [(f["updated_at"], f["flag_id"]) for f in seen]
        assert order == sorted(order) and all("version" in f for f in seen)
        idle = c.get("/api/v1/feed/flags", params={"cursor": cursor}).json()
        assert idle["items"] == [] and idle["next_cursor"] == cursor
        # A change after the cursor is held back while it settles, then shows
        # up on a later poll, and only it.
        fid = api.flag_ids[0]
        c.put(f"/api/v1/flags/{fid}/case", json={"case_ref": "HS-FEED"})
        at_once = c.get("/api/v1/feed/flags", params={"cursor": cursor}).json()
        after, _ = _feed_until(c, cursor, [fid])
        bad = c.get("/api/v1/feed/flags", params={"cursor": "not-a-cursor"})
    assert at_once["items"] == [] and at_once["next_cursor"] == cursor
    assert [f["flag_id"] for f in after] == [fid]
    assert after[0]["case_ref"] == "HS-FEED"
    assert bad.status_code == 400 and bad.headers["content-type"].startswith(PROBLEM)


def test_explanation_bundle_ties_signals_graph_people_and_rows(api):
    flag_id, person = api.flag_ids[0], api.persons["WANG XIAOMING"]
    with api.client("reviewer") as c:
        bundle = c.get(f"/api/v1/flags/{flag_id}/explanation").json()
        missing = c.get("/api/v1/flags/f_nope/explanation")
    assert bundle["flag"]["flag_id"] == flag_id
    [signal] = bundle["signals"]
    assert (signal["signal"], signal["weight"], signal["records"]) == (
        "NO_PERMIT", 0.5, ["foreigners:R001"])
    assert bundle["score"]["recomputed"] == bundle["flag"]["score"]
    nodes = {n["id"]: n for n in bundle["evidence_graph"]["nodes"]}
    assert {f"Person:{person}", "ResidenceRecord:foreigners:R001"} <= set(nodes)
    assert "source" not in nodes["ResidenceRecord:foreigners:R001"]["properties"]
    assert {"from": "ResidenceRecord:foreigners:R001", "to": f"Person:{person}",
            "type": "NAMES", "role": "subject"} in bundle["evidence_graph"]["edges"]
    [row] = bundle["records"]
    assert row["ref"] == "foreigners:R001" and "WANG" in str(row["original"]).upper()
    [explained] = bundle["persons"]
    assert explained["person"]["person_id"] == person and explained["mentions"]
    assert missing.status_code == 404
