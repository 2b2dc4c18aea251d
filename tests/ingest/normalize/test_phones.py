"""Tests for ingest.normalize.phones: E.164 and the 2018 renumbering."""

import pytest

from ingest.normalize.errors import NormalizationError
from ingest.normalize.phones import phone_e164


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_is_none(empty):
    assert phone_e164(empty) is None


@pytest.mark.parametrize("raw", [
    "0912 345 678", "0912345678", "0912.345.678", "0912-345-678", "+84 912345678",
    "+84912345678", "84912345678", "0084 912 345 678", "+84 (0) 912 345 678",
    "+84 0912 345 678", "(+84) 912 345 678", 912345678, 912345678.0, "912345678",
])
def test_vietnamese_mobile_forms(raw):
    assert phone_e164(raw) == "+84912345678"


@pytest.mark.parametrize(("raw", "e164"), [
    ("(0205) 3812 345", "+842053812345"),
    ("0205 3812345", "+842053812345"),
    ("+84 205 3812 345", "+842053812345"),
    ("842053812345", "+842053812345"),
    ("024 3825 1234", "+842438251234"),
    ("028.3822.1234", "+842838221234"),
    ("2053812345", "+842053812345"),
])
def test_landlines(raw, e164):
    assert phone_e164(raw) == e164


OLD_TO_NEW = [
    ("0162", "032"), ("0163", "033"), ("0164", "034"), ("0165", "035"), ("0166", "036"),
    ("0167", "037"), ("0168", "038"), ("0169", "039"), ("0120", "070"), ("0121", "079"),
    ("0122", "077"), ("0126", "076"), ("0128", "078"), ("0123", "083"), ("0124", "084"),
    ("0125", "085"), ("0127", "081"), ("0129", "082"), ("0186", "056"), ("0188", "058"),
    ("0199", "059"),
]


@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW)
def test_old_eleven_digit_mobiles_are_renumbered(old, new):
    expected = "+84" + new[1:] + "1234567"
    assert phone_e164(old + "1234567") == expected
    assert phone_e164(f"{old} 123 4567") == expected
    assert phone_e164("+84" + old[1:] + "1234567") == expected
    assert phone_e164(new + "1234567") == expected


@pytest.mark.parametrize(("raw", "e164"), [
    ("+86 138 0013 8000", "+8613800138000"),
    ("0086 138 0013 8000", "+8613800138000"),
    ("+856 20 5555 1234", "+8562055551234"),
    ("+855 12 345 678", "+85512345678"),
    ("+44 (0)20 7946 0958", "+442079460958"),
    ("+1 (202) 555-0143", "+12025550143"),
])
def test_foreign_numbers(raw, e164):
    assert phone_e164(raw) == e164


VN_HINT = ("expected a Vietnamese number such as 0912 345 678 or (0205) 3812 345; "
           "write a foreign number with + and its country code")


@pytest.mark.parametrize(("raw", "reason"), [
    ("12345", VN_HINT),
    ("091234567", VN_HINT),  # one digit short
    ("09123456789", VN_HINT),  # one digit long
    ("0412345678", VN_HINT),  # no mobile prefix starts with 4
    ("13800138000", VN_HINT),  # Chinese mobile without +86
    ("04 3825 1234", VN_HINT),  # pre-2017 Hanoi area code
    ("01301234567", "0130 is not a known old mobile prefix"),
    ("0912 345 678 / 0987 654 321", "give one number per cell"),
    ("0912345678; 0987654321", "give one number per cell"),
    ("0912345678 hoặc 0987654321", "give one number per cell"),
    ("0912 ABC 678", "use digits, with spaces, dots, dashes or brackets"),
    ("+86 138", "expected + or 00, a country code and 7 to 15 digits in all"),
    ("+0 912345678", "expected + or 00, a country code and 7 to 15 digits in all"),
    ("+86 1380 0138 0001 2345", "expected + or 00, a country code and 7 to 15 digits in all"),
])
def test_rejects(raw, reason):
    with pytest.raises(NormalizationError) as caught:
        phone_e164(raw)
    assert str(caught.value) == f"'{raw}' is not a phone number: {reason}"
