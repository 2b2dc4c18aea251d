"""The synthetic province at ``tiny`` size: contract shape, determinism, truth references, bad rows."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from gen_feed_reader import fold_header, read_feed, read_raw, ref_of
from ingest.generate import generate
from ingest.generate.feeds import FEEDS

# canonical and alias names straight from contract/FEEDS.md, not from the generator's own table
CONTRACT_COLUMNS = {
    "foreigners": "record_id ma_ho_so full_name ho_ten sex gioi_tinh date_of_birth ngay_sinh nationality quoc_tich "
                  "passport_no so_ho_chieu passport_expiry han_ho_chieu residence_doc_type loai_giay_to residence_doc_no "
                  "so_giay_to residence_symbol ky_hieu valid_from tu_ngay valid_to den_ngay sponsor_code "
                  "ma_don_vi_bao_lanh sponsor_name don_vi_bao_lanh address dia_chi_tam_tru phone so_dien_thoai",
    "sponsorships": "application_id ma_don sponsor_type loai_bao_lanh sponsor_code ma_don_vi_bao_lanh sponsor_name "
                    "don_vi_bao_lanh full_name ho_ten passport_no so_ho_chieu nationality quoc_tich date_of_birth "
                    "ngay_sinh purpose_symbol ky_hieu submitted_on ngay_nop stay_from tu_ngay stay_to den_ngay",
    "enterprises": "enterprise_code ma_so_doanh_nghiep name ten_doanh_nghiep foreign_name ten_nuoc_ngoai address "
                   "dia_chi_tru_so registered_on ngay_dang_ky status tinh_trang industry_codes nganh_nghe "
                   "charter_capital_vnd von_dieu_le foreign_capital_pct ty_le_von_nuoc_ngoai phone so_dien_thoai email",
    "enterprise_people": "enterprise_code ma_so_doanh_nghiep role vai_tro full_name ho_ten id_type loai_giay_to id_no "
                         "so_giay_to nationality quoc_tich date_of_birth ngay_sinh share_pct ty_le_von capital_vnd "
                         "von_gop address dia_chi phone so_dien_thoai since tu_ngay until den_ngay",
    "work_permits": "permit_no so_giay_phep kind loai status tinh_trang full_name ho_ten passport_no so_ho_chieu "
                    "nationality quoc_tich date_of_birth ngay_sinh employer_code ma_so_doanh_nghiep job_title chuc_danh "
                    "position vi_tri work_address dia_diem_lam_viec valid_from tu_ngay valid_to den_ngay revoked_on "
                    "ngay_thu_hoi",
    "residence_declarations": "declaration_id ma_khai_bao establishment_name co_so_luu_tru establishment_type "
                              "loai_co_so establishment_code ma_co_so establishment_address dia_chi_co_so host_name "
                              "chu_co_so host_phone sdt_chu_co_so full_name ho_ten passport_no so_ho_chieu nationality "
                              "quoc_tich date_of_birth ngay_sinh arrived_on ngay_den left_on ngay_di declared_at "
                              "thoi_diem_khai_bao",
    "border_events": "event_id ma_su_kien event_type loai_su_kien occurred_at thoi_diem border_point_code ma_cua_khau "
                     "border_point_name ten_cua_khau border_point_kind loai_diem full_name ho_ten passport_no "
                     "so_ho_chieu id_no so_giay_to nationality quoc_tich date_of_birth ngay_sinh sex gioi_tinh "
                     "document_type loai_giay_to vehicle_plate bien_so_xe phone so_dien_thoai group_ref ma_nhom "
                     "case_ref ma_vu_viec role vai_tro",
    "marriages": "record_id ma_ho_so registered_on ngay_dang_ky vn_full_name ho_ten_cong_dan vn_id_no so_cccd "
                 "vn_date_of_birth ngay_sinh_cong_dan vn_address dia_chi_cong_dan foreign_full_name "
                 "ho_ten_nguoi_nuoc_ngoai foreign_passport_no so_ho_chieu foreign_nationality quoc_tich "
                 "foreign_date_of_birth ngay_sinh_nguoi_nuoc_ngoai",
}


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, dict, dict]:
    out = tmp_path_factory.mktemp("tiny7")
    summary = generate("tiny", 7, out)
    truth = json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))
    return out, summary, truth


def test_writes_every_feed_and_the_truth(tiny):
    out, summary, _ = tiny
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([spec.file_name for spec in FEEDS.values()] + ["ground_truth.json"])
    assert set(summary["rows"]) == set(FEEDS)
    assert all(n > 0 for n in summary["rows"].values())


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_header_is_the_contracts_canonical_or_alias_names(tiny, feed):
    out, _, _ = tiny
    header, _ = read_raw(out / FEEDS[feed].file_name)
    allowed = set(CONTRACT_COLUMNS[feed].split())
    folded = [fold_header(h) for h in header]
    assert all(h in allowed for h in folded), [h for h in header if fold_header(h) not in allowed]
    assert len(set(folded)) == len(folded)
    required = {c for c, _, req in FEEDS[feed].columns if req}
    assert required <= {dict((a, c) for c, a, _ in FEEDS[feed].columns).get(h, h) for h in folded}


def test_marriages_use_spaced_vietnamese_headers_and_sponsorships_snake_aliases(tiny):
    out, _, _ = tiny
    assert read_raw(out / "marriages.csv")[0][:4] == ["Mã hồ sơ", "Ngày đăng ký", "Họ tên công dân", "Số CCCD"]
    assert read_raw(out / "sponsorships.csv")[0][0] == "ma_don"
    assert (out / "residence_declarations.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    assert (out / "foreigners.csv").read_bytes()[:3] != b"\xef\xbb\xbf"


def test_same_seed_is_byte_identical_and_another_seed_differs(tiny, tmp_path):
    out, _, _ = tiny
    again, other = tmp_path / "again", tmp_path / "other"
    generate("tiny", 7, again)
    generate("tiny", 8, other)
    assert _digest(out) == _digest(again)
    differing = [name for name, digest in _digest(other).items() if _digest(out)[name] != digest]
    assert sorted(differing) == sorted(_digest(out))


def test_every_truth_record_exists_and_every_valid_row_names_the_right_people(tiny):
    out, _, truth = tiny
    bad = {(b["feed"], b["row"]) for b in truth["bad_rows"]}
    owners: Counter[str] = Counter()
    for person in truth["persons"]:
        assert person["records"], person
        assert len(set(person["records"])) == len(person["records"])
        owners.update(person["records"])
    expected: Counter[str] = Counter()
    for feed, spec in FEEDS.items():
        for row in read_feed(out / spec.file_name, feed):
            if (feed, row["_row"]) in bad:
                continue
            ref = ref_of(feed, row)
            if feed == "enterprises":
                n = 0
            elif feed == "marriages":
                n = 2
            elif feed == "sponsorships":
                n = 2 if row["sponsor_type"] == "INDIVIDUAL" else 1
            elif feed == "residence_declarations":
                n = 2 if row["establishment_type"] == "HOUSEHOLD" else 1
            else:
                n = 1
            expected[ref] = n  # an exact duplicate row shares the key: same people, counted once
    assert set(owners) <= set(expected), sorted(set(owners) - set(expected))[:5]
    assert {r: n for r, n in expected.items() if n} == dict(owners)


def test_bad_rows_are_at_the_stated_rows_and_break_the_stated_column(tiny):
    out, _, truth = tiny
    assert truth["bad_rows"]
    for bad in truth["bad_rows"]:
        rows = read_feed(out / bad["file"], bad["feed"])
        row = rows[bad["row"] - 1]
        assert row["_row"] == bad["row"]
        value = row[bad["column"]]
        reason = bad["reason"]
        if reason == "missing required value":
            assert value in ("", None)
        elif reason == "unknown nationality":
            assert value in ("Atlantis", "Wakanda", "XYZ")
        elif reason == "negative amount":
            assert float(value) < 0
        elif reason == "percentage outside 0-100":
            assert not 0 <= float(value) <= 100
        elif reason == "key repeated with different content":
            key = FEEDS[bad["feed"]].key
            earlier = [r for r in rows[: bad["row"] - 1] if r[key] == row[key]]
            assert earlier and all({k: v for k, v in r.items() if k != "_row"} != {k: v for k, v in row.items() if k != "_row"} for r in earlier)
        elif reason == "unknown code":
            assert value == FEEDS[bad["feed"]].codes[bad["column"]]
        else:
            assert reason in ("unparseable date", "end before start"), reason


def test_every_applicable_kind_of_bad_row_appears_in_every_feed(tiny):
    _, _, truth = tiny
    kinds = {(b["feed"], b["reason"]) for b in truth["bad_rows"]}
    for feed, spec in FEEDS.items():
        want = {"missing required value", "unparseable date"}
        want |= {"unknown code"} if spec.codes else set()
        want |= {"unknown nationality"} if spec.nationality_cols else set()
        want |= {"negative amount"} if spec.amount_cols else set()
        want |= {"percentage outside 0-100"} if spec.pct_cols else set()
        want |= {"end before start"} if spec.ranges else set()
        want |= {"key repeated with different content"} if spec.key else set()
        assert want <= {r for f, r in kinds if f == feed}, (feed, want - {r for f, r in kinds if f == feed})


def test_exact_duplicates_repeat_an_earlier_row(tiny):
    out, _, truth = tiny
    assert {d["feed"] for d in truth["duplicates"]} == {f for f, s in FEEDS.items() if s.key}
    for dup in truth["duplicates"]:
        rows = read_feed(out / dup["file"], dup["feed"])
        row = {k: v for k, v in rows[dup["row"] - 1].items() if k != "_row"}
        assert any({k: v for k, v in r.items() if k != "_row"} == row for r in rows[: dup["row"] - 1])


def test_every_planted_nominee_enterprise_is_in_the_registry(tiny):
    out, _, truth = tiny
    codes = {str(r["enterprise_code"]) for r in read_feed(out / "enterprises.xlsx", "enterprises")}
    flags = truth["flags"]["nominee_investment"]
    assert flags
    persons = {p["truth_id"]: p for p in truth["persons"]}
    for f in flags:
        assert f["enterprise_code"] in codes
        assert 2 <= len(f["signals"]) <= 4
        assert all(persons[t]["kind"] == "foreigner" for t in f["controllers"])
        assert all(persons[t]["kind"] == "vietnamese" for t in f["nominees"])


def test_flags_name_people_in_the_truth(tiny):
    _, _, truth = tiny
    persons = {p["truth_id"]: p for p in truth["persons"]}
    for f in truth["flags"]["unlicensed_employment"]:
        assert f["passport_no"] in persons[f["truth_id"]]["passport_nos"]
        assert f["reasons"]
    for net in truth["flags"]["illegal_entry_network"]:
        assert set(net["members"]) <= set(persons)
        assert {f["truth_id"] for f in net["facilitators"]} <= set(net["members"])
        assert 5 <= len(net["members"]) - len(net["facilitators"])


def test_proportions_can_be_overridden(tmp_path):
    summary = generate("tiny", 3, tmp_path, proportions={"networks_count": 5, "nominee_share": 0.3})
    assert summary["planted"]["illegal_entry_network"] == 5
    assert summary["planted"]["nominee_investment"] == 9
    with pytest.raises(ValueError, match="Unknown proportion"):
        generate("tiny", 3, tmp_path / "x", proportions={"nope": 1})
    with pytest.raises(ValueError, match="Unknown size"):
        generate("huge", 3, tmp_path / "y")
