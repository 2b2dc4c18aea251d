"""Each kind of cell in the contract, and the function that normalises it.

A normaliser takes the raw cell and returns the normalised value, ``None`` for
an empty cell (unknown), or raises :class:`NormalizationError` with a sentence
for the reject file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ingest.normalize import dates, identifiers, names, phones, symbols
from ingest.normalize.countries import nationality
from ingest.normalize.errors import NormalizationError, invalid
from ingest.normalize.text import cell_text, collapse, fold, nfc

__all__ = ["NORMALISERS", "normaliser"]


def _text(raw: object) -> str | None:
    text = cell_text(raw)
    return nfc(collapse(text)) if text else None


def _key(raw: object) -> str | None:
    text = _text(raw)
    return text.upper() if text and not text.isdigit() else text


def _document_no(raw: object) -> str | None:
    text = _text(raw)
    return re.sub(r"[\s.\-]", "", text).upper() if text else None


def _enum(*values: str, synonyms: dict[str, str] | None = None) -> Callable[[object], str | None]:
    allowed = set(values)
    extra = {fold(k).replace(" ", "_"): v for k, v in (synonyms or {}).items()}

    def normalise(raw: object) -> str | None:
        text = _text(raw)
        if text is None:
            return None
        folded = fold(text).replace(" ", "_").replace("-", "_")
        if folded.upper() in allowed:
            return folded.upper()
        if folded in extra:
            return extra[folded]
        raise invalid(text, "a known value", "use one of " + ", ".join(values))

    return normalise


def _amount(raw: object) -> int | None:
    if isinstance(raw, bool):
        raise invalid(raw, "an amount", "write a whole number of VND")
    if isinstance(raw, (int, float)):
        value = raw
    else:
        text = _text(raw)
        if text is None:
            return None
        # 1.500.000.000 and 1,500,000,000 are both thousands separators here.
        digits = text.replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", digits):
            digits = re.sub(r"[.,]", "", digits)
        try:
            value = int(digits)
        except ValueError:
            raise invalid(text, "an amount", "write a whole number of VND, e.g. 1500000000") from None
    if value != int(value):
        raise invalid(raw, "an amount", "write a whole number of VND")
    if value < 0:
        raise NormalizationError(f"'{raw}' is a negative amount: amounts must be 0 or more", raw)
    return int(value)


def _percentage(raw: object) -> float | None:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    else:
        text = _text(raw)
        if text is None:
            return None
        try:
            value = float(text.rstrip("%").strip().replace(",", "."))
        except ValueError:
            raise invalid(text, "a percentage", "write a number from 0 to 100") from None
    if not 0 <= value <= 100:
        raise NormalizationError(
            f"'{raw}' is outside 0-100: a percentage must be from 0 to 100", raw
        )
    return value


def _industry_codes(raw: object) -> list[str] | None:
    text = _text(raw)
    if text is None:
        return None
    codes = [c.strip() for c in text.split(";") if c.strip()]
    for code in codes:
        if not re.fullmatch(r"\d{1,5}", code):
            raise invalid(code, "a VSIC industry code", "write up to 5 digits, codes separated by ';'")
    return codes


def _enterprise_code(raw: object) -> str | None:
    code = identifiers.enterprise_code(raw)
    return code.code if code else None


def _citizen_id(raw: object) -> str | None:
    cid = identifiers.citizen_id(raw)
    return cid.number if cid else None


def _sponsor_code(raw: object) -> str | None:
    sponsor = identifiers.classify_sponsor_code(raw)
    return sponsor.code if sponsor else None


def _establishment_code(raw: object) -> str | None:
    # An enterprise code for an establishment run by one, a citizen ID for a
    # household; both are accepted, anything else is refused.
    return _sponsor_code(raw)


NORMALISERS: dict[str, Callable[[object], Any]] = {
    "text": _text,
    "key": _key,
    "name": _text,
    "address": _text,
    "document_no": _document_no,
    "date": dates.parse_date,
    "timestamp": dates.parse_timestamp,
    "nationality": nationality,
    "passport": identifiers.passport_no,
    "citizen_id": _citizen_id,
    "enterprise_code": _enterprise_code,
    "sponsor_code": _sponsor_code,
    "establishment_code": _establishment_code,
    "phone": phones.phone_e164,
    "email": identifiers.email,
    "plate": identifiers.vehicle_plate,
    "symbol": symbols.residence_symbol,
    "sex": symbols.sex,
    "residence_doc_type": symbols.residence_doc_type,
    "amount": _amount,
    "percentage": _percentage,
    "industry_codes": _industry_codes,
    "sponsor_type": _enum("ENTERPRISE", "ORGANIZATION", "INDIVIDUAL",
                          synonyms={"organisation": "ORGANIZATION"}),
    "enterprise_status": _enum("ACTIVE", "SUSPENDED", "DISSOLVED"),
    "enterprise_role": _enum("OWNER", "MEMBER", "SHAREHOLDER", "LEGAL_REP", "DIRECTOR",
                             "CHIEF_ACCOUNTANT"),
    "id_type": _enum("CCCD", "CMND", "PASSPORT"),
    "permit_kind": _enum("PERMIT", "EXEMPTION"),
    "permit_status": _enum("VALID", "EXPIRED", "REVOKED", "SURRENDERED"),
    "position": _enum("MANAGER", "EXECUTIVE", "EXPERT", "TECHNICAL_WORKER", "OTHER"),
    "establishment_type": _enum("HOTEL", "GUESTHOUSE", "HOUSEHOLD", "ENTERPRISE_DORMITORY",
                                "OTHER"),
    "border_event_type": _enum("ENTRY", "EXIT", "REFUSED", "APPREHENDED"),
    "border_point_kind": _enum("INTERNATIONAL_GATE", "MAIN_GATE", "SECONDARY_GATE", "TRAIL",
                               "INLAND"),
    "travel_document_type": _enum("PASSPORT", "BORDER_PASS", "EVISA", "NONE"),
    "border_role": _enum("TRAVELLER", "GUIDE", "DRIVER", "ORGANISER", "HOST",
                         synonyms={"traveler": "TRAVELLER", "organizer": "ORGANISER"}),
}


def normaliser(kind: str) -> Callable[[object], Any]:
    return NORMALISERS[kind]


# Used by the loader, which needs the parsed parts, not just the checked text.
person_name = names.person_name
