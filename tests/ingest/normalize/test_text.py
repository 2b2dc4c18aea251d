"""Tests for ingest.normalize.text: NFC, folding, header keys, cell text."""

import pytest

from ingest.normalize.text import cell_text, collapse, fold, header_key, nfc

NGUYEN_NFD = "Nguye\u0302\u0303n"  # e + circumflex + tilde, as macOS writes it


def test_nfd_input_is_composed():
    assert NGUYEN_NFD != "Nguyễn"
    assert nfc(NGUYEN_NFD) == "Nguyễn"
    assert len(nfc(NGUYEN_NFD)) == 6


@pytest.mark.parametrize("empty", [None, "", "   ", "\u00a0"])
def test_empty_is_none(empty):
    assert nfc(empty) is None
    assert fold(empty) is None
    assert header_key(empty) is None
    assert cell_text(empty) is None


@pytest.mark.parametrize(("raw", "folded"), [
    (NGUYEN_NFD, "nguyen"),
    ("Nguyễn Văn Hùng", "nguyen van hung"),
    ("NGUYEN VAN HUNG", "nguyen van hung"),
    ("ĐỖ Đức Đạt", "do duc dat"),
    ("đ", "d"),
    ("Ưng Ư ư", "ung u u"),
    ("Ơn Ờ", "on o"),
    ("Trương Thị Ánh", "truong thi anh"),
    ("  Lê \u00a0 Lợi\n ", "le loi"),
    ("Lê\u200bLợi", "leloi"),  # zero-width space pasted from the web
    ("\ufeffmã", "ma"),  # byte-order mark at the start of a CSV header
    ("ＡＢＣ１２", "abc12"),  # full-width letters and digits
    ("Müller Søren Łódź Straße", "muller soren lodz strasse"),
])
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_doan_and_doan_fold_equal_but_display_differs():
    assert fold("Đoàn") == fold("Doãn") == "doan"
    assert nfc("Đoàn") != nfc("Doãn")


@pytest.mark.parametrize("raw", [
    "Số CCCD", "so-cccd", " SO_CCCD ", "so cccd", "SỐ  CCCD", "so__cccd", "So - Cccd",
    "so\u2013cccd", "\ufeffso_cccd", "So\u0302\u0301 CCCD",
])
def test_header_key_aliases(raw):
    assert header_key(raw) == "so_cccd"


@pytest.mark.parametrize(("raw", "key"), [
    ("Mã số doanh nghiệp", "ma_so_doanh_nghiep"),
    ("SĐT chủ cơ sở", "sdt_chu_co_so"),
    ("Ngày sinh", "ngay_sinh"),
    ("full_name", "full_name"),
    ("Đơn vị bảo lãnh", "don_vi_bao_lanh"),
    ("Thời điểm khai báo", "thoi_diem_khai_bao"),
])
def test_header_key(raw, key):
    assert header_key(raw) == key


@pytest.mark.parametrize(("raw", "text"), [
    (912345678, "912345678"),
    (912345678.0, "912345678"),
    (12.5, "12.5"),
    (" a \u00a0 b ", "a b"),
    (NGUYEN_NFD, "Nguyễn"),
])
def test_cell_text(raw, text):
    assert cell_text(raw) == text


def test_cell_text_nan_is_empty():
    assert cell_text(float("nan")) is None


def test_collapse_keeps_case_and_diacritics():
    assert collapse("  Lê\tLỢI  ") == "Lê LỢI"
