"""Tests for ingest.normalize.symbols: residence symbols, document types, sex."""

import pytest

from ingest.normalize.errors import NormalizationError
from ingest.normalize.symbols import (
    RESIDENCE_SYMBOLS,
    purpose_allows_work,
    residence_doc_type,
    residence_symbol,
    sex,
    symbol_display,
)

ALL = [residence_symbol, symbol_display, purpose_allows_work, residence_doc_type, sex]


@pytest.mark.parametrize("func", ALL)
@pytest.mark.parametrize("empty", [None, "", "  "])
def test_empty_is_none(func, empty):
    assert func(empty) is None


def test_the_symbol_set():
    assert RESIDENCE_SYMBOLS == {
        "LD1", "LD2", "DN1", "DN2", "DT1", "DT2", "DT3", "DT4", "NN1", "NN2", "NN3",
        "DH", "HN", "PV1", "PV2", "TT", "VR", "DL", "SQ", "EV", "NG1", "NG2", "NG3",
        "NG4", "LV1", "LV2", "LS",
    }


@pytest.mark.parametrize(("raw", "symbol"), [
    ("LĐ1", "LD1"), ("LD1", "LD1"), ("ld 1", "LD1"), ("Lđ1", "LD1"), ("lđ1", "LD1"),
    ("LĐ-2", "LD2"), (" L Đ 2 ", "LD2"), ("LD_2", "LD2"),
    ("ĐT3", "DT3"), ("DT3", "DT3"), ("đt 4", "DT4"), ("Đ\u0054\u0031", "DT1"),
    ("dn1", "DN1"), ("NN3", "NN3"), ("dh", "DH"), ("Hn", "HN"), ("pv2", "PV2"),
    ("TT", "TT"), ("VR", "VR"), ("DL", "DL"), ("SQ", "SQ"), ("EV", "EV"), ("ng4", "NG4"),
    ("LV1", "LV1"), ("LS", "LS"),
])
def test_residence_symbol(raw, symbol):
    assert residence_symbol(raw) == symbol


@pytest.mark.parametrize("raw", ["LD", "LĐ3", "DT5", "NN4", "NG5", "DN", "XX", "L D 1 1"])
def test_unknown_symbol_is_rejected_with_the_list(raw):
    with pytest.raises(NormalizationError) as caught:
        residence_symbol(raw)
    assert str(caught.value) == (
        f"'{raw}' is not a residence symbol: expected one of DH, DL, DN1, DN2, ĐT1, ĐT2, "
        "ĐT3, ĐT4, EV, HN, LĐ1, LĐ2, LS, LV1, LV2, NG1, NG2, NG3, NG4, NN1, NN2, NN3, "
        "PV1, PV2, SQ, TT, VR")


@pytest.mark.parametrize(("canonical", "shown"), [
    ("LD1", "LĐ1"), ("LD2", "LĐ2"), ("DT1", "ĐT1"), ("DT4", "ĐT4"), ("DN1", "DN1"),
    ("DL", "DL"), ("NG3", "NG3"), ("LS", "LS"), ("ld1", "LĐ1"),
])
def test_symbol_display(canonical, shown):
    assert symbol_display(canonical) == shown


WORK = {
    "LD1": True, "LD2": True, "DT1": True, "DT2": True, "DT3": True, "DT4": True,
    "NN1": True, "NN2": True, "NN3": True, "LS": True,
    "DN1": False, "DN2": False, "DH": False, "HN": False, "PV1": False, "PV2": False,
    "TT": False, "VR": False, "DL": False, "SQ": False, "EV": False, "NG1": False,
    "NG2": False, "NG3": False, "NG4": False, "LV1": False, "LV2": False,
}


def test_work_table_covers_every_symbol():
    assert set(WORK) == RESIDENCE_SYMBOLS


@pytest.mark.parametrize(("symbol", "allowed"), sorted(WORK.items()))
def test_purpose_allows_work(symbol, allowed):
    assert purpose_allows_work(symbol) is allowed
    assert purpose_allows_work(symbol_display(symbol)) is allowed


@pytest.mark.parametrize(("raw", "kind"), [
    ("VISA", "VISA"), ("visa", "VISA"), ("Thị thực", "VISA"),
    ("EVISA", "EVISA"), ("e-Visa", "EVISA"), ("E VISA", "EVISA"), ("e_visa", "EVISA"),
    ("Thị thực điện tử", "EVISA"),
    ("TRC", "TRC"), ("trc", "TRC"), ("Thẻ tạm trú", "TRC"), ("THE TAM TRU", "TRC"),
    ("Temporary residence card", "TRC"),
    ("EXEMPT", "EXEMPT"), ("exempt", "EXEMPT"), ("Miễn thị thực", "EXEMPT"),
    ("Visa exemption", "EXEMPT"), ("Giấy miễn thị thực", "EXEMPT"),
])
def test_residence_doc_type(raw, kind):
    assert residence_doc_type(raw) == kind


@pytest.mark.parametrize("raw", ["PASSPORT", "Thẻ thường trú", "V"])
def test_residence_doc_type_rejects(raw):
    with pytest.raises(NormalizationError) as caught:
        residence_doc_type(raw)
    assert str(caught.value) == (f"'{raw}' is not a residence document type: "
                                 "expected VISA, EVISA, TRC or EXEMPT")


@pytest.mark.parametrize(("raw", "code"), [
    ("M", "M"), ("m", "M"), ("Male", "M"), ("MALE", "M"), ("Nam", "M"), ("NAM", "M"),
    ("F", "F"), ("f", "F"), ("Female", "F"), ("Nữ", "F"), ("NỮ", "F"), ("Nu", "F"),
    ("nu", "F"), ("N\u01b0\u0303", "F"),
    ("X", "X"), ("x", "X"), ("Khác", "X"),
])
def test_sex(raw, code):
    assert sex(raw) == code


@pytest.mark.parametrize("raw", ["1", "Boy", "N"])
def test_sex_rejects(raw):
    with pytest.raises(NormalizationError) as caught:
        sex(raw)
    assert str(caught.value) == f"'{raw}' is not a sex: expected M, F or X (Nam, Nữ)"
