"""Free-text Vietnamese addresses split into folded parts and a merge key.

The same place is written many ways: with or without the unit words (xã,
phường, huyện) or their abbreviations (X., P., H., TP.), with or without
commas and diacritics, with "Số 12" or "12". The parts are folded for
matching, and :attr:`Address.key` identifies the place without the district,
because addresses since 1 Jul 2025 have none and older ones do.

>>> a = parse_address("Số 12 đường Lê Lợi, P. Vĩnh Trại, TP. Lạng Sơn, tỉnh Lạng Sơn")
>>> a.house_no, a.street, a.commune, a.district, a.province
('12', 'le loi', 'vinh trai', 'lang son', 'lang son')
>>> a.key
'12|le loi||vinh trai|lang son'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass

from ._address_words import (
    CENTRAL_CITIES,
    MARKERS,
    PROVINCE_ALIASES,
    PROVINCES,
    SAFE_WITHOUT_DIACRITICS,
)
from .text import cell_text, fold

__all__ = ["Address", "parse_address"]

HOUSE, STREET, VILLAGE, COMMUNE, DISTRICT, PROVINCE = range(6)
_LEVEL = {"house": HOUSE, "street": STREET, "village": VILLAGE, "commune": COMMUNE,
          "district": DISTRICT, "province": PROVINCE, "city": None}
_FIELDS = ("house_no", "street", "village", "commune", "district", "province")

# Every spelling as a word list, longest first so that "khu phố" wins over "khu".
_SPELLINGS = sorted(((tuple(s.split()), kind, canonical)
                     for kind, canonical, spellings in MARKERS for s in spellings),
                    key=lambda entry: -len(entry[0]))
# "TP.Lạng Sơn", "P.5": a dotted abbreviation glued to the name.
_GLUED = re.compile(r"(?i)\b(tp|tx|tt|kp|đ|d|p|x|q|h|t)\.(?=\w)")
_HOUSE_NO = re.compile(r"\d+[a-z]?([/\-]\d+[a-z]?)*")
_COUNTRY = {"vietnam", "vn"}
_PROVINCE_BY_COMPACT = {p.replace(" ", ""): p for p in PROVINCES}


@dataclass(frozen=True)
class Address:
    """An address: the text as given, its folded parts, and a merge key.

    Parts are None when absent. ``village`` keeps its unit word ("thon na
    pan", "to 5"), because thôn, bản and tổ of one name are different
    places; commune and district drop theirs unless the name is a number
    ("phuong 5"). Text that fits no part goes to ``street``, so nothing
    given is lost.

    ``key`` is ``house_no|street|village|commune|province`` (empty between
    bars when absent): the district is left out, since post-2025 addresses
    have none. An address naming only a district keys on its folded text.

    Parts without a unit word are placed by position: a number first is the
    house, the part after it the street; a recognised province name last is
    the province; the unlabeled parts just below a labeled unit or the
    province become commune, then district ("Tân Thanh, Văn Lãng, Lạng
    Sơn"). Without any labeled unit or province they stay street text. With
    no gazetteer, "Lê Lợi, Vĩnh Trại, Lạng Sơn" is therefore read as
    commune Lê Lợi, district Vĩnh Trại: unit words give the best keys.
    """

    display: str
    house_no: str | None
    street: str | None
    village: str | None
    commune: str | None
    district: str | None
    province: str | None
    key: str


def _marker_at(words: list[str], i: int) -> tuple[str, str, int] | None:
    """The unit word starting at ``words[i]``: (kind, canonical, length)."""
    for spelling, kind, canonical in _SPELLINGS:
        chunk = [unicodedata.normalize("NFC", w).lower() for w in words[i:i + len(spelling)]]
        if len(chunk) < len(spelling) or i + len(spelling) >= len(words):
            continue  # a label needs a name after it
        written_bare = all(fold(w) == w for w in chunk)
        exact = tuple(chunk) == spelling
        if not exact and not (written_bare and tuple(chunk) == tuple(fold(s) for s in spelling)):
            continue
        plain = " ".join(fold(s) for s in spelling)
        safe = (spelling[-1].endswith(".") or plain in SAFE_WITHOUT_DIACRITICS
                or (exact and plain != " ".join(spelling)))
        if kind == "house" and not any(c.isdigit() for c in words[i + len(spelling)]):
            continue
        if i == 0 or safe:
            return kind, canonical, len(spelling)
    return None


def _pieces(segment: str) -> list[tuple[str | None, str | None, list[str]]]:
    """Split one comma-separated part at unit words: (kind, canonical, words)."""
    words = _GLUED.sub(r"\1. ", segment).split()
    pieces: list[tuple[str | None, str | None, list[str]]] = []
    kind = canonical = None
    current: list[str] = []
    i = 0
    while i < len(words):
        found = _marker_at(words, i)
        if found is None:
            current.append(words[i])
            i += 1
            continue
        if current or kind:
            pieces.append((kind, canonical, current))
        kind, canonical, length = found
        current = []
        i += length
    pieces.append((kind, canonical, current))
    return pieces


def _folded(words: list[str]) -> str:
    cleaned = (re.sub(r"[^\w/\-]", "", fold(w) or "").strip("-") for w in words)
    return " ".join(w for w in cleaned if w)


def _province(words: list[str]) -> str | None:
    name = _folded(words)
    name = PROVINCE_ALIASES.get(name) or PROVINCE_ALIASES.get(name.replace(" ", ""), name)
    return _PROVINCE_BY_COMPACT.get(name.replace(" ", "").replace("-", ""))


def _fill_gaps(levels: list[int | None]) -> None:
    """Give unlabeled parts a level from their neighbours (in place).

    A run of unlabeled parts between labeled ones takes the free commune and
    district levels between them, nearest the larger unit; one part alone is
    taken as a commune (the post-2025 form has no district). What is left,
    or every unlabeled part when nothing above the street is labeled, is
    street text.
    """
    if not any(level is not None and level >= VILLAGE for level in levels):
        levels[:] = [STREET if level is None else level for level in levels]
        return
    i = 0
    while i < len(levels):
        if levels[i] is not None:
            i += 1
            continue
        end = i
        while end < len(levels) and levels[end] is None:
            end += 1
        left = max((lv for lv in levels[:i] if lv is not None), default=-1)
        right = min((lv for lv in levels[end:] if lv is not None), default=PROVINCE + 1)
        free = [lv for lv in (COMMUNE, DISTRICT) if left < lv < right and lv not in levels]
        run = end - i
        chosen = free[:run] if run < len(free) else free
        levels[i:end] = [STREET] * (run - len(chosen)) + chosen
        i = end


Piece = tuple[str | None, str | None, list[str]]  # (kind, canonical word, words)


def _split_house(pieces: list[Piece]) -> list[Piece]:
    """"Số 12 Lê Lợi" or a first part "12 Lê Lợi": house number, then street."""
    out: list[Piece] = []
    for n, (kind, canonical, words) in enumerate(pieces):
        numbered = bool(words) and _HOUSE_NO.fullmatch(_folded(words[:1])) is not None
        if not (kind == "house" or (n == 0 and kind is None and numbered)):
            out.append((kind, canonical, words))
            continue
        rest = words[1:]
        label = _marker_at(rest, 0) if rest else None
        if label and label[0] == "street":
            rest = rest[label[2]:]
        out.append(("house", "so", words[:1]))
        if rest:
            out.append(("street", None, rest))
    return out


def _levels(pieces: list[Piece]) -> tuple[list[int | None], str | None]:
    """Level of each piece (None: unlabeled), and a province implied by a city."""
    levels = [_LEVEL[kind] if kind else None for kind, _, _ in pieces]
    if levels and levels[-1] is None and _province(pieces[-1][2]):
        levels[-1] = PROVINCE
    capital = None
    for n, (kind, _, words) in enumerate(pieces):
        if kind != "city":
            continue
        name, later_province = _province(words), PROVINCE in levels[n + 1:]
        levels[n] = PROVINCE if name in CENTRAL_CITIES and not later_province else DISTRICT
        if levels[n] == DISTRICT and name and not later_province:
            capital = name  # "TP Lạng Sơn": a provincial capital named after its province
    if len(levels) > 1 and levels[0] == HOUSE and levels[1] is None:
        levels[1] = STREET  # "Số 5, Bà Triệu, …": the part after the number
    _fill_gaps(levels)
    return levels, capital


def _value(level: int, canonical: str | None, words: list[str]) -> str:
    name = _folded(words)
    if level == PROVINCE:
        return _province(words) or name
    if level == VILLAGE or (level in (COMMUNE, DISTRICT) and canonical and name.isdigit()):
        return f"{canonical} {name}"
    return name


def parse_address(raw: object) -> Address | None:
    """See :func:`_parse_address`; the same text is parsed once per process."""
    if isinstance(raw, str):
        return _parse_address_cached(raw)
    return _parse_address(raw)


@lru_cache(maxsize=131_072)
def _parse_address_cached(raw: str) -> Address | None:
    return _parse_address(raw)


def _parse_address(raw: object) -> Address | None:
    """Parse a free-text address; None for an empty cell. Never raises.

    >>> parse_address("thon Na Pan, Tan Thanh, Van Lang, LANG SON").key
    '||thon na pan|tan thanh|lang son'
    """
    display = cell_text(raw)
    if display is None:
        return None
    pieces = [p for segment in re.split(r"[,;\n]", display) if segment.strip()
              for p in _pieces(segment)]
    if len(pieces) > 1 and pieces[-1][0] is None and \
            _folded(pieces[-1][2]).replace(" ", "") in _COUNTRY:
        pieces.pop()  # "…, Việt Nam": the country adds nothing to the key
    pieces = _split_house(pieces)
    levels, capital = _levels(pieces)
    parts: dict[int, list[str]] = {}
    for level, (_, canonical, words) in zip(levels, pieces, strict=True):
        value = _value(level, canonical, words)
        if value and value not in parts.get(level, []):
            parts.setdefault(level, []).append(value)
    values = {field: ", ".join(parts[lv]) if lv in parts else None
              for lv, field in enumerate(_FIELDS)}
    values["province"] = values["province"] or capital
    key = "|".join(values[f] or "" for f in _FIELDS if f != "district")
    if key == "||||":  # only a district: never let such addresses all merge
        key = _folded(display.split())
    return Address(display=display, key=key, **values)
