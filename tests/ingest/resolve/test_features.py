"""Field comparisons: name variants, dates of birth, documents, supporting evidence."""

from __future__ import annotations

import doctest
import importlib

import pytest

from ingest.normalize.names import name_variants_equal
from ingest.resolve.features import WEIGHTS, Frequencies, compare, name_level
from ingest.resolve.profile import profile
from ingest.resolve.thresholds import Thresholds
from tests.ingest.resolve.helpers import mention, p

TH = Thresholds()
NONE = Frequencies.empty()


def level(a: str, b: str) -> str:
    pa, pb = p(a), p(b)
    return name_level(pa.tokens, pb.tokens, pa.canon, pb.canon)


def fields(a, b, freq=NONE):
    return {f.field: (f.level, f.bits) for f in compare(a, b, freq, TH).fields}


@pytest.mark.parametrize("a,b,expected", [
    # Chinese pinyin: order and spacing
    ("WANG XIAOMING", "XIAO MING WANG", "reordered"),
    ("WANG XIAOMING", "WANG XIAO MING", "reordered"),
    ("WANG XIAOMING", "XIAOMING WANG", "reordered"),
    ("WANG XIAOMING", "wang xiaoming", "exact"),
    # letters may not move between parts: another name
    ("MING XIAO WANG", "WANG XIAOMING", "different"),
    # Korean: given name joined or spaced, family name first or last
    ("KIM MIN JUN", "MINJUN KIM", "reordered"),
    ("PARK SEOYEON", "SEO YEON PARK", "reordered"),
    # Taiwanese hyphenated given names
    ("CHEN CHIH-MING", "CHEN CHIHMING", "reordered"),
    # Vietnamese with and without diacritics, Đ and D
    ("Nguyễn Văn Hùng", "NGUYEN VAN HUNG", "exact"),
    ("Đặng Văn Đức", "DANG VAN DUC", "exact"),
    ("Đoàn Thị Hoa", "doan thi hoa", "exact"),
    # regional surname spellings and Sino-Vietnamese readings
    ("Huỳnh Văn An", "HOANG VAN AN", "surname_equivalent"),
    ("Võ Thị Lan", "Vũ Thị Lan", "surname_equivalent"),
    ("VUONG MINH", "WANG MINH", "surname_equivalent"),
    # a typo in a long name; not in a short one (WANG WEI / WANG LEI are two names)
    ("ZHANG XIAOMING", "ZHANG XIAONING", "typo"),
    ("ZHANG XIAOMING", "XIAOMNG ZHANG", "typo"),
    ("WANG WEI", "WANG LEI", "different"),
    # a dropped part
    ("Nguyễn Văn Hùng", "Nguyễn Hùng", "partial"),
    ("LI NA", "ZHANG WEI", "different"),
])
def test_name_levels(a, b, expected):
    assert level(a, b) == expected
    assert level(b, a) == expected


@pytest.mark.parametrize("a,b", [
    ("WANG XIAOMING", "XIAO MING WANG"), ("KIM MIN JUN", "MINJUN KIM"),
    ("MING XIAO WANG", "WANG XIAOMING"), ("Huỳnh Văn An", "HOANG VAN AN"),
])
def test_order_and_spacing_agree_with_the_normaliser(a, b):
    assert (level(a, b) in ("exact", "reordered")) == name_variants_equal(a, b)


def test_diacritics_matter_only_when_both_sides_carry_them():
    hung, hung_ascii, hung2 = p("Nguyễn Văn Hùng"), p("NGUYEN VAN HUNG"), p("Nguyễn Văn Hưng")
    exact = fields(hung, hung_ascii)["name"]
    differ = fields(hung, hung2)["name"]
    assert exact[0] == "exact" and differ[0] == "diacritics_differ"
    assert differ[1] == pytest.approx(exact[1] - 4)
    assert fields(p("Đoàn Thị Hoa"), p("Doãn Thị Hoa"))["name"][0] == "diacritics_differ"


@pytest.mark.parametrize("a,b,expected", [
    ("1985-03-02", "1985-03-02", "exact"),
    ("1985-03-02", "1985-02-03", "swapped"),
    ("1985-03-25", "1985-03-26", "different"),
    ("1990-01-19", "1990-06-19", "different"),
])
def test_date_of_birth_levels(a, b, expected):
    got = fields(p("LI NA", dob=a), p("LI NA", dob=b))["date_of_birth"]
    assert got[0] == expected
    assert (got[1] > 0) == (expected in ("exact", "swapped"))


def test_missing_values_are_no_evidence():
    got = fields(p("LI NA", dob="1985-03-02"), p("LI NA"))
    assert set(got) == {"name"}


def test_a_cccd_gives_birth_year_and_sex():
    # 0 in digit 4: born in the 1900s, male; digits 5-6: 90
    cccd = p("Lê Văn Minh", nationality="VNM", id_no="020090279855")
    assert (cccd.year, cccd.sex) == (1990, "M")
    assert fields(cccd, p("Lê Văn Minh", dob="1990-06-19"))["date_of_birth"][0] == "year"
    assert fields(cccd, p("Lê Văn Minh", dob="1991-06-19"))["date_of_birth"][0] == "different"


def test_documents():
    a = p("LI NA", nationality="CHN", passport="E1234567")
    assert fields(a, p("LI NA", nationality="CHN", passport="E7654321"))["passport"][0] == "different"
    assert fields(a, p("LI NA", passport="E1234567"))["passport"][0] == "exact"
    other = fields(a, p("LI NA", nationality="HKG", passport="E1234567"))
    assert other["passport"][0] == "other_nationality" and "nationality" not in other
    ids = fields(p("A B", id_no="020090279855"), p("A B", id_no="020090279856"))
    assert ids["id_no"][1] < -15
    # a CCCD and a CMND of one person are no contradiction
    assert "id_no" not in fields(p("A B", id_no="020090279855"), p("A B", id_no="081234567"))


def test_rare_values_weigh_more_than_common_ones():
    common = [[p("NGUYEN VAN HUNG")] for _ in range(300)]
    # an office number given by 300 workers of different names
    office = [[p(f"WORKER {chr(65 + i // 26)}{chr(65 + i % 26)}", phone="+84911000000")]
              for i in range(300)]
    freq = Frequencies.count(common + office + [[p("VI THI OANH", phone="+84912345678")]])
    rare = fields(p("VI THI OANH"), p("VI THI OANH"), freq)["name"][1]
    often = fields(p("NGUYEN VAN HUNG"), p("NGUYEN VAN HUNG"), freq)["name"][1]
    assert rare - often > 6
    shared = fields(p("A", phone="+84911000000"), p("B", phone="+84911000000"), freq)["phone"][1]
    personal = fields(p("A", phone="+84912345678"), p("B", phone="+84912345678"), freq)["phone"][1]
    assert personal == 8 and shared < 0.5
    # one person's two unmerged records are one holder, not two
    twice = Frequencies.count([[p("LI NA", phone="+8613900000000")]] * 2)
    assert twice.held_by("phone", "+8613900000000") == 1


def test_what_passes_the_threshold():
    th = TH.match_bits
    name = dict(nationality="CHN", sex="M")
    # a name alone, however rare, never merges two records
    assert compare(p("SOUKSAVANH PHOMMACHANH", **name), p("SOUKSAVANH PHOMMACHANH", **name),
                   NONE, TH).bits < th
    # with an agreeing birth date, a swapped one, or a personal phone, it does
    for extra_a, extra_b in ((dict(dob="1985-03-02"), dict(dob="1985-03-02")),
                             (dict(dob="1985-03-02"), dict(dob="1985-02-03")),
                             (dict(phone="+8613912345678"), dict(phone="+8613912345678"))):
        assert compare(p("WANG XIAOMING", **name, **extra_a),
                       p("XIAO MING WANG", **name, **extra_b), NONE, TH).bits >= th
    # two people of one name and birth year, born on other days, stay apart
    # (and the cluster constraint refuses them whatever else agrees)
    assert compare(p("NGUYEN VAN HUNG", dob="1990-04-02"), p("NGUYEN VAN HUNG", dob="1990-11-23"),
                   NONE, TH).bits < th - 8


def test_every_weight_has_a_reason_and_a_sign():
    for (field, lvl), weight in WEIGHTS.items():
        assert weight.why, (field, lvl)
        if weight.u is not None:
            agrees = lvl not in ("different",)
            assert (weight.bits > 0) == agrees, (field, lvl, weight.bits)


def test_profiles_ignore_row_identity():
    a = mention("R1", "WANG XIAOMING", nationality="CHN", dob="1985-03-02")
    b = mention("R2", "WANG XIAOMING", nationality="CHN", dob="1985-03-02", feed="work_permits")
    assert profile(a) == profile(b)


@pytest.mark.parametrize("name", ["profile", "features", "names", "frequencies", "blocking",
                                  "cluster", "persons",
                                  "ranges", "evaluate"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(f"ingest.resolve.{name}"))
    assert result.attempted > 0 and result.failed == 0
