"""Each named risk query on a tiny hand-built dataset, on the real engine."""

from __future__ import annotations

import pytest

from analysis.risk_queries import BadQuery, QUERIES, list_queries, run_query
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve import resolve_all
from tests.ingest.feedfiles import write_csv

S = "4900000044"
S_OFFICE = "Số 9 đường Lê Lợi, phường Vĩnh Trại, tỉnh Lạng Sơn"
AS_OF = "2026-06-01"
PEOPLE = {  # key: (name, passport or CCCD, date of birth, nationality)
    "p1": ("HE YI", "E20000001", "1980-01-01", "CHN"),
    "p2": ("LU ER", "E20000002", "1981-01-01", "CHN"),
    "p3": ("MA SAN", "E20000003", "1982-01-01", "CHN"),
    "p4": ("TAN SI", "E20000004", "1983-01-01", "CHN"),
    "p5": ("YAN WU", "E20000005", "1984-01-01", "CHN"),
    "guide": ("Nông Văn An", "020090001111", "1990-01-01", "VNM"),
    "p7": ("ZHANG QI", "E20000007", "1987-01-01", "CHN"),
    "p8": ("DU BA", "E20000008", "1988-01-01", "CHN"),
    "p9": ("GAO JIU", "E20000009", "1989-01-01", "CHN"),
    "p10": ("KONG SHI", "E20000010", "1990-02-02", "CHN"),
}


def who(key: str, id_column: str = "passport_no") -> dict[str, str]:
    name, number, dob, nat = PEOPLE[key]
    return {"full_name": name, id_column: number, "date_of_birth": dob, "nationality": nat}


def doc(n, key, doc_type, symbol, start, end, sponsor="", **extra):
    return {"record_id": f"R{n}", **who(key), "residence_doc_type": doc_type,
            "residence_symbol": symbol, "valid_from": start, "valid_to": end,
            "sponsor_code": sponsor, **extra}


def permit(no, key, start, end):
    return {"permit_no": no, "kind": "PERMIT", "status": "VALID", **who(key), "employer_code": S,
            "valid_from": start, "valid_to": end}


def stay(n, key, arrived, left=""):
    return {"declaration_id": f"KB{n}", "establishment_name": "Khách sạn Hữu Nghị",
            "establishment_type": "HOTEL", "establishment_address": "Số 1 đường Bắc Sơn, "
            "phường Hoàng Văn Thụ, tỉnh Lạng Sơn", **who(key), "arrived_on": arrived,
            "left_on": left}


def event(n, key, kind, at, point="CKQT-HN", point_kind="INTERNATIONAL_GATE", **extra):
    id_column = "id_no" if PEOPLE[key][3] == "VNM" else "passport_no"
    return {"event_id": f"EV{n}", "event_type": kind, "occurred_at": at,
            "border_point_code": point, "border_point_kind": point_kind, **who(key, id_column),
            **extra}


def trail(n, key, at, case, role):
    return event(n, key, "APPREHENDED", at, "LM-1", "TRAIL", case_ref=case, role=role,
                 vehicle_plate="12A-111.11")


FEEDS = {
    "enterprises": [{"enterprise_code": S, "name": "CÔNG TY TNHH SAO MAI", "address": S_OFFICE,
                     "phone": "0205 3812 999"}],
    "foreigners": [
        doc(1, "p1", "TRC", "LĐ2", "2025-01-01", "2026-12-31", S, phone="0912 111 111",
            address=S_OFFICE),
        doc(2, "p2", "TRC", "LĐ2", "2025-01-01", "2026-12-31", S),
        doc(3, "p3", "EVISA", "EV", "2026-01-01", "2026-03-01"),
        doc(4, "p4", "VISA", "LĐ2", "2026-01-01", "2026-12-31", S, phone="0912111111"),
        doc(5, "p5", "VISA", "LĐ2", "2026-01-01", "2026-12-31", S),
    ],
    "work_permits": [
        permit("GP-R1", "p1", "2025-01-01", "2026-06-20"),
        permit("GP-R2", "p2", "2025-01-01", "2026-06-10"),
        permit("GP-R2B", "p2", "2026-06-11", "2028-06-10"),
    ],
    "residence_declarations": [
        stay(1, "p3", "2026-02-20", "2026-04-01"),
        stay(2, "p8", "2026-03-01", "2026-03-05"),
        stay(3, "p9", "2026-03-05", "2026-03-06"),
        stay(4, "p10", "2026-03-20", "2026-03-22"),
    ],
    "border_events": [
        event(1, "p3", "ENTRY", "2026-02-20 09:00"),
        event(2, "p8", "ENTRY", "2026-01-05 09:00"),
        event(3, "p8", "EXIT", "2026-02-01 17:00"),
        event(4, "p10", "ENTRY", "2026-04-01 08:00"),
        trail(5, "guide", "2026-01-10 23:00", "VV-1", "GUIDE"),
        trail(6, "p7", "2026-01-10 23:00", "VV-1", "TRAVELLER"),
        trail(7, "guide", "2026-02-14 22:00", "VV-2", "GUIDE"),
    ],
}


@pytest.fixture(scope="module")
def tiny(settings, tmp_path_factory):
    """Ingested and resolved once; the queries only read."""
    import dataclasses
    import uuid

    from graph.engine import ensure_engine
    from graph.store import GraphStore, create_embedded_database, drop_embedded_database

    folder = tmp_path_factory.mktemp("risk")
    for name, rows in FEEDS.items():
        write_csv(folder / f"{name}.csv", name, rows)
    name = "t_" + uuid.uuid4().hex[:12]
    if settings.embedded:
        endpoint = ensure_engine(settings.data_dir, idle_seconds=0)
        create_embedded_database(endpoint, name)
        store = GraphStore.open(dataclasses.replace(settings, database=name))
    else:
        store = GraphStore.open(settings)
        store.clear()
    store.ensure_schema()
    writer = RejectWriter(folder / "rejects.csv")
    try:
        assert ingest_paths(store, [folder], rejects=writer).rejected == 0
    finally:
        writer.close()
    resolve_all(store)
    yield store
    store.close()
    if settings.embedded:
        drop_embedded_database(endpoint, name)


def person_id(store, passport_or_id: str) -> str:
    return store.read_value("MATCH (p:Person) WHERE $n IN p.passport_nos OR $n IN p.id_nos "
                            "RETURN p.person_id AS pid", n=passport_or_id)


def rows(store, name, **params):
    result = run_query(store, name, {"as_of": AS_OF, **params} if "as_of" in {
        p.name for p in QUERIES[name].params} else params)
    for row in result.rows:
        assert row["evidence"], (name, row)  # every row says where it comes from
    return result.rows


def test_permits_expiring_within_the_window_with_renewals(tiny):
    found = {r["permit_no"]: r for r in rows(tiny, "permits_expiring", days="30")}
    assert set(found) == {"GP-R1", "GP-R2"}
    assert (found["GP-R1"]["days_left"], found["GP-R1"]["renewed"]) == (19, False)
    assert found["GP-R2"]["renewed"] and "work_permits:GP-R2B" in found["GP-R2"]["evidence"]
    assert rows(tiny, "permits_expiring", days="5") == []


def test_expired_but_declared_counts_the_nights_after_the_document(tiny):
    (row,) = rows(tiny, "expired_but_declared")
    assert (row["passport_nos"], row["nights"], row["valid_to"]) == (["E20000003"], 30, "2026-03-01")
    assert row["evidence"] == ["foreigners:R3", "residence_declarations:KB1"]
    assert rows(tiny, "expired_but_declared", as_of="2026-02-25") == []


def test_sponsors_without_permits(tiny):
    (row,) = rows(tiny, "sponsors_without_permits", min_foreigners="2")
    assert (row["enterprise_code"], row["sponsored"], row["without_permit"]) == (S, 4, 2)
    assert {p["full_name"] for p in row["persons"]} == {"TAN SI", "YAN WU"}
    assert rows(tiny, "sponsors_without_permits", min_foreigners="3") == []


def test_trail_crossers(tiny):
    found = {r["full_name"]: r for r in rows(tiny, "trail_crossers")}
    assert set(found) == {"Nông Văn An", "ZHANG QI"}
    guide = found["Nông Văn An"]
    assert (guide["events"], guide["cases"], guide["roles"][0]) == (2, ["VV-1", "VV-2"], "GUIDE")
    assert [r["full_name"] for r in rows(tiny, "trail_crossers", since="2026-02-01")] == [
        "Nông Văn An"]


def test_shared_links_by_phone_address_and_vehicle(tiny):
    found = {r["key"]: r for r in rows(tiny, "shared_links",
                                      person_id=person_id(tiny, "E20000001"))}
    p4 = person_id(tiny, "E20000004")
    assert found[p4]["shares"] == [{"via": "phone", "value": "+84912111111"}]
    assert [s["via"] for s in found[S]["shares"]] == ["address"]
    assert "enterprises:" + S in found[S]["evidence"]
    by_vehicle = rows(tiny, "shared_links", person_id=person_id(tiny, "020090001111"))
    assert [(r["name"], r["shares"][0]["value"]) for r in by_vehicle] == [("ZHANG QI", "12A11111")]
    with pytest.raises(BadQuery, match="No person has the id p_nobody"):
        run_query(tiny, "shared_links", {"person_id": "p_nobody"})


def test_shortest_connections_between_a_person_and_an_enterprise(tiny):
    paths = rows(tiny, "shortest_connections", **{"from": person_id(tiny, "E20000004"), "to": S})
    assert paths and all(p["length"] == 3 for p in paths)
    assert {p["nodes"][2]["label"] for p in paths} <= {"ResidenceRecord", "Sponsorship"}
    assert paths[0]["evidence"] == ["foreigners:R4"]
    via_phone = rows(tiny, "shortest_connections", **{"from": f"Enterprise:{S}",
                                                      "to": "Phone:+84912111111"})
    assert {p["length"] for p in via_phone} == {2}  # the sponsored record carries the phone
    assert rows(tiny, "shortest_connections", **{"from": f"Enterprise:{S}", "max_length": "4",
                                                 "to": person_id(tiny, "020090001111")}) == []


def test_stays_without_entry(tiny):
    found = {r["passport_nos"][0]: r["status"] for r in rows(tiny, "stays_without_entry")}
    assert found == {"E20000008": "after_exit", "E20000009": "no_entry_record",
                     "E20000010": "before_first_entry"}
    assert "E20000009" not in {r["passport_nos"][0] for r in rows(
        tiny, "stays_without_entry", include_no_entry="false")}


def test_parameters_are_checked_with_one_sentence(tiny):
    with pytest.raises(BadQuery, match="not a query"):
        run_query(tiny, "everything", {})
    with pytest.raises(BadQuery, match="takes no parameter 'dayz'"):
        run_query(tiny, "permits_expiring", {"dayz": "3"})
    with pytest.raises(BadQuery, match="'soon' is not a valid int for days"):
        run_query(tiny, "permits_expiring", {"days": "soon"})
    with pytest.raises(BadQuery, match="needs person_id"):
        run_query(tiny, "shared_links", {})
    catalogue = {q["name"]: q for q in list_queries()}
    assert set(catalogue) == set(QUERIES) and len(catalogue) == 7
    assert all(p["doc"] for q in catalogue.values() for p in q["params"])
