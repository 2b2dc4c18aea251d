"""Search, entities, neighbourhoods and paths on the sample data."""

from __future__ import annotations

from api.errors import PROBLEM

E = "4900123456"


def _search(c, q, type="person", **params):
    r = c.get("/api/v1/search", params={"q": q, "type": type, **params})
    assert r.status_code == 200, r.text
    return r.json()


def test_person_search_ignores_order_and_diacritics_and_ranks(api):
    with api.client("investigator") as c:
        hits = _search(c, "Minh hoang van")["items"]
        assert hits[0]["title"] == "Hoàng Văn Minh" and hits[0]["score"] == 1.0
        assert _search(c, "nguyen thi lan")["items"][0]["title"] == "Nguyễn Thị Lan"
        partial = _search(c, "VĂN")["items"]
        assert {h["title"] for h in partial} == {"Hoàng Văn Minh", "Nông Văn Hùng"}
        assert all(h["score"] < 1 for h in partial)
        assert _search(c, "?! …")["items"] == []  # no word, no number: nothing to look up


def test_person_search_by_passport_and_citizen_id(api):
    with api.client("investigator") as c:
        assert _search(c, "e1234-5678")["items"][0]["title"] == "WANG XIAOMING"
        assert _search(c, "020190001234")["items"][0]["title"] == "Hoàng Văn Minh"
        assert _search(c, "B9999999")["items"] == []  # a number no one holds


def test_search_pages_with_a_cursor(api):
    with api.client("investigator") as c:
        first = _search(c, "van", limit=1)
        assert len(first["items"]) == 1 and first["next_cursor"]
        second = _search(c, "van", limit=1, cursor=first["next_cursor"])
        assert second["items"][0]["key"] != first["items"][0]["key"]
        assert second["next_cursor"] is None
        bad = c.get("/api/v1/search", params={"q": "van", "cursor": "zzz"})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith(PROBLEM)


def test_enterprise_phone_vehicle_search(api):
    with api.client("investigator") as c:
        assert _search(c, E, "enterprise")["items"][0]["key"] == E
        assert _search(c, "an phát", "enterprise")["items"][0]["key"] == E
        assert _search(c, "0912 000 111", "phone")["items"][0]["key"] == "+84912000111"
        assert _search(c, "12a 345 67", "vehicle")["items"][0]["key"] == "12A34567"
        bad = c.get("/api/v1/search", params={"q": "hello", "type": "phone"})
    assert bad.status_code == 400 and "phone number" in bad.json()["detail"]


def test_person_needs_a_purpose(api):
    p = api.persons["WANG XIAOMING"]
    with api.client("investigator") as c:
        r = c.get(f"/api/v1/entities/person/{p}")
    assert r.status_code == 400
    assert r.headers["content-type"].startswith(PROBLEM)
    assert "X-Purpose" in r.json()["detail"]


def test_person_record_with_sources_explanation_and_flags(api):
    p = api.persons["WANG XIAOMING"]
    with api.client("investigator", **{"X-Purpose": "VV-2025-01"}) as c:
        body = c.get(f"/api/v1/entities/person/{p}").json()
        by_param = c.get(f"/api/v1/entities/person/{p}", params={"purpose": "check"},
                         headers={"X-Purpose": ""})
    assert by_param.status_code == 200
    assert body["properties"]["passport_nos"] == ["E12345678"]
    refs = {r["ref"] for r in body["records"]}
    assert {"foreigners:R001", "work_permits:GP-2025-0012"} <= refs
    r001 = next(r for r in body["records"] if r["ref"] == "foreigners:R001")
    assert r001["original"]["full_name"] == "WANG XIAOMING"
    assert len(body["resolution"]["mentions"]) >= 3
    assert [f["kind"] for f in body["flags"]] == ["unlicensed_employment"]


def test_enterprise_record_and_unknowns(api):
    with api.client("investigator") as c:
        ent = c.get(f"/api/v1/entities/enterprise/{E}").json()
        missing = c.get("/api/v1/entities/enterprise/0000000000")
        bad_type = c.get("/api/v1/entities/flag/x")
    assert ent["properties"]["enterprise_code"] == E and ent["resolution"] is None
    assert any(r["ref"] == f"enterprises:{E}" for r in ent["records"])
    assert len(ent["flags"]) == 3
    assert missing.status_code == 404 and "0000000000" in missing.json()["detail"]
    assert bad_type.status_code == 404 and "not an entity type" in bad_type.json()["detail"]


def test_neighbourhood_depth_filters_and_cap(api):
    p = api.persons["WANG XIAOMING"]
    url = f"/api/v1/entities/person/{p}/neighbourhood"
    with api.client("investigator") as c:
        one = c.get(url).json()
        three = c.get(url, params={"depth": 3}).json()
        capped = c.get(url, params={"depth": 3, "limit": 3}).json()
        only = c.get(url, params={"depth": 3, "node_types": "enterprise"}).json()
        bad_rel = c.get(url, params={"rel_types": "DETACH DELETE"})
        deep = c.get(url, params={"depth": 4})
        nothing = c.get(url, params={"rel_types": "USES_VEHICLE"})
        nobody = c.get("/api/v1/entities/person/p_nobody/neighbourhood")
    assert nothing.status_code == 200 and nothing.json()["nodes"] == []
    assert nobody.status_code == 404 and "p_nobody" in nobody.json()["detail"]
    assert {n["type"] for n in one["nodes"]} == {"person", "mention"}
    assert len(three["nodes"]) > len(one["nodes"]) and not any(
        n["type"] in ("flag", "auditentry") for n in three["nodes"])
    assert capped["truncated"] is True and len(capped["nodes"]) <= 3
    assert any(n["key"] == E for n in only["nodes"])
    ids = {n["id"] for n in three["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in three["edges"])
    assert bad_rel.status_code == 400 and "relationship type" in bad_rel.json()["detail"]
    assert deep.status_code == 422


def test_paths_between_person_and_enterprise(api):
    p = api.persons["WANG XIAOMING"]
    with api.client("investigator") as c:
        r = c.get("/api/v1/paths", params={"from_type": "person", "from_key": p,
                                           "to_type": "enterprise", "to_key": E,
                                           "max_length": 4, "limit": 2})
        too_long = c.get("/api/v1/paths", params={"from_type": "person", "from_key": p,
                                                  "to_type": "enterprise", "to_key": E,
                                                  "max_length": 7})
    assert r.status_code == 200, r.text
    path = r.json()["items"][0]
    assert path["nodes"][0]["key"] == p and path["nodes"][-1]["key"] == E
    assert path["length"] <= 4 and path["evidence"]
    assert too_long.status_code == 422


def test_queries_list_and_run(api):
    with api.client("analyst") as c:
        names = [q["name"] for q in c.get("/api/v1/queries").json()["items"]]
        ok = c.post("/api/v1/queries/permits_expiring",
                    json={"params": {"as_of": "2026-06-01", "days": 365}})
        bad = c.post("/api/v1/queries/nope", json={})
    assert "shortest_connections" in names
    assert ok.status_code == 200, ok.text
    assert ok.json()["query"] == "permits_expiring" and ok.json()["count"] >= 1
    assert bad.status_code == 400 and "is not a query" in bad.json()["detail"]
