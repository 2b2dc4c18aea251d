"""Every read of a person or enterprise and every change leaves an audit entry."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest


def _entries(api, **params):
    with api.client("admin") as c:
        r = c.get("/api/v1/audit", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_person_read_is_recorded_with_key_role_and_purpose(api):
    p = api.persons["LI NA"]
    with api.client("analyst", **{"X-Purpose": "VV-2025-01 network review"}) as c:
        assert c.get(f"/api/v1/entities/person/{p}").status_code == 200
    (entry,) = _entries(api, subject=f"Person:{p}", key_id=api.key_ids["analyst"])["items"]
    assert entry["role"] == "analyst" and entry["method"] == "GET"
    assert entry["path"] == f"/api/v1/entities/person/{p}"
    assert entry["purpose"] == "VV-2025-01 network review" and entry["action"] == "read"


def test_concurrent_reads_each_leave_their_own_entry(api):
    # Entries of requests arriving together are committed together; none may be
    # lost or doubled on the way.
    p = api.persons["LI NA"]
    purposes = [f"VV-2026-burst-{i:02d}" for i in range(24)]

    def read(purpose: str) -> int:
        with api.client("investigator", **{"X-Purpose": purpose}) as c:
            return c.get(f"/api/v1/entities/person/{p}").status_code

    with ThreadPoolExecutor(12) as pool:
        assert list(pool.map(read, purposes)) == [200] * len(purposes)
    entries = _entries(api, subject=f"Person:{p}", key_id=api.key_ids["investigator"],
                       limit=200)["items"]
    burst = sorted(e["purpose"] for e in entries if e["purpose"].startswith("VV-2026-burst"))
    assert burst == purposes
    assert len({e["entry_id"] for e in entries}) == len(entries)


def test_refused_read_without_purpose_is_not_a_read(api):
    p = api.persons["Nguyễn Thị Lan"]
    with api.client("investigator") as c:
        assert c.get(f"/api/v1/entities/person/{p}").status_code == 400
    assert _entries(api, subject=f"Person:{p}", action="read")["items"] == []


def test_changes_are_recorded(api):
    with api.client("admin") as c:
        created = c.post("/api/v1/keys", json={"role": "investigator", "name": "audit"}).json()
        own = {"Authorization": f"Bearer {created['key']}"}
        assert c.get("/api/v1/search", params={"q": "li"}, headers=own).status_code == 200
        # Revoked through the API, the key stops at once, though just checked and remembered.
        assert c.delete(f"/api/v1/keys/{created['key_id']}").status_code == 204
        missing = c.delete("/api/v1/keys/k_missing")
        assert missing.status_code == 404 and "lienket keys list" in missing.json()["detail"]
        revoked = c.get("/api/v1/search", params={"q": "li"}, headers=own)
    assert revoked.status_code == 401
    actions = [e["action"] for e in _entries(api, subject=f"ApiKey:{created['key_id']}")["items"]]
    assert actions == ["key_revoke", "key_create"]  # newest first


def test_audit_pages_newest_first(api):
    with api.client("investigator", **{"X-Purpose": "paging"}) as c:
        for _ in range(3):
            c.get("/api/v1/entities/enterprise/4900123456")
    key = api.key_ids["investigator"]
    first = _entries(api, key_id=key, limit=2)
    second = _entries(api, key_id=key, limit=2, cursor=first["next_cursor"])
    times = [e["at"] for e in first["items"] + second["items"]]
    assert times == sorted(times, reverse=True) and len(times) >= 3
    assert not {e["entry_id"] for e in first["items"]} & {e["entry_id"] for e in second["items"]}


def test_vietnamese_purpose_by_param_or_percent_encoded_header(api):
    p = api.persons["Hoàng Văn Minh"]
    with api.client("reviewer") as c:
        assert c.get(f"/api/v1/entities/person/{p}",
                     params={"purpose": "Xác minh vụ việc"}).status_code == 200
        assert c.get(f"/api/v1/entities/person/{p}",
                     headers={"X-Purpose": "X%C3%A1c%20minh%20l%E1%BA%A7n%202"}).status_code == 200
    purposes = [e["purpose"] for e in _entries(api, subject=f"Person:{p}",
                                                key_id=api.key_ids["reviewer"])["items"]]
    assert purposes == ["Xác minh lần 2", "Xác minh vụ việc"]


def _span(api, action: str) -> list[str]:
    """Entries of ``action`` far apart in time, two at the same moment; their times."""
    now = dt.datetime.now(dt.timezone.utc)
    ages = [dt.timedelta(seconds=s) for s in (5, 50, 59, 61, 300, 3600 * 5, 86400 * 3,
                                              86400 * 200, 86400 * 800)]
    stamps = [(now - age).isoformat(timespec="microseconds") for age in ages]
    stamps.append(stamps[2])
    api.store.write("UNWIND $entries AS e CREATE (a:AuditEntry) SET a = e", entries=[
        {"entry_id": f"a_{action}{i:02d}", "at": at, "key_id": f"k_{action}", "role": "analyst",
         "method": "GET", "path": "/x", "action": action, "subject": f"Person:{action}{i}",
         "purpose": "", "status": 200} for i, at in enumerate(stamps)])
    return stamps


def _walk(api, **params) -> list[tuple[str, str]]:
    walked, cursor = [], None
    while True:
        page = _entries(api, limit=3, **params, **({"cursor": cursor} if cursor else {}))
        walked += [(e["at"], e["entry_id"]) for e in page["items"]]
        if not (cursor := page["next_cursor"]):
            return walked


@pytest.mark.parametrize("by", ["action", "key_id"])  # read in time slices / in one scan
def test_pages_walk_a_trail_that_spans_years_in_order(api, by):
    # No page may skip or repeat an entry, at a slice's edge or between two
    # entries of the same moment.
    action = f"span{by.replace('_', '')}"
    stamps = _span(api, action)
    chosen = {"action": action} if by == "action" else {"key_id": f"k_{action}"}
    assert _walk(api, **chosen) == sorted(
        ((at, f"a_{action}{i:02d}") for i, at in enumerate(stamps)), reverse=True)
    between = _entries(api, since=stamps[6], until=stamps[1], **chosen)["items"]
    assert [e["at"] for e in between] == [stamps[2], stamps[2], stamps[3], stamps[4],
                                          stamps[5], stamps[6]]
