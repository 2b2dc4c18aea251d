"""Tests for ingest.normalize.names: person names, surnames, company keys."""

import itertools

import pytest

from ingest.normalize.errors import NormalizationError
from ingest.normalize.names import (
    PersonName,
    canonical_surname,
    company_name_key,
    name_variants_equal,
    person_name,
    vietnamese_surname_equivalents,
)
from ingest.normalize.text import fold


def test_person_name_fields():
    assert person_name("  Nguye\u0302\u0303n  Văn   Hùng ") == PersonName(
        display="Nguyễn Văn Hùng",
        folded="nguyen van hung",
        tokens=("nguyen", "van", "hung"),
        sorted_key="hung nguyen van",
        compact_key="nguyenvanhung",
    )


def test_person_name_keeps_case_as_given():
    assert person_name("WANG Xiaoming").display == "WANG Xiaoming"


@pytest.mark.parametrize(("raw", "tokens"), [
    ("O'BRIEN SEAN", ("obrien", "sean")),
    ("WANG<<XIAOMING", ("wang", "xiaoming")),
    ("JEAN-PIERRE DUPONT", ("jean", "pierre", "dupont")),
    ("WANG, XIAOMING", ("wang", "xiaoming")),
    ("ĐOÀN THỊ Ư", ("doan", "thi", "u")),
])
def test_person_name_tokens(raw, tokens):
    assert person_name(raw).tokens == tokens


def test_doan_and_doan_fold_equal_display_differs():
    doan, doan_tilde = person_name("Đoàn Văn Nam"), person_name("Doãn Văn Nam")
    assert doan.folded == doan_tilde.folded == "doan van nam"
    assert doan.display != doan_tilde.display


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_person_name_empty(empty):
    assert person_name(empty) is None


def test_person_name_without_letters_is_rejected():
    with pytest.raises(NormalizationError, match=r"^'--' is not a name: it has no letters$"):
        person_name("--")


WANG_FORMS = ["WANG XIAOMING", "XIAO MING WANG", "WANG XIAO MING", "XIAOMING WANG",
              "Wang Xiaoming", "wang  xiao-ming"]


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(WANG_FORMS, 2)))
def test_order_and_spacing_variants_are_equal(a, b):
    assert name_variants_equal(a, b)
    assert name_variants_equal(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Nguyễn Văn Hùng", "NGUYEN VAN HUNG"),
    ("Nguyễn Văn Hùng", "HUNG NGUYEN VAN"),
    ("Nguye\u0302\u0303n Văn Hùng", "Nguyễn Văn Hùng"),
    ("NGUYEN VANHUNG", "NGUYEN VAN HUNG"),
    ("LI NA", "NA LI"),
])
def test_more_variants_are_equal(a, b):
    assert name_variants_equal(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("MING XIAO WANG", "WANG XIAOMING"),  # letters moved inside a part
    ("WANG XIAOMING", "WANG XIAOMIN"),
    ("LI NA", "LI NAN"),
    ("Hoàng Văn An", "Huỳnh Văn An"),  # surname equivalence is opt-in
    ("WANG XIAOMING", None),
    (None, None),
    ("", "WANG"),
])
def test_different_names_are_not_equal(a, b):
    assert not name_variants_equal(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("Hoàng Văn An", "Huỳnh Văn An"),
    ("VU THI LAN", "Võ Thị Lan"),
    ("WANG XIAOMING", "Vương Xiaoming"),
    ("XIAOMING ZHANG", "TRUONG XIAO MING"),
])
def test_surname_equivalents_when_asked(a, b):
    assert name_variants_equal(a, b, equate_surnames=True)


def test_variants_accept_person_name_objects():
    assert name_variants_equal(person_name("WANG XIAOMING"), "XIAO MING WANG")


PAIRS = [
    ("Wang", "Vương"), ("Li", "Lý"), ("Zhang", "Trương"), ("Liu", "Lưu"),
    ("Chen", "Trần"), ("Yang", "Dương"), ("Huang", "Hoàng"), ("Zhao", "Triệu"),
    ("Wu", "Ngô"), ("Zhou", "Chu"), ("Xu", "Từ"), ("Sun", "Tôn"), ("Ma", "Mã"),
    ("Lin", "Lâm"), ("He", "Hà"), ("Guo", "Quách"), ("Luo", "La"),
    ("Liang", "Lương"), ("Song", "Tống"), ("Zheng", "Trịnh"), ("Xie", "Tạ"),
    ("Han", "Hàn"), ("Tang", "Đường"),
]


@pytest.mark.parametrize(("pinyin", "viet"), PAIRS)
def test_canonical_surname_pairs(pinyin, viet):
    assert canonical_surname(pinyin.lower()) == pinyin.lower()
    assert canonical_surname(pinyin.upper()) == pinyin.lower()
    assert canonical_surname(viet) == pinyin.lower()


@pytest.mark.parametrize(("pinyin", "viet"), [p for p in PAIRS if p[0] != "Tang"])
def test_canonical_surname_of_folded_reading(pinyin, viet):
    assert canonical_surname(fold(viet)) == pinyin.lower()


@pytest.mark.parametrize(("token", "canonical"), [
    ("duong", "yang"),  # folded Dương/Đường: the common surname wins
    ("Đường", "tang"),
    ("Dương", "yang"),
    ("Tăng", "zeng"),  # not pinyin Tang, though both fold to "tang"
    ("huynh", "huang"),
    ("Huỳnh", "huang"),
    ("vo", "vu"),
    ("Võ", "vu"),
    ("Vũ", "vu"),
    ("nguyen", "nguyen"),
    ("Nguyễn", "nguyen"),
])
def test_canonical_surname_special_cases(token, canonical):
    assert canonical_surname(token) == canonical


@pytest.mark.parametrize(("token", "group"), [
    ("hoang", {"hoang", "huynh"}),
    ("Huỳnh", {"hoang", "huynh"}),
    ("VO", {"vu", "vo"}),
    ("Vũ", {"vu", "vo"}),
    ("tran", {"tran"}),
])
def test_vietnamese_surname_equivalents(token, group):
    assert vietnamese_surname_equivalents(token) == frozenset(group)


@pytest.mark.parametrize(("raw", "key"), [
    ("CÔNG TY TNHH Hoàng Long", "hoang long"),
    ("CÔNG TY TNHH MTV Hoàng Long", "hoang long"),
    ("Công ty TNHH Một Thành Viên Hoàng Long", "hoang long"),
    ("CONG TY TNHH HAI THANH VIEN TRO LEN HOANG LONG", "hoang long"),
    ("CÔNG TY CỔ PHẦN Đầu tư Hoàng Long", "dau tu hoang long"),
    ("Công ty CP Đầu tư Hoàng Long", "dau tu hoang long"),
    ("CTY CP ĐẦU TƯ HOÀNG LONG", "dau tu hoang long"),
    ("CT CP Đầu tư Hoàng Long", "dau tu hoang long"),
    ("Cty TNHH Hoàng Long", "hoang long"),
    ("DNTN Hoàng Long", "hoang long"),
    ("Doanh nghiệp tư nhân Hoàng Long", "hoang long"),
    ("CHI NHÁNH CÔNG TY TNHH HOÀNG LONG", "hoang long"),
    ("Hoang Long Co., Ltd", "hoang long"),
    ("HOANG LONG CO.,LTD.", "hoang long"),
    ("Hoang Long Company Limited", "hoang long"),
    ("Hoang Long Limited", "hoang long"),
    ("Hoang Long JSC", "hoang long"),
    ("Hoang Long Joint Stock Company", "hoang long"),
    ("Văn phòng đại diện Hoàng Long", "hoang long"),
    ("CT Group", "ct group"),  # a bare CT is a name, not a legal form
    ("Công ty TNHH", "cong ty tnhh"),  # nothing but legal forms: kept whole
    ("Đường Sắt & Xây Dựng", "duong sat xay dung"),
])
def test_company_name_key(raw, key):
    assert company_name_key(raw) == key


def test_company_name_key_empty_and_junk():
    assert company_name_key("  ") is None
    with pytest.raises(NormalizationError, match="is not a company name"):
        company_name_key("...")
