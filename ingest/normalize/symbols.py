"""Residence purpose symbols, residence document types and sex codes.

Symbols are stored in ASCII (``LD1``, ``DT3``) so that "LĐ1", "LD1", "ld 1"
and "Lđ1" are one value; :func:`symbol_display` gives back the written form.
The list is Law 47/2014 art. 8 as amended (DOMAIN.md, Residence purposes).

>>> residence_symbol("Lđ 1"), symbol_display("DT3")
('LD1', 'ĐT3')
>>> purpose_allows_work("DL")
False
"""

from __future__ import annotations

import re

from .errors import invalid
from .text import cell_text, fold

__all__ = [
    "RESIDENCE_SYMBOLS",
    "purpose_allows_work",
    "residence_doc_type",
    "residence_symbol",
    "sex",
    "symbol_display",
]

RESIDENCE_SYMBOLS = frozenset({
    "LD1", "LD2", "DN1", "DN2", "DT1", "DT2", "DT3", "DT4", "NN1", "NN2",
    "NN3", "DH", "HN", "PV1", "PV2", "TT", "VR", "DL", "SQ", "EV", "NG1",
    "NG2", "NG3", "NG4", "LV1", "LV2", "LS",
})

# Which purposes authorise working for an employer in Vietnam, by symbol
# family (the letters without the digit). DOMAIN.md settles LĐ, ĐT and NN
# (True) and DL, EV, TT, VR, DN, HN, DH (False). The rest are our choice:
# - NG, LV (diplomatic and state work): False. Their work is for a mission
#   or a state body; a job at a registered enterprise is outside the purpose.
# - PV (press): False. Reporting for a foreign outlet, not local employment.
# - SQ (special short stays): False. Short visits, never employment.
# - LS (lawyers): True. A foreign lawyer with a practice licence works
#   legally (Labour Code art. 154 exempts them from a work permit); a
#   detector may still check that the employer is a law practice.
_WORK_ALLOWED = {
    "LD": True, "DT": True, "NN": True, "LS": True,
    "DN": False, "DH": False, "HN": False, "PV": False, "TT": False,
    "VR": False, "DL": False, "SQ": False, "EV": False, "NG": False, "LV": False,
}

_DOC_TYPES = {
    "visa": "VISA", "thithuc": "VISA",
    "evisa": "EVISA", "thithucdientu": "EVISA",
    "trc": "TRC", "thetamtru": "TRC", "temporaryresidencecard": "TRC",
    "exempt": "EXEMPT", "mienthithuc": "EXEMPT", "visaexemption": "EXEMPT",
    "giaymienthithuc": "EXEMPT",
}

_SEXES = {
    "m": "M", "male": "M", "nam": "M",
    "f": "F", "female": "F", "nu": "F",
    "x": "X", "khac": "X", "other": "X",
}


def _compact(text: str) -> str:
    """Folded, and spaces, dashes, dots and underscores dropped."""
    return re.sub(r"[\s\-._]", "", fold(text) or "")


def _lookup(raw: object, table: dict[str, str], what: str, hint: str) -> str | None:
    """The table's value for a cell's compacted text; None if empty."""
    text = cell_text(raw)
    if text is None:
        return None
    value = table.get(_compact(text))
    if value is None:
        raise invalid(raw, what, hint)
    return value


def residence_symbol(raw: object) -> str | None:
    """Canonical ASCII symbol (``LD1``); None for an empty cell.

    >>> residence_symbol("ĐT3"), residence_symbol("ld-2")
    ('DT3', 'LD2')
    """
    text = cell_text(raw)
    if text is None:
        return None
    symbol = _compact(text).upper()
    if symbol not in RESIDENCE_SYMBOLS:
        known = ", ".join(symbol_display(s) for s in sorted(RESIDENCE_SYMBOLS))
        raise invalid(raw, "a residence symbol", f"expected one of {known}")
    return symbol


def symbol_display(canonical: object) -> str | None:
    """The symbol as written in Vietnamese, with Đ (``LD1`` → ``LĐ1``).

    >>> symbol_display("LD2"), symbol_display("DT1"), symbol_display("DN1")
    ('LĐ2', 'ĐT1', 'DN1')
    """
    symbol = residence_symbol(canonical)
    if symbol is None:
        return None
    if symbol.startswith("LD"):
        return "LĐ" + symbol[2:]
    if symbol.startswith("DT"):
        return "ĐT" + symbol[2:]
    return symbol


def purpose_allows_work(canonical: object) -> bool | None:
    """Whether a residence purpose authorises employment; None when unknown.

    >>> purpose_allows_work("LĐ1"), purpose_allows_work("EV"), purpose_allows_work(None)
    (True, False, None)
    """
    symbol = residence_symbol(canonical)
    if symbol is None:
        return None
    return _WORK_ALLOWED[symbol.rstrip("0123456789")]


def residence_doc_type(raw: object) -> str | None:
    """VISA, EVISA, TRC or EXEMPT, from English or Vietnamese wording.

    >>> residence_doc_type("e-Visa"), residence_doc_type("Thẻ tạm trú")
    ('EVISA', 'TRC')
    """
    return _lookup(raw, _DOC_TYPES, "a residence document type",
                   "expected VISA, EVISA, TRC or EXEMPT")


def sex(raw: object) -> str | None:
    """``M``, ``F`` or ``X`` from M/F/X, Nam/Nữ, Male/Female.

    >>> sex("Nữ"), sex("nam"), sex("X")
    ('F', 'M', 'X')
    """
    return _lookup(raw, _SEXES, "a sex", "expected M, F or X (Nam, Nữ)")
