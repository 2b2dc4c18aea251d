"""Illegal-entry networks on the real engine: a planted network and the look-alikes.

One network is caught in three cases: the same guide on the trail in the
first two, the same driver and van on the road in the last two, the
organiser's phone on travellers in the first and last, a household host who
declared an overstayer caught in the last case, and the organiser himself.
Around it: a one-off apprehension with a taxi driver seen once, a traveller
caught twice on his own, and legal tour groups at the gate with a licensed
leader recorded as GUIDE in each.
"""

from __future__ import annotations

import datetime as dt
import json

from analysis import networks
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve.service import resolve_all
from tests.ingest.feedfiles import write_csv

AS_OF = dt.date(2025, 12, 31)
GUIDE, DRIVER, ORGANISER, HOST = "020085000101", "020080000102", "020075000103", "020170000104"
PLATE, BOSS_PHONE = "12A34567", "0987000111"
CASES = {"VV-2025-0001": "2025-03-01", "VV-2025-0002": "2025-04-01", "VV-2025-0003": "2025-05-10"}


def event(eid, case, name, role="TRAVELLER", *, day, kind="TRAIL", point="LM-01", **extra):
    row = {"event_id": eid, "event_type": "APPREHENDED", "occurred_at": f"{day} 02:00",
           "border_point_code": point, "border_point_kind": kind, "full_name": name,
           "nationality": "CHN", "document_type": "NONE", "case_ref": case,
           "group_ref": f"NH-{case[-4:]}" if case else "", "role": role}
    return {**row, **extra}


def vn(eid, case, name, role, ident, *, day, kind="INLAND", **extra):
    return event(eid, case, name, role, day=day, kind=kind, point="TKS-01" if kind == "INLAND"
                 else "LM-01", nationality="VNM", id_no=ident, **extra)


def network_rows() -> list[dict]:
    rows = []
    for n, (case, day) in enumerate(CASES.items(), start=1):
        kind = "INLAND" if n == 3 else "TRAIL"
        for j in range(3):
            rows.append(event(f"E{n}{j}", case, f"ZHANG TRAVELLER{n}{j}", day=day, kind=kind,
                              date_of_birth=f"199{n}-0{j + 1}-15",
                              phone=BOSS_PHONE if j == 0 and n != 2 else ""))
    d1, d2, d3 = CASES.values()
    rows += [vn("G1", "VV-2025-0001", "Nông Văn Dẫn", "GUIDE", GUIDE, day=d1, kind="TRAIL"),
             vn("G2", "VV-2025-0002", "Nông Văn Dẫn", "GUIDE", GUIDE, day=d2, kind="TRAIL"),
             vn("D2", "VV-2025-0002", "Hoàng Văn Xe", "DRIVER", DRIVER, day=d2, vehicle_plate=PLATE),
             vn("D3", "VV-2025-0003", "Hoàng Văn Xe", "DRIVER", DRIVER, day=d3, vehicle_plate="12A-345.67"),
             vn("O3", "VV-2025-0003", "Lương Văn Chủ", "ORGANISER", ORGANISER, day=d3, phone=BOSS_PHONE),
             vn("H3", "VV-2025-0003", "Vi Thị Nhà", "HOST", HOST, day=d3),
             event("V3", "VV-2025-0003", "LIU OVERSTAY", day=d3, kind="INLAND", point="TKS-01",
                   document_type="PASSPORT", passport_no="E20000001", date_of_birth="1990-01-01")]
    return rows


def look_alike_rows() -> list[dict]:
    rows = [event("L1", "VV-2025-0050", "ZHAO LONE", day="2025-06-01", kind="INLAND", point="TKS-01",
                  date_of_birth="1980-01-01"),
            vn("L2", "VV-2025-0050", "Phạm Văn Taxi", "DRIVER", "020081000105", day="2025-06-01",
               vehicle_plate="99Z99999", phone="0987000999")]
    for n, day in ((60, "2025-07-01"), (61, "2025-08-01")):  # one man caught twice, alone
        rows.append(event(f"R{n}", f"VV-2025-00{n}", "QIAN REPEAT", day=day, id_no="450103199001011234",
                          date_of_birth="1990-01-01"))
    for g in range(3):  # legal tour groups at the gate, the licensed leader in each
        gate = {"event_type": "ENTRY", "occurred_at": f"2025-0{g + 3}-05 09:00",
                "border_point_code": "CKQT-HN", "border_point_kind": "INTERNATIONAL_GATE",
                "nationality": "CHN", "document_type": "PASSPORT", "group_ref": f"NH-TOUR-{g}"}
        rows += [{**gate, "event_id": f"T{g}{j}", "full_name": f"TOURIST NUMBER{g}{j}",
                  "passport_no": f"E3000{g}{j:03d}"} for j in range(6)]
        rows.append({**gate, "event_id": f"TL{g}", "full_name": "YANG LEADER",
                     "passport_no": "E39999999", "role": "GUIDE"})
    return rows


def overstay_rows() -> dict[str, list[dict]]:
    return {
        "foreigners": [{"record_id": "R900", "full_name": "LIU OVERSTAY", "nationality": "CHN",
                        "passport_no": "E20000001", "date_of_birth": "1990-01-01",
                        "residence_doc_type": "EVISA", "residence_symbol": "EV",
                        "valid_from": "2024-12-01", "valid_to": "2025-02-28"}],
        "residence_declarations": [{
            "declaration_id": "KB900", "establishment_name": "Nhà bà Vi Thị Nhà",
            "establishment_type": "HOUSEHOLD", "establishment_code": HOST,
            "establishment_address": "Thôn Nà Pàn, xã Tân Thanh, tỉnh Lạng Sơn",
            "host_name": "Vi Thị Nhà",
            "full_name": "LIU OVERSTAY", "passport_no": "E20000001", "nationality": "CHN",
            "date_of_birth": "1990-01-01", "arrived_on": "2024-12-02"}],
    }


def load(store, folder, feeds: dict[str, list[dict]]) -> None:
    folder.mkdir(exist_ok=True)
    paths = [write_csv(folder / f"{name}.csv", name, data) for name, data in feeds.items()]
    writer = RejectWriter(folder / "rejects.csv")
    try:
        summary = ingest_paths(store, paths, rejects=writer)
    finally:
        writer.close()
    assert summary.rejected == 0, (folder / "rejects.csv").read_text()
    resolve_all(store)


def by_ident(flag) -> dict[str, tuple[str, str | None]]:
    return {(p.id_nos or p.passport_nos or (p.person_id,))[0]: (p.role, p.facilitator_role)
            for p in flag.persons}


def test_the_network_is_found_with_its_facilitators_and_nothing_else(store, tmp_path):
    feeds = {"border_events": network_rows() + look_alike_rows(), **overstay_rows()}
    load(store, tmp_path / "base", feeds)
    flags = networks.detect(store, as_of=AS_OF)
    assert len(flags) == 1
    (flag,) = flags
    people = by_ident(flag)
    assert {k: v for k, v in people.items() if v[0] == "facilitator"} == {
        GUIDE: ("facilitator", "GUIDE"), DRIVER: ("facilitator", "DRIVER"),
        ORGANISER: ("facilitator", "ORGANISER"), HOST: ("facilitator", "HOST")}
    assert len(people) == 9 + 1 + 4 and people["E20000001"] == ("traveller", None)
    assert not {"020081000105", "450103199001011234", "E39999999"} & set(people)
    assert flag.reasons == ["RECURRING_FACILITATOR", "RECURRING_VEHICLE", "RECURRING_PHONE",
                            "SAFE_HOUSE", "ORGANISER", "TRAVELLERS_5_10"]
    texts = {e["signal"]: e["text"] for e in flag.to_json()["evidence"]}
    assert texts["RECURRING_VEHICLE"] == f"Vehicle {PLATE} appears in 2 cases"
    assert "Nông Văn Dẫn" in texts["RECURRING_FACILITATOR"]
    evidence = flag.to_json()["evidence"]
    assert {"border_events:D2", "border_events:D3"} <= set(next(
        e["records"] for e in evidence if e["signal"] == "RECURRING_VEHICLE"))
    safe_house = next(e for e in evidence if e["signal"] == "SAFE_HOUSE")
    assert "residence_declarations:KB900" in safe_house["records"]
    host = next(p for p in flag.persons if HOST in p.id_nos)
    assert set(host.records) == {"border_events:H3", "residence_declarations:KB900"}

    # same data, same answer
    again = networks.detect(store, as_of=AS_OF)
    assert [json.dumps(f.to_json(), sort_keys=True) for f in again] == [
        json.dumps(f.to_json(), sort_keys=True) for f in flags]

    # as of before the third case: still a network (the guide), smaller, with the same id
    before = networks.detect(store, as_of=dt.date(2025, 5, 1))
    assert [f.subject for f in before] == [flag.subject]
    assert len(before[0].persons) == 6 + 2 and before[0].score < flag.score
    # before the second case there is one small case and no network
    assert networks.detect(store, as_of=dt.date(2025, 3, 15)) == []


def test_a_new_case_with_the_same_van_grows_the_network_and_keeps_its_id(store, tmp_path):
    load(store, tmp_path / "base", {"border_events": network_rows(), **overstay_rows()})
    (before,) = networks.detect(store, as_of=AS_OF)
    extra = [event(f"N{j}", "VV-2025-0070", f"WU NEWCOMER{j}", day="2025-09-01", kind="INLAND",
                   point="TKS-01", date_of_birth=f"1985-0{j + 1}-01") for j in range(8)]
    extra.append(vn("D7", "VV-2025-0070", "Hoàng Văn Xe", "DRIVER", DRIVER, day="2025-09-01",
                    vehicle_plate=PLATE))
    load(store, tmp_path / "more", {"border_events": extra})
    (after,) = networks.detect(store, as_of=AS_OF)
    assert after.subject == before.subject and after.score >= before.score
    assert len(after.persons) == len(before.persons) + 8
    assert "TRAVELLERS_11_PLUS" in after.reasons
