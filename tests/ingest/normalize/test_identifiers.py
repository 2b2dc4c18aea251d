"""Tests for ingest.normalize.identifiers: IDs, codes, plates, e-mail."""

import pytest

from ingest.normalize.errors import NormalizationError
from ingest.normalize.identifiers import (
    CccdFacts,
    CitizenId,
    EnterpriseCode,
    SponsorCode,
    cccd_consistent,
    cccd_facts,
    citizen_id,
    classify_sponsor_code,
    email,
    enterprise_code,
    organisation_code,
    passport_no,
    vehicle_plate,
)

ALL = [passport_no, citizen_id, cccd_facts, cccd_consistent, enterprise_code,
       organisation_code, classify_sponsor_code, vehicle_plate, email]


@pytest.mark.parametrize("func", [f for f in ALL if f is not cccd_consistent])
@pytest.mark.parametrize("empty", [None, "", "  "])
def test_empty_is_none(func, empty):
    assert func(empty) is None


@pytest.mark.parametrize(("raw", "number"), [
    ("B1234567", "B1234567"),
    ("b1234567", "B1234567"),
    (" E 1234 5678 ", "E12345678"),
    ("EA-123.4567", "EA1234567"),
    ("K12345678", "K12345678"),
    ("MA1234567", "MA1234567"),
    ("12345", "12345"),
    ("AB1234567890", "AB1234567890"),
])
def test_passport_no(raw, number):
    assert passport_no(raw) == number


@pytest.mark.parametrize(("raw", "message"), [
    ("AB12", "'AB12' is not a passport number: expected 5 to 12 letters A-Z and digits, "
             "as printed in the passport, got 4 characters"),
    ("AB12345678901", "'AB12345678901' is not a passport number: expected 5 to 12 letters "
                      "A-Z and digits, as printed in the passport, got 13 characters"),
    ("B123#4567", "'B123#4567' is not a passport number: use only letters A-Z and digits"),
    ("Đ1234567", "'Đ1234567' is not a passport number: use only letters A-Z and digits"),
    ("---", "'---' is not a passport number: use only letters A-Z and digits"),
])
def test_passport_no_rejects(raw, message):
    with pytest.raises(NormalizationError) as caught:
        passport_no(raw)
    assert str(caught.value) == message
    assert caught.value.value == raw


@pytest.mark.parametrize(("raw", "expected"), [
    ("020085012345", CitizenId("020085012345", "CCCD")),
    ("020 085 012 345", CitizenId("020085012345", "CCCD")),
    ("020.085.012.345", CitizenId("020085012345", "CCCD")),
    ("082123456", CitizenId("082123456", "CMND")),
    ("082 123 456", CitizenId("082123456", "CMND")),
    (20085012345, CitizenId("020085012345", "CCCD")),  # Excel dropped the 0
    (20085012345.0, CitizenId("020085012345", "CCCD")),
    (82123456, CitizenId("082123456", "CMND")),
    (123456789, CitizenId("123456789", "CMND")),
])
def test_citizen_id(raw, expected):
    assert citizen_id(raw) == expected


@pytest.mark.parametrize(("raw", "message"), [
    ("20085012345", "'20085012345' is not a citizen ID: expected a 12-digit CCCD or a "
                    "9-digit CMND, got 11 digits"),
    ("0200850123456", "'0200850123456' is not a citizen ID: expected a 12-digit CCCD or a "
                      "9-digit CMND, got 13 digits"),
    ("02008501234A", "'02008501234A' is not a citizen ID: expected a 12-digit CCCD or a "
                     "9-digit CMND, digits only"),
])
def test_citizen_id_rejects(raw, message):
    with pytest.raises(NormalizationError) as caught:
        citizen_id(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(("number", "facts", "year"), [
    ("020085012345", CccdFacts("020", 1900, "M", 85), 1985),
    ("020185012345", CccdFacts("020", 1900, "F", 85), 1985),
    ("001203012345", CccdFacts("001", 2000, "M", 3), 2003),
    ("079310012345", CccdFacts("079", 2000, "F", 10), 2010),
    ("004400012345", CccdFacts("004", 2100, "M", 0), 2100),
    ("004599012345", CccdFacts("004", 2100, "F", 99), 2199),
    ("004700012345", CccdFacts("004", 2200, "F", 0), 2200),
])
def test_cccd_facts(number, facts, year):
    assert cccd_facts(number) == facts
    assert cccd_facts(number).birth_year == year


def test_cccd_facts_of_cmnd_is_rejected():
    with pytest.raises(NormalizationError, match="a 9-digit CMND carries no birth year or sex"):
        cccd_facts("082123456")


@pytest.mark.parametrize(("number", "born", "sex", "result"), [
    ("020085012345", "1985-04-30", "M", True),
    ("020085012345", "30/04/1985", "Nam", True),
    ("020085012345", "1985-04-30", "F", False),
    ("020085012345", "1986-04-30", "M", False),
    ("020185012345", "1985-04-30", "Nữ", True),
    ("001203012345", "2003-01-01", "M", True),
    ("001203012345", "1903-01-01", "M", False),  # right 2 digits, wrong century
    ("020085012345", None, "M", True),
    ("020085012345", "1985-04-30", None, True),
    ("020085012345", "1985-04-30", "X", True),
    ("020085012345", None, None, None),
    ("020085012345", None, "X", None),
    ("082123456", "1985-04-30", "M", None),  # a CMND says nothing
    (None, "1985-04-30", "M", None),
])
def test_cccd_consistent(number, born, sex, result):
    assert cccd_consistent(number, born, sex) is result


def test_cccd_consistent_rejects_bad_date():
    with pytest.raises(NormalizationError, match="is not a date"):
        cccd_consistent("020085012345", "1985-13-01", "M")


@pytest.mark.parametrize(("raw", "expected"), [
    ("0101234567", EnterpriseCode("0101234567", "0101234567", None)),
    ("0101234567-001", EnterpriseCode("0101234567-001", "0101234567", "001")),
    ("0101234567 - 001", EnterpriseCode("0101234567-001", "0101234567", "001")),
    (" 0101 234 567 ", EnterpriseCode("0101234567", "0101234567", None)),
    ("0101234567\u2013001", EnterpriseCode("0101234567-001", "0101234567", "001")),
    ("0101234567001", EnterpriseCode("0101234567-001", "0101234567", "001")),
    (4900123456, EnterpriseCode("4900123456", "4900123456", None)),
    (101234567, EnterpriseCode("0101234567", "0101234567", None)),  # Excel dropped the 0
])
def test_enterprise_code(raw, expected):
    assert enterprise_code(raw) == expected


@pytest.mark.parametrize("raw", [
    "010123456", "01012345678", "0101234567-01", "0101234567-0001", "0101234567/001",
    "01O1234567", "101234567",
])
def test_enterprise_code_rejects(raw):
    with pytest.raises(NormalizationError) as caught:
        enterprise_code(raw)
    assert str(caught.value) == (f"'{raw}' is not an enterprise code: expected 10 digits, "
                                 "or 10 digits-3 digits for a branch (0101234567-001)")


@pytest.mark.parametrize(("raw", "code"), [("1023456", "1023456"), ("1 023 456", "1023456"),
                                           (1023456, "1023456")])
def test_organisation_code(raw, code):
    assert organisation_code(raw) == code


@pytest.mark.parametrize("raw", ["102345", "10234567", "1O23456"])
def test_organisation_code_rejects(raw):
    with pytest.raises(NormalizationError, match=r"not an organisation code: expected 7 digits$"):
        organisation_code(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("0101234567", SponsorCode("ENTERPRISE", "0101234567")),
    ("0101234567-001", SponsorCode("ENTERPRISE", "0101234567-001")),
    ("0101234567 -001", SponsorCode("ENTERPRISE", "0101234567-001")),
    ("1023456", SponsorCode("ORGANIZATION", "1023456")),
    ("082123456", SponsorCode("INDIVIDUAL", "082123456")),
    ("020085012345", SponsorCode("INDIVIDUAL", "020085012345")),
    ("020 085 012 345", SponsorCode("INDIVIDUAL", "020085012345")),
])
def test_classify_sponsor_code(raw, expected):
    assert classify_sponsor_code(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "12345678", "02008501234", "ABC1234567",
                                 "1023-456"])
def test_classify_sponsor_code_rejects(raw):
    with pytest.raises(NormalizationError, match=r"not a sponsor code: expected an enterprise"):
        classify_sponsor_code(raw)


@pytest.mark.parametrize(("raw", "plate"), [
    ("12A-345.67", "12A34567"),
    ("12A 34567", "12A34567"),
    ("12a-345.67", "12A34567"),
    ("29LD-123.45", "29LD12345"),
    ("29LĐ-123.45", "29LD12345"),
    ("29-B1 123.45", "29B112345"),
    ("80NG-123-45", "80NG12345"),
    ("桂A·12345", "桂A12345"),
    ("gui a 12345", "GUIA12345"),
    ("ABC 1234", "ABC1234"),
])
def test_vehicle_plate(raw, plate):
    assert vehicle_plate(raw) == plate


@pytest.mark.parametrize("raw", ["12A#345", "AB", "ABCDEF", "12A-345.67-89012-3"])
def test_vehicle_plate_rejects(raw):
    with pytest.raises(NormalizationError) as caught:
        vehicle_plate(raw)
    assert str(caught.value) == (f"'{raw}' is not a vehicle plate: expected letters and "
                                 "digits such as 12A-345.67")


@pytest.mark.parametrize(("raw", "address"), [
    ("info@hoanglong.vn", "info@hoanglong.vn"),
    (" Info@HoangLong.COM.VN ", "info@hoanglong.com.vn"),
    ("mailto:a.b+c@mail.example.org", "a.b+c@mail.example.org"),
])
def test_email(raw, address):
    assert email(raw) == address


@pytest.mark.parametrize(("raw", "hint"), [
    ("info@hoanglong", "expected name@domain.vn"),
    ("info.hoanglong.vn", "expected name@domain.vn"),
    ("a@@b.vn", "expected name@domain.vn"),
    ("a@b.123", "expected name@domain.vn"),
    ("a@b.vn; c@d.vn", "give one address per cell, without spaces"),
    ("nguyen van a@b.vn", "give one address per cell, without spaces"),
])
def test_email_rejects(raw, hint):
    with pytest.raises(NormalizationError) as caught:
        email(raw)
    assert str(caught.value) == f"'{raw}' is not an e-mail address: {hint}"
