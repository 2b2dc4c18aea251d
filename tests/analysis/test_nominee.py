"""Nominee investment on the real engine: one planted front per signal, and the look-alikes.

A small hand-built province: every enterprise below is one case, named by
its code. The fronts must be flagged with the right signals, controller and
nominee; openly foreign-owned firms, lawful Vietnamese employers, owners
married to unrelated foreigners, serial owners with no foreigners and a
single weak tie must not be.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from analysis import nominee
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve.service import resolve_all
from tests.ingest.feedfiles import write_csv

AS_OF = dt.date(2025, 6, 1)
SPOUSE_PHONE, SPOUSE_ONLY, OPEN_FOREIGN, LAWFUL = "4900000011", "4900000012", "4900000013", "4900000014"
UNRELATED_SPOUSE, MANAGER, MANAGER_UNKNOWN_CAPITAL = "4900000015", "4900000016", "4900000017"
FOREIGN_DIRECTOR = "4900000018"
SERIAL = ["4900000021", "4900000022", "4900000023"]
SERIAL_NO_FOREIGNERS = ["4900000024", "4900000025", "4900000026"]
OPEN_EMPLOYER, EMPLOYEE_FRONT, CHANGED_OWNER = "4900000031", "4900000032", "4900000041"

CN = {  # foreigners: passport -> (name, phone)
    "E10000001": ("WANG LEI", "0912000001"), "E10000002": ("LI QIANG", ""),
    "E10000003": ("ZHAO MIN", "0912000003"), "E10000004": ("CHEN HAO", ""),
    "E10000005": ("SUN YING", ""), "E10000006": ("ZHOU JIE", ""), "E10000007": ("WU GANG", ""),
    "E10000008": ("XU FENG", ""), "E10000009": ("HU BIN", ""), "E10000010": ("GUO PING", "0912000010"),
    "E10000011": ("MA LIN", ""), "E10000012": ("LUO YI", "0912000012"),
}
VN = {  # citizens: name -> CCCD
    "Nguyễn Thị An": "020190000001", "Trần Văn Bình": "020085000002", "Lê Văn Cường": "020080000003",
    "Phạm Văn Dũng": "020075000004", "Hoàng Thị Giang": "020188000005", "Vũ Văn Minh": "020082000006",
    "Đỗ Văn Nam": "020083000016", "Bùi Thị Sen": "020192000007", "Đặng Văn Tâm": "020070000008",
    "Ngô Thị Én": "020195000009", "Dương Văn Hải": "020078000010", "Lý Văn Khánh": "020079000011",
    "Trịnh Văn Phúc": "020084000012",
}


def office(code: str) -> str:
    return f"Số {int(code[-2:])} đường Lê Lợi, phường Vĩnh Trại, tỉnh Lạng Sơn"


def home(cccd: str) -> str:
    return f"Số {int(cccd[-2:])} đường Bà Triệu, phường Đông Kinh, tỉnh Lạng Sơn"


def enterprise(code, *, pct="0", phone="", email="") -> dict:
    return {"enterprise_code": code, "name": f"CÔNG TY TNHH THỬ NGHIỆM {code[-2:]}",
            "address": office(code), "registered_on": "2019-01-01", "status": "ACTIVE",
            "foreign_capital_pct": pct, "phone": phone, "email": email}


def role(code, name, kind="OWNER", *, share="100", since="2019-01-01", until="") -> dict:
    foreign = name in {n for n, _ in CN.values()}
    ident = next(p for p, (n, _) in CN.items() if n == name) if foreign else VN[name]
    return {"enterprise_code": code, "role": kind, "full_name": name,
            "id_type": "PASSPORT" if foreign else "CCCD", "id_no": ident,
            "nationality": "CHN" if foreign else "VNM",
            "share_pct": share if kind in ("OWNER", "MEMBER") else "", "since": since, "until": until}


def resident(rid, passport, sponsor, *, address="", symbol="LĐ2") -> dict:
    name, phone = CN[passport]
    return {"record_id": rid, "full_name": name, "nationality": "CHN", "passport_no": passport,
            "residence_doc_type": "TRC", "residence_symbol": symbol, "valid_from": "2023-01-01",
            "valid_to": "2026-12-31", "sponsor_code": sponsor, "address": address, "phone": phone}


def sponsored(app_id, passport, code, stay_from="2023-01-01") -> dict:
    return {"application_id": app_id, "sponsor_type": "ENTERPRISE", "sponsor_code": code,
            "full_name": CN[passport][0], "passport_no": passport, "nationality": "CHN",
            "purpose_symbol": "DN1", "stay_from": stay_from, "stay_to": "2026-12-31"}


def permit(no, passport, code, position) -> dict:
    return {"permit_no": no, "kind": "PERMIT", "status": "VALID", "full_name": CN[passport][0],
            "passport_no": passport, "nationality": "CHN", "employer_code": code,
            "position": position, "valid_from": "2023-01-01", "valid_to": "2026-12-31"}


def married(rid, vn_name, passport, on="2022-05-01") -> dict:
    return {"record_id": rid, "registered_on": on, "vn_full_name": vn_name, "vn_id_no": VN[vn_name],
            "foreign_full_name": CN[passport][0], "foreign_passport_no": passport,
            "foreign_nationality": "CHN"}


def declared(did, passport, *, kind, code, address, host="") -> dict:
    return {"declaration_id": did, "establishment_name": f"Nơi ở {did}", "establishment_type": kind,
            "establishment_code": code, "establishment_address": address, "host_name": host,
            "full_name": CN[passport][0], "passport_no": passport, "nationality": "CHN",
            "arrived_on": "2023-02-01"}


def rows() -> dict[str, list[dict]]:
    serial = [r for c in SERIAL for r in (role(c, "Bùi Thị Sen"),)]
    return {
        "enterprises": [
            enterprise(SPOUSE_PHONE, phone="0912000001"), enterprise(SPOUSE_ONLY),
            enterprise(OPEN_FOREIGN, pct="100", phone="0912000003"), enterprise(LAWFUL),
            enterprise(UNRELATED_SPOUSE), enterprise(MANAGER),
            enterprise(MANAGER_UNKNOWN_CAPITAL, pct=""),
            *[enterprise(c) for c in SERIAL + SERIAL_NO_FOREIGNERS],
            enterprise(OPEN_EMPLOYER, pct="100", email="info@hubin.cn"),
            enterprise(EMPLOYEE_FRONT, email="info@hubin.cn"),
            enterprise(CHANGED_OWNER, phone="0912000010"),
            enterprise(FOREIGN_DIRECTOR, phone="0912000012"),
        ],
        "enterprise_people": [
            role(SPOUSE_PHONE, "Nguyễn Thị An"), role(SPOUSE_PHONE, "Nguyễn Thị An", "LEGAL_REP"),
            role(SPOUSE_ONLY, "Trần Văn Bình"),
            role(OPEN_FOREIGN, "ZHAO MIN"), role(OPEN_FOREIGN, "Lê Văn Cường", "LEGAL_REP"),
            role(LAWFUL, "Phạm Văn Dũng"), role(UNRELATED_SPOUSE, "Hoàng Thị Giang"),
            role(MANAGER, "Vũ Văn Minh"), role(MANAGER_UNKNOWN_CAPITAL, "Đỗ Văn Nam"),
            *serial, *[role(c, "Đặng Văn Tâm") for c in SERIAL_NO_FOREIGNERS],
            role(OPEN_EMPLOYER, "HU BIN"), role(OPEN_EMPLOYER, "Ngô Thị Én", "CHIEF_ACCOUNTANT"),
            role(EMPLOYEE_FRONT, "Ngô Thị Én", "MEMBER", share="70"),
            role(CHANGED_OWNER, "Dương Văn Hải", until="2024-06-30"),
            role(CHANGED_OWNER, "Lý Văn Khánh", since="2024-07-01"),
            role(FOREIGN_DIRECTOR, "Trịnh Văn Phúc"), role(FOREIGN_DIRECTOR, "LUO YI", "DIRECTOR"),
        ],
        "foreigners": [
            resident("R1", "E10000001", SPOUSE_PHONE),
            resident("R3", "E10000003", OPEN_FOREIGN, address=office(OPEN_FOREIGN), symbol="ĐT3"),
            resident("R4", "E10000004", LAWFUL, address=office(LAWFUL)),
            resident("R7", "E10000007", MANAGER, address=office(MANAGER)),
            resident("R11", "E10000011", MANAGER_UNKNOWN_CAPITAL,
                     address=office(MANAGER_UNKNOWN_CAPITAL)),
            resident("R10", "E10000010", CHANGED_OWNER),
            resident("R12", "E10000012", "", symbol="DN1"),
        ],
        "sponsorships": [
            sponsored("A1", "E10000001", SPOUSE_PHONE), sponsored("A6", "E10000006", UNRELATED_SPOUSE),
            *[sponsored(f"A8{i}", "E10000008", c) for i, c in enumerate(SERIAL)],
            sponsored("A9", "E10000009", EMPLOYEE_FRONT), sponsored("A10", "E10000010", CHANGED_OWNER),
        ],
        "work_permits": [
            permit("GP-2", "E10000002", SPOUSE_ONLY, "TECHNICAL_WORKER"),
            permit("GP-4", "E10000004", LAWFUL, "TECHNICAL_WORKER"),
            permit("GP-7", "E10000007", MANAGER, "MANAGER"),
            permit("GP-11", "E10000011", MANAGER_UNKNOWN_CAPITAL, "EXECUTIVE"),
        ],
        "marriages": [
            married("HN1", "Nguyễn Thị An", "E10000001"), married("HN2", "Trần Văn Bình", "E10000002"),
            married("HN3", "Lê Văn Cường", "E10000003"), married("HN5", "Hoàng Thị Giang", "E10000005"),
            married("HN10", "Dương Văn Hải", "E10000010"),
        ],
        "residence_declarations": [
            declared("KB4", "E10000004", kind="ENTERPRISE_DORMITORY", code=LAWFUL,
                     address=office(LAWFUL)),
            declared("KB5", "E10000005", kind="HOUSEHOLD", code=VN["Hoàng Thị Giang"],
                     address=home(VN["Hoàng Thị Giang"]), host="Hoàng Thị Giang"),
            declared("KB7", "E10000007", kind="OTHER", code=MANAGER, address=office(MANAGER)),
            declared("KB8", "E10000008", kind="HOUSEHOLD", code=VN["Bùi Thị Sen"],
                     address=home(VN["Bùi Thị Sen"]), host="Bùi Thị Sen"),
        ],
    }


def load(store, folder, feeds: dict[str, list[dict]]) -> None:
    folder.mkdir(exist_ok=True)
    paths = [write_csv(folder / f"{name}.csv", name, data) for name, data in feeds.items() if data]
    writer = RejectWriter(folder / "rejects.csv")
    try:
        summary = ingest_paths(store, paths, rejects=writer)
    finally:
        writer.close()
    assert summary.rejected == 0, (folder / "rejects.csv").read_text()
    resolve_all(store)


def detect(store, as_of=AS_OF):
    return {f.subject["enterprise_code"]: f for f in nominee.detect(store, as_of=as_of)}


def names(flag, role_name):
    return sorted(p.passport_nos[0] if p.passport_nos else p.id_nos[0]
                  for p in flag.persons if p.role == role_name)


def test_fronts_are_flagged_and_look_alikes_are_not(store, tmp_path):
    load(store, tmp_path / "base", rows())
    flags = detect(store)
    assert sorted(flags) == sorted([SPOUSE_PHONE, MANAGER, EMPLOYEE_FRONT, FOREIGN_DIRECTOR, *SERIAL])
    assert flags[SPOUSE_PHONE].reasons == ["SPOUSE", "SHARED_PHONE"]
    assert names(flags[SPOUSE_PHONE], "controller") == ["E10000001"]
    assert names(flags[SPOUSE_PHONE], "nominee") == [VN["Nguyễn Thị An"]]
    assert flags[MANAGER].reasons == ["FOREIGN_MANAGER_ZERO_CAPITAL", "SHARED_ADDRESS"]
    assert names(flags[MANAGER], "controller") == ["E10000007"]
    assert flags[EMPLOYEE_FRONT].reasons == ["EMPLOYEE", "SHARED_EMAIL"]
    assert names(flags[EMPLOYEE_FRONT], "controller") == ["E10000009"]
    # a foreigner registered as director of a 0 % foreign-capital firm, on its phone
    assert flags[FOREIGN_DIRECTOR].reasons == ["FOREIGN_MANAGER_ZERO_CAPITAL", "SHARED_PHONE"]
    assert names(flags[FOREIGN_DIRECTOR], "controller") == ["E10000012"]
    for code in SERIAL:
        assert flags[code].reasons == ["HOST", "SERIAL_NOMINEE"]
        assert names(flags[code], "nominee") == [VN["Bùi Thị Sen"]]
        assert names(flags[code], "controller") == ["E10000008"]
    # Not flagged: an open foreign owner; a lawful employer housing its worker in a dormitory
    # at its office; an owner married to a foreigner the firm has nothing to do with; a
    # manager where the foreign capital is unknown (not zero); a serial owner whose firms
    # have no foreigners; a spouse employed by the firm and nothing else (one weak tie);
    # a firm whose tied owner left before the date.
    assert not {OPEN_FOREIGN, LAWFUL, UNRELATED_SPOUSE, MANAGER_UNKNOWN_CAPITAL, OPEN_EMPLOYER,
                SPOUSE_ONLY, CHANGED_OWNER, *SERIAL_NO_FOREIGNERS} & set(flags)

    # same data, same flags, ids and scores
    again = nominee.detect(store, as_of=AS_OF)
    assert [json.dumps(f.to_json(), sort_keys=True) for f in again] == [
        json.dumps(f.to_json(), sort_keys=True)
        for f in sorted(flags.values(), key=lambda f: (-f.score, f.subject["enterprise_code"]))]

    # as of an earlier date, the owner who has since left was the spouse of the foreigner
    earlier = detect(store, dt.date(2024, 1, 1))
    assert earlier[CHANGED_OWNER].reasons == ["SPOUSE", "SHARED_PHONE"]
    assert names(earlier[CHANGED_OWNER], "nominee") == [VN["Dương Văn Hải"]]
    check_traceable(store, flags[SPOUSE_PHONE])


def check_traceable(store, flag):
    out = flag.to_json()
    assert out["subject"] == {"enterprise_code": SPOUSE_PHONE} and out["enterprises"] == [SPOUSE_PHONE]
    assert 0.5 <= out["score"] < 1
    texts = " ".join(e["text"] for e in out["evidence"])
    assert "WANG LEI" in texts and "+84912000001" in texts
    assert all(e["rule"] and 0 < e["weight"] < 1 for e in out["evidence"])
    refs = sorted({r for e in out["evidence"] for r in e["records"]})
    assert {"marriages:HN1", "foreigners:R1", f"enterprises:{SPOUSE_PHONE}"} <= set(refs)
    found = set()
    for label in ("Marriage", "Sponsorship", "Registration", "EnterpriseRole", "ResidenceRecord"):
        found |= {r["ref"] for r in store.read(
            f"UNWIND $refs AS ref MATCH (r:{label} {{ref: ref}}) RETURN r.ref AS ref", refs=refs)}
    assert sorted(found) == refs
    controller = next(p for p in out["persons"] if p["role"] == "controller")
    assert {"marriages:HN1", "foreigners:R1"} <= set(controller["records"])


def test_every_weight_is_below_the_threshold_and_has_a_rule():
    for code, row in nominee.WEIGHTS.items():
        assert 0 < row.weight < nominee.EMIT_THRESHOLD, code
        assert row.rule and row.text.endswith(".")


def test_more_evidence_never_lowers_a_score(store, tmp_path):
    load(store, tmp_path / "base", rows())
    before = detect(store)
    # the spouse-employee now also lives in the owner's household: two ties, a lead
    load(store, tmp_path / "more", {"residence_declarations": [
        declared("KB2", "E10000002", kind="HOUSEHOLD", code=VN["Trần Văn Bình"],
                 address=home(VN["Trần Văn Bình"]), host="Trần Văn Bình"),
        declared("KB1", "E10000001", kind="HOUSEHOLD", code=VN["Nguyễn Thị An"],
                 address=home(VN["Nguyễn Thị An"]), host="Nguyễn Thị An")]})
    after = detect(store)
    assert set(before) < set(after) and after[SPOUSE_ONLY].reasons == ["SPOUSE", "HOST"]
    assert all(after[code].score >= flag.score for code, flag in before.items())
    assert after[SPOUSE_PHONE].score > before[SPOUSE_PHONE].score
