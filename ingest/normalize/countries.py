"""Nationalities to ISO 3166-1 alpha-3, from codes or country names.

Feeds give nationality as an alpha-3 code (``CHN``), an alpha-2 code
(``CN``), an ICAO passport code where it differs (``D``, ``GBD``), or a
country name in Vietnamese or English, with or without diacritics
(FEEDS.md, Formats). Every country is covered: pycountry supplies codes,
English names and its Vietnamese catalogue, and ``_country_names`` adds the
names in use today.

>>> nationality("TRUNG QUOC"), nationality("Lào"), nationality("D")
('CHN', 'LAO', 'DEU')
"""

from __future__ import annotations

import functools
import gettext
import re

import pycountry

from ._country_names import EXTRA_NAMES
from .errors import invalid
from .text import cell_text, fold

__all__ = ["is_vietnamese", "nationality"]

# ICAO 9303 codes that are not ISO 3166-1 alpha-3, and the code we keep.
# - D (Germany) and the British nationality classes are plain countries.
# - RKS (Kosovo passports) and UNK (UN travel documents for Kosovo
#   residents) go to XKX, the user-assigned code in common use for Kosovo;
#   XK is its usual two-letter form.
# - XXA stateless, XXB/XXC refugees and XXX unspecified are kept: they fall
#   in ISO's user-assigned X range, and "stateless" is a real fact.
# - Documents of organisations (UN, EU, Interpol, development banks...)
#   state no nationality: XXX, unspecified.
_ICAO_CODES = {
    "D": "DEU",
    "GBD": "GBR", "GBN": "GBR", "GBO": "GBR", "GBP": "GBR", "GBS": "GBR",
    "RKS": "XKX", "UNK": "XKX", "XK": "XKX", "XKX": "XKX",
    "XXA": "XXA", "XXB": "XXB", "XXC": "XXC", "XXX": "XXX",
    **dict.fromkeys(("UNO", "UNA", "EUE", "XPO", "XOM", "XBA", "XIM", "XCC",
                     "XCE", "XCO", "XEC", "XES", "XMP"), "XXX"),
}

_HINT = "use an ISO code (CHN or CN) or a country name (Trung Quốc, China)"


def _name_key(text: str) -> str:
    # Spaces, hyphens and punctuation vary freely in transliterations
    # ("Cam-pu-chia", "Campuchia"), so they are all dropped.
    return re.sub(r"[^a-z0-9]", "", fold(text) or "")


@functools.cache
def _name_index() -> dict[str, str]:
    """Folded, compacted country name → alpha-3; built once, on first use."""
    vi = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"], fallback=True)
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("official_name", "name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                for spelling in (name, vi.gettext(name)):
                    index.setdefault(_name_key(spelling), country.alpha_3)
    # The hand table is today's usage: it wins over pycountry's old forms.
    for alpha3, names in EXTRA_NAMES.items():
        for name in names:
            index[_name_key(name)] = alpha3
    index.pop("", None)
    return index


def _from_code(code: str) -> str | None:
    if code in _ICAO_CODES:
        return _ICAO_CODES[code]
    field = {2: "alpha_2", 3: "alpha_3"}.get(len(code))
    country = pycountry.countries.get(**{field: code}) if field else None
    return country.alpha_3 if country else None


def nationality(raw: object) -> str | None:
    """ISO 3166-1 alpha-3 code for a nationality cell; None when empty.

    Short values read as codes when written in capitals and as names
    otherwise, because a few Vietnamese names, typed without diacritics,
    are also codes: ``NGA`` is Nigeria but ``Nga`` is Russia, ``MY`` is
    Malaysia but ``My`` (Mỹ) the United States, ``AO`` Angola but ``Ao``
    (Áo) Austria, ``BI`` Burundi but ``Bi`` (Bỉ) Belgium.

    >>> nationality("Hoa Kỳ"), nationality("vn"), nationality("GBD")
    ('USA', 'VNM', 'GBR')
    >>> nationality("Nga"), nationality("NGA")
    ('RUS', 'NGA')
    """
    text = cell_text(raw)
    if text is None:
        return None
    looks_like_code = text.isascii() and text.isalpha() and len(text) <= 3
    if looks_like_code and text.isupper():
        code = _from_code(text)
        if code:
            return code
    name = _name_index().get(_name_key(text))
    if name:
        return name
    if looks_like_code:
        code = _from_code(text.upper())
        if code:
            return code
    raise invalid(raw, "a known nationality", _HINT)


def is_vietnamese(alpha3: object) -> bool | None:
    """True for Vietnam (``VNM`` or any form :func:`nationality` accepts).

    None when the nationality is unknown (empty cell), never a guess.

    >>> is_vietnamese("VNM"), is_vietnamese("Trung Quốc"), is_vietnamese("")
    (True, False, None)
    """
    code = nationality(alpha3)
    return None if code is None else code == "VNM"
