"""Passport numbers, citizen IDs, enterprise and organisation codes, plates, e-mail.

Each function returns the canonical form used as a graph key, None for an
empty cell, and raises :class:`~ingest.normalize.errors.NormalizationError`
with the reason for anything else (FEEDS.md, Identifiers).

>>> passport_no("e 1234-5678")
'E12345678'
>>> enterprise_code("0101234567 - 001")
EnterpriseCode(code='0101234567-001', parent='0101234567', branch='001')
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .errors import invalid
from .text import cell_text, fold

__all__ = [
    "CccdFacts",
    "CitizenId",
    "EnterpriseCode",
    "SponsorCode",
    "cccd_consistent",
    "cccd_facts",
    "citizen_id",
    "classify_sponsor_code",
    "email",
    "enterprise_code",
    "organisation_code",
    "passport_no",
    "vehicle_plate",
]

_PASSPORT_HINT = "expected 5 to 12 letters A-Z and digits, as printed in the passport"
_CITIZEN_HINT = "expected a 12-digit CCCD or a 9-digit CMND"
_ENTERPRISE_HINT = "expected 10 digits, or 10 digits-3 digits for a branch (0101234567-001)"


class CitizenId(NamedTuple):
    """A Vietnamese citizen ID: ``kind`` is ``"CCCD"`` (12 digits) or ``"CMND"`` (9)."""

    number: str
    kind: str


class CccdFacts(NamedTuple):
    """What a CCCD number says about its holder (DOMAIN.md, Identifiers)."""

    province_code: str
    birth_century_start: int
    sex: str
    birth_year_2digits: int

    @property
    def birth_year(self) -> int:
        return self.birth_century_start + self.birth_year_2digits


class EnterpriseCode(NamedTuple):
    """An enterprise code; ``parent`` is the 10-digit enterprise, ``branch`` its -NNN."""

    code: str
    parent: str
    branch: str | None


class SponsorCode(NamedTuple):
    """A sponsor code with its kind: ENTERPRISE, ORGANIZATION or INDIVIDUAL."""

    kind: str
    code: str


def _strip(text: str, separators: str) -> str:
    return re.sub(f"[{re.escape(separators)}]", "", text)


def passport_no(raw: object) -> str | None:
    """Upper case, spaces, dashes and dots removed; 5 to 12 letters and digits.

    Passport numbers are unique only within the issuing nationality, so a
    key must pair this value with the nationality.

    >>> passport_no(" b1234567 ")
    'B1234567'
    """
    text = cell_text(raw)
    if text is None:
        return None
    number = _strip(text.upper(), " -.")
    if not re.fullmatch(r"[A-Z0-9]+", number):
        raise invalid(raw, "a passport number", "use only letters A-Z and digits")
    if not 5 <= len(number) <= 12:
        raise invalid(raw, "a passport number", f"{_PASSPORT_HINT}, got {len(number)} characters")
    return number


def citizen_id(raw: object) -> CitizenId | None:
    """A 12-digit CCCD or 9-digit CMND, spaces and dots removed.

    Excel drops the leading zero of an ID typed as a number; every CCCD
    starts with 0 (province codes run 001-096), so an 11-digit *number* (an
    ``int``, not text) gets it back, as does an 8-digit one for a CMND.

    >>> citizen_id("020 085 012 345")
    CitizenId(number='020085012345', kind='CCCD')
    >>> citizen_id(20085012345).number
    '020085012345'
    """
    text = cell_text(raw)
    if text is None:
        return None
    digits = _strip(text, " .-")
    if isinstance(raw, (int, float)) and len(digits) in (8, 11):
        digits = "0" + digits
    if not digits.isascii() or not digits.isdigit():
        raise invalid(raw, "a citizen ID", f"{_CITIZEN_HINT}, digits only")
    if len(digits) == 12:
        return CitizenId(digits, "CCCD")
    if len(digits) == 9:
        return CitizenId(digits, "CMND")
    raise invalid(raw, "a citizen ID", f"{_CITIZEN_HINT}, got {len(digits)} digits")


def cccd_facts(number: object) -> CccdFacts | None:
    """Decode province, birth century, sex and birth year from a CCCD.

    Digit 4 is century and sex: 0/1 the 1900s male/female, 2/3 the 2000s,
    4/5 the 2100s, and so on by pairs.

    >>> f = cccd_facts("020185012345")
    >>> f.province_code, f.sex, f.birth_year
    ('020', 'F', 1985)
    """
    cid = citizen_id(number)
    if cid is None:
        return None
    if cid.kind != "CCCD":
        raise invalid(number, "a CCCD", "a 9-digit CMND carries no birth year or sex")
    digits = cid.number
    code = int(digits[3])
    return CccdFacts(
        province_code=digits[:3],
        birth_century_start=1900 + 100 * (code // 2),
        sex="F" if code % 2 else "M",
        birth_year_2digits=int(digits[4:6]),
    )


def cccd_consistent(number: object, date_of_birth_iso: object, sex: object) -> bool | None:
    """Whether a CCCD agrees with a date of birth and a sex; None if unknown.

    Unknown means: no number, a 9-digit CMND, or neither a birth date nor a
    sex of M/F to compare with. Bad values raise.

    >>> cccd_consistent("020085012345", "1985-04-30", "M")
    True
    >>> cccd_consistent("020085012345", "1985-04-30", "Nữ")
    False
    """
    # Imported here: dates and symbols are siblings that must not import us.
    from .dates import parse_date
    from .symbols import sex as parse_sex

    cid = citizen_id(number)
    if cid is None or cid.kind != "CCCD":
        return None
    facts = cccd_facts(cid.number)
    born = parse_date(date_of_birth_iso)
    holder_sex = parse_sex(sex)
    checks = []
    if born is not None:
        checks.append(int(born[:4]) == facts.birth_year)
    if holder_sex in ("M", "F"):
        checks.append(holder_sex == facts.sex)
    return all(checks) if checks else None


def enterprise_code(raw: object) -> EnterpriseCode | None:
    """A 10-digit enterprise code, or ``NNNNNNNNNN-NNN`` for a branch.

    A 13-digit run is read as parent + branch (the old tax-code writing), and
    a 9-digit *number* from Excel gets back its leading zero.

    >>> enterprise_code("4900123456")
    EnterpriseCode(code='4900123456', parent='4900123456', branch=None)
    """
    text = cell_text(raw)
    if text is None:
        return None
    compact = re.sub(r"[\u2010-\u2015]", "-", _strip(text, " ."))  # typed en dashes
    if isinstance(raw, (int, float)) and re.fullmatch(r"\d{9}", compact):
        compact = "0" + compact
    match = re.fullmatch(r"(\d{10})(?:-?(\d{3}))?", compact)
    if not match or not compact.isascii():
        raise invalid(raw, "an enterprise code", _ENTERPRISE_HINT)
    parent, branch = match.groups()
    return EnterpriseCode(f"{parent}-{branch}" if branch else parent, parent, branch)


def organisation_code(raw: object) -> str | None:
    """A 7-digit code of a non-enterprise organisation (spaces tolerated).

    >>> organisation_code("1 023 456")
    '1023456'
    """
    text = cell_text(raw)
    if text is None:
        return None
    digits = _strip(text, " .")
    if not re.fullmatch(r"[0-9]{7}", digits):
        raise invalid(raw, "an organisation code", "expected 7 digits")
    return digits


def classify_sponsor_code(raw: object) -> SponsorCode | None:
    """Tell an enterprise, organisation or citizen-ID sponsor code by its shape.

    10 or 10-3 digits: ENTERPRISE; 7: ORGANIZATION; 9 or 12: INDIVIDUAL
    (CMND or CCCD). Leading zeros are never restored here: a 9-digit value
    could be a CMND or a shortened enterprise code.

    >>> classify_sponsor_code("0101234567-001")
    SponsorCode(kind='ENTERPRISE', code='0101234567-001')
    >>> classify_sponsor_code("020085012345")
    SponsorCode(kind='INDIVIDUAL', code='020085012345')
    """
    text = cell_text(raw)
    if text is None:
        return None
    compact = _strip(text, " .")
    digits = compact.replace("-", "")
    if digits.isascii() and digits.isdigit():
        if len(digits) == 7 and "-" not in compact:
            return SponsorCode("ORGANIZATION", digits)
        if len(digits) in (9, 12) and "-" not in compact:
            return SponsorCode("INDIVIDUAL", digits)
        if len(digits) in (10, 13):
            code = enterprise_code(text)
            if code is not None:
                return SponsorCode("ENTERPRISE", code.code)
    raise invalid(raw, "a sponsor code", "expected an enterprise code (10 digits or "
                  "10-3), a 7-digit organisation code, or a 9/12-digit citizen ID")


def vehicle_plate(raw: object) -> str | None:
    """Plate in upper case without separators or diacritics.

    Vietnamese plates ("12A-345.67", "29LD-123.45") and foreign ones alike;
    Chinese plates keep their province character ("桂A·12345" → "桂A12345").

    >>> vehicle_plate("12a 345.67"), vehicle_plate("29LĐ-123.45")
    ('12A34567', '29LD12345')
    """
    text = cell_text(raw)
    if text is None:
        return None
    plate = re.sub(r"[\s\-.·•_/]", "", (fold(text) or "").upper())
    if not plate.isalnum() or not 4 <= len(plate) <= 12 or not any(c.isdigit() for c in plate):
        raise invalid(raw, "a vehicle plate", "expected letters and digits such as 12A-345.67")
    return plate


def email(raw: object) -> str | None:
    """Lower-case, trimmed e-mail address; one address per cell.

    >>> email(" Info@HoangLong.VN ")
    'info@hoanglong.vn'
    """
    text = cell_text(raw)
    if text is None:
        return None
    address = re.sub(r"^mailto:", "", text.lower())
    if re.search(r"[\s,;]", address):
        raise invalid(raw, "an e-mail address", "give one address per cell, without spaces")
    if not re.fullmatch(r"[^@]+@[^@.]+(\.[^@.]+)*\.[^@.\d]{2,}", address):
        raise invalid(raw, "an e-mail address", "expected name@domain.vn")
    return address
