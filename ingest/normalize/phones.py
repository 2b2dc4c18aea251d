"""Phone numbers to E.164, with Vietnam's 2018 mobile renumbering applied.

The same phone recurring across apprehension cases is a strong link
(DOMAIN.md, illegal entry), so every spelling of one number must give one
string: "0912 345 678", "+84 912345678", "84912345678" and Excel's
912345678 (the leading zero lost) all become "+84912345678". Old 11-digit
mobile numbers (0162…, 0120…) are rewritten to the 10-digit ones that
replaced them in 2018, because one person's number appears in both forms.

>>> phone_e164("(0205) 3812 345")
'+842053812345'
>>> phone_e164("0168 123 4567")
'+84381234567'
"""

from __future__ import annotations

import re

from .errors import invalid
from .text import cell_text

__all__ = ["phone_e164"]

# Ministry of Information and Communications renumbering, Sept-Nov 2018:
# old 4-digit mobile prefix (without its 0) → new 3-digit one (without 0).
_OLD_MOBILE_PREFIXES = {
    "162": "32", "163": "33", "164": "34", "165": "35", "166": "36",
    "167": "37", "168": "38", "169": "39",
    "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
    "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
    "186": "56", "188": "58", "199": "59",
}
# Since 2018 every mobile number is 0 + 9 digits starting with one of these;
# since 2017 every landline is 0 + a 2xx area code, 10 digits in all.
_MOBILE_FIRST_DIGITS = "35789"

_VN_HINT = ("expected a Vietnamese number such as 0912 345 678 or (0205) 3812 345; "
            "write a foreign number with + and its country code")
_FOREIGN_HINT = "expected + or 00, a country code and 7 to 15 digits in all"


def _vietnamese(raw: object, national: str) -> str:
    """E.164 for a Vietnamese national significant number (no trunk 0)."""
    if len(national) == 10 and national.startswith("1"):
        new_prefix = _OLD_MOBILE_PREFIXES.get(national[:3])
        if new_prefix is None:
            prefix = f"0{national[:3]}"
            raise invalid(raw, "a phone number", f"{prefix} is not a known old mobile prefix")
        national = new_prefix + national[3:]
    is_mobile = len(national) == 9 and national[0] in _MOBILE_FIRST_DIGITS
    is_landline = len(national) == 10 and national[0] == "2"
    if not (is_mobile or is_landline):
        raise invalid(raw, "a phone number", _VN_HINT)
    return "+84" + national


def phone_e164(raw: object) -> str | None:
    """A phone number in E.164 (``+84…``), or None for an empty cell.

    Accepts spaces, dots, dashes and brackets; ``+`` or ``00`` for an
    international number; ``84`` without ``+``; a Vietnamese number missing
    its leading 0. A foreign number must carry ``+``/``00`` and its country
    code, since without one it cannot be told from a Vietnamese typo.

    >>> phone_e164("+86 138 0013 8000")
    '+8613800138000'
    >>> phone_e164(912345678)
    '+84912345678'
    """
    text = cell_text(raw)
    if text is None:
        return None
    if re.search(r"[/;,&]|\b(or|hoặc|hoac)\b", text, re.IGNORECASE):
        raise invalid(raw, "a phone number", "give one number per cell")
    # "+44 (0)20 …" marks a trunk 0 not dialled from abroad.
    compact = re.sub(r"[\s.\-()]", "", text.replace("(0)", ""))
    if not re.fullmatch(r"\+?[0-9]+", compact):
        raise invalid(raw, "a phone number", "use digits, with spaces, dots, dashes or brackets")
    international = None
    if compact.startswith("+"):
        international = compact[1:]
    elif compact.startswith("00"):
        international = compact[2:]
    if international is not None:
        if international.startswith("84"):
            # "+84 0912…": the trunk 0 kept by mistake after the country code.
            return _vietnamese(raw, international[2:].removeprefix("0"))
        if international.startswith("0") or not 7 <= len(international) <= 15:
            raise invalid(raw, "a phone number", _FOREIGN_HINT)
        return "+" + international
    if compact.startswith("0"):
        return _vietnamese(raw, compact[1:])
    if compact.startswith("84") and len(compact) in (11, 12):
        return _vietnamese(raw, compact[2:])
    return _vietnamese(raw, compact)  # the leading 0 lost, as Excel does
