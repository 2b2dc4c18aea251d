"""Unlicensed employment on the real engine: one hand-built province, one row set per signal.

Every violation the detector must see is next to a look-alike it must not
flag: the lawful worker (with a permit naming the branch), the business
visitor in a hotel, the TT spouse in a household, the exemption holder, the
owner with VND 5 bn in the firm, the worker whose permit ran out after they
left (declared, or seen at the border with the stay never closed), the short
stay and the long hotel stay.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from analysis import unlicensed
from analysis.model import FlagCandidate
from graph.store import GraphStore, create_embedded_database, drop_embedded_database
from graph.engine import ensure_engine
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve import resolve_all
from tests.ingest.feedfiles import write_csv

A, B, H = "4900000011", "4900000022", "4900000033"
A_OFFICE = "Số 5 đường Bà Triệu, phường Đông Kinh, tỉnh Lạng Sơn"
A_DORM = "Lô C2 khu công nghiệp Đồng Bành, xã Chi Lăng, tỉnh Lạng Sơn"
H_ADDRESS = "Số 8 đường Trần Đăng Ninh, phường Lương Văn Tri, tỉnh Lạng Sơn"
HOME = "Thôn Nà Pàn, xã Tân Thanh, tỉnh Lạng Sơn"
CITIZEN = "020190001234"

# name, passport, date of birth
PEOPLE = {
    "ok": ("ZHAO YI", "E10000001", "1980-01-01"),
    "no_permit": ("QIAN ER", "E10000002", "1981-02-02"),
    "expired": ("SUN SAN", "E10000003", "1982-03-03"),
    "revoked": ("LI SI", "E10000004", "1983-04-04"),
    "other": ("ZHOU WU", "E10000005", "1984-05-05"),
    "evisa": ("WU LIU", "E10000006", "1985-06-06"),
    "visitor": ("ZHENG QI", "E10000007", "1986-07-07"),
    "spouse": ("WANG BA", "E10000008", "1987-08-08"),
    "exempt": ("FENG JIU", "E10000009", "1988-09-09"),
    "left": ("CHEN SHI", "E10000010", "1989-10-10"),
    "short": ("CHU SHIYI", "E10000011", "1990-11-11"),
    "hotel": ("WEI SHIER", "E10000012", "1991-12-12"),
    "owner": ("JIANG SHISAN", "E10000013", "1975-01-13"),
    "exited": ("HAN SHISI", "E10000014", "1976-01-14"),
}


def _who(key: str) -> dict[str, str]:
    name, passport, dob = PEOPLE[key]
    return {"full_name": name, "passport_no": passport, "date_of_birth": dob, "nationality": "CHN"}


def _doc(n: int, key: str, doc: str, symbol: str, start: str, end: str, sponsor: str = "") -> dict:
    return {"record_id": f"R{n:03d}", **_who(key), "residence_doc_type": doc,
            "residence_symbol": symbol, "valid_from": start, "valid_to": end,
            "sponsor_code": sponsor}


def _permit(no: str, key: str, employer: str, start: str, end: str, status: str = "VALID",
            kind: str = "PERMIT", revoked: str = "") -> dict:
    return {"permit_no": no, "kind": kind, "status": status, **_who(key),
            "employer_code": employer, "valid_from": start, "valid_to": end, "revoked_on": revoked}


def _stay(n: int, key: str, place: str, kind: str, code: str, address: str, arrived: str,
          left: str = "") -> dict:
    return {"declaration_id": f"KB{n:03d}", "establishment_name": place,
            "establishment_type": kind, "establishment_code": code,
            "establishment_address": address, **_who(key), "arrived_on": arrived, "left_on": left}


def _dorm(n, key, arrived, left=""):
    return _stay(n, key, "Ký túc xá An Phát", "ENTERPRISE_DORMITORY", A, A_DORM, arrived, left)


def _hotel(n, key, arrived, left):
    return _stay(n, key, "Khách sạn Tân Thanh", "HOTEL", H, H_ADDRESS, arrived, left)


FEEDS = {
    "enterprises": [
        {"enterprise_code": A, "name": "CÔNG TY TNHH AN PHÁT", "address": A_OFFICE, "status": "ACTIVE"},
        {"enterprise_code": f"{A}-001", "name": "CHI NHÁNH CÔNG TY TNHH AN PHÁT", "address": A_DORM},
        {"enterprise_code": B, "name": "CÔNG TY TNHH BÌNH MINH", "address": HOME.replace("Nà Pàn", "Khòn Khuyên")},
        {"enterprise_code": H, "name": "CÔNG TY TNHH KHÁCH SẠN TÂN THANH", "address": H_ADDRESS},
    ],
    "foreigners": [
        _doc(1, "ok", "TRC", "LĐ2", "2025-01-01", "2026-12-31", A),
        _doc(2, "no_permit", "VISA", "LD2", "2025-03-01", "2026-12-31", A),
        _doc(3, "expired", "TRC", "LĐ2", "2024-01-01", "2026-12-31", A),
        _doc(4, "revoked", "TRC", "LĐ2", "2025-01-01", "2026-12-31", A),
        _doc(5, "other", "TRC", "LĐ2", "2025-01-01", "2026-12-31", B),
        _doc(6, "evisa", "EVISA", "EV", "2025-04-01", "2025-06-29"),
        _doc(7, "visitor", "VISA", "DN1", "2025-01-01", "2025-06-30", A),
        _doc(8, "spouse", "TRC", "TT", "2024-06-01", "2027-05-31", CITIZEN),
        _doc(9, "exempt", "TRC", "ĐT3", "2025-01-01", "2027-12-31", A),
        _doc(10, "left", "TRC", "LĐ2", "2024-01-01", "2025-12-31", A),
        _doc(11, "short", "EVISA", "EV", "2025-04-01", "2025-06-29"),
        _doc(12, "hotel", "EVISA", "EV", "2025-04-01", "2025-06-29"),
        _doc(13, "owner", "TRC", "ĐT3", "2025-02-01", "2028-01-31", A),
        _doc(14, "exited", "TRC", "LĐ2", "2024-01-01", "2025-12-31", A),
    ],
    # A foreign owner with VND 5 bn in A needs no permit (and holds none).
    "enterprise_people": [
        {"enterprise_code": A, "role": "MEMBER", "full_name": "JIANG SHISAN", "id_type": "PASSPORT",
         "id_no": "E10000013", "nationality": "CHN", "share_pct": "50",
         "capital_vnd": "5000000000", "since": "2025-01-15"},
    ],
    # The worker whose dormitory stay was never closed left the country.
    "border_events": [
        {"event_id": "EV1", "event_type": "EXIT", "occurred_at": "2025-10-01 10:00",
         "border_point_code": "CKQT-HN", **_who("exited")},
    ],
    "work_permits": [
        _permit("GP-OK", "ok", f"{A}-001", "2024-12-20", "2026-12-31"),  # the branch covers A
        _permit("GP-EXP", "expired", A, "2024-01-01", "2025-06-30"),  # still says VALID
        _permit("GP-REV", "revoked", A, "2025-01-01", "2026-12-31", "REVOKED", revoked="2025-09-01"),
        _permit("GP-OTH", "other", B, "2025-01-01", "2026-12-31"),
        _permit("GP-EXM", "exempt", A, "2025-01-01", "2027-12-31", kind="EXEMPTION"),
        _permit("GP-LEFT", "left", A, "2024-01-01", "2025-12-31", status="EXPIRED"),
        _permit("GP-EXIT", "exited", A, "2024-01-01", "2025-12-31"),
    ],
    "residence_declarations": [
        _dorm(1, "ok", "2025-01-05"),
        _dorm(2, "no_permit", "2025-03-05"),
        _dorm(3, "expired", "2024-01-10"),
        _dorm(4, "revoked", "2025-01-10"),
        _dorm(5, "other", "2025-02-01"),
        _stay(6, "evisa", "Kho xưởng An Phát", "OTHER", "", A_OFFICE, "2025-04-02", "2025-05-30"),
        _hotel(7, "visitor", "2025-01-10", "2025-01-15"),
        _hotel(8, "visitor", "2025-03-01", "2025-03-08"),
        {**_stay(9, "spouse", "Hộ gia đình Hoàng Văn Minh", "HOUSEHOLD", CITIZEN, HOME,
                 "2024-06-01"), "host_name": "Hoàng Văn Minh"},
        _stay(10, "exempt", "Trụ sở An Phát", "OTHER", A, A_OFFICE, "2025-01-03"),
        _dorm(11, "left", "2024-01-05", "2025-10-01"),
        _dorm(12, "short", "2025-04-02", "2025-04-22"),
        _hotel(13, "hotel", "2025-04-02", "2025-06-01"),
        _stay(14, "owner", "Trụ sở An Phát", "OTHER", A, A_OFFICE, "2025-02-03"),
        _dorm(15, "exited", "2024-01-05"),
    ],
    "marriages": [
        {"record_id": "HN1", "registered_on": "2024-01-10", "vn_full_name": "Hoàng Văn Minh",
         "vn_id_no": CITIZEN, "foreign_full_name": "WANG BA", "foreign_passport_no": "E10000008",
         "foreign_nationality": "CHN", "foreign_date_of_birth": "1987-08-08"},
    ],
}

EXPECTED_JUNE_2026 = {
    ("E10000002", A): {"NO_PERMIT"},
    ("E10000003", A): {"PERMIT_EXPIRED"},
    ("E10000004", A): {"PERMIT_REVOKED"},
    ("E10000005", A): {"OTHER_EMPLOYER"},
    ("E10000006", A): {"NO_PERMIT", "PURPOSE_MISMATCH"},
}


@pytest.fixture(scope="module")
def province(settings, tmp_path_factory) -> GraphStore:
    """The hand-built province, ingested and resolved once for the module (read-only)."""
    folder = tmp_path_factory.mktemp("unlicensed")
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
        summary = ingest_paths(store, [folder], rejects=writer)
    finally:
        writer.close()
    assert summary.rejected == 0, (folder / "rejects.csv").read_text(encoding="utf-8")
    resolve_all(store)
    yield store
    store.close()
    if settings.embedded:
        drop_embedded_database(endpoint, name)


def found(flags: list[FlagCandidate]) -> dict[tuple[str, str], set[str]]:
    return {(f.subject["passport_no"], f.subject["enterprise_code"]): set(f.reasons) for f in flags}


def test_each_violation_is_flagged_with_its_reasons_and_no_look_alike_is(province):
    flags = unlicensed.detect(province, as_of=dt.date(2026, 6, 1))
    assert found(flags) == EXPECTED_JUNE_2026


def test_as_of_counts_only_what_was_known_and_true_on_that_day(province):
    # In May 2025 the expired permit was still valid, the revocation had not
    # happened, and the e-visa worker had stayed only 29 nights so far.
    flags = unlicensed.detect(province, as_of=dt.date(2025, 5, 1))
    assert found(flags) == {("E10000002", A): {"NO_PERMIT"}, ("E10000005", A): {"OTHER_EMPLOYER"}}
    # Before anything happened, nothing is flagged.
    assert unlicensed.detect(province, as_of=dt.date(2023, 6, 1)) == []


def test_every_signal_carries_its_declared_weight_rule_and_source_rows(province):
    flags = unlicensed.detect(province, as_of=dt.date(2026, 6, 1))
    refs = {r["ref"] for r in province.read("MATCH (r) WHERE r.ref IS NOT NULL AND r.feed IS NOT NULL "
                                            "RETURN r.ref AS ref")}
    for flag in flags:
        assert flag.kind == "unlicensed_employment" and flag.rule_version == unlicensed.RULE_VERSION
        assert 0 < flag.score <= 1 and flag.enterprises == [A]
        (worker,) = flag.persons
        assert worker.role == "worker" and flag.subject["passport_no"] == worker.passport_nos[0]
        assert set(flag.reasons) <= {s.code for s in flag.signals}
        for signal in flag.signals:
            declared = unlicensed.WEIGHTS[signal.code]
            assert (signal.weight, signal.rule) == (declared.weight, declared.rule)
            assert set(signal.records) <= refs and signal.text
        assert any(s.code == "WORKPLACE_STAY" for s in flag.signals)
    expired = next(f for f in flags if f.subject["passport_no"] == "E10000003")
    reason = next(s for s in expired.signals if s.code == "PERMIT_EXPIRED")
    assert "work_permits:GP-EXP" in reason.records
    assert "2025-07-01" in reason.text  # the day after valid_to, whatever the status word said


def test_a_stronger_case_scores_higher(province):
    flags = {f.subject["passport_no"]: f.score
             for f in unlicensed.detect(province, as_of=dt.date(2026, 6, 1))}
    # no permit, a tourist purpose and a long stay outweigh another employer's permit
    assert flags["E10000006"] > flags["E10000005"]
