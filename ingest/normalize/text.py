"""Unicode normal forms and the folding used for every comparison.

Vietnamese text arrives in both NFC ("ễ" as one code point) and NFD ("e" plus
two combining marks, common from macOS and some web forms), in upper case
without diacritics ("NGUYEN VAN HUNG"), and with stray non-breaking or
zero-width spaces from Excel. Matching therefore works on :func:`fold`, while
what is shown to people keeps the original (:func:`nfc`).

>>> fold("  Nguyễn   Văn ĐỨC ")
'nguyen van duc'
>>> header_key(" Số CCCD ")
'so_cccd'
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

__all__ = ["cell_text", "collapse", "fold", "header_key", "nfc"]

# Letters that Unicode does not decompose into base letter + mark, so that
# stripping combining marks leaves them untouched. Đ/đ is the one that matters
# for Vietnamese (DOMAIN.md, Names); the others occur in European passports.
_UNDECOMPOSABLE = str.maketrans({
    "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i",
    "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th",
})

_HEADER_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015]+")


# Every format character (category Cf) in Unicode, built once: a regex over
# them is ~20x faster per cell than asking unicodedata about each character.
def _character_class(categories: set[str]) -> dict[str, re.Pattern]:
    chars: dict[str, list[str]] = {c: [] for c in categories}
    for code in range(0x110000):
        category = unicodedata.category(chr(code))
        if category in chars:
            chars[category].append(re.escape(chr(code)))
    return {c: re.compile("[" + "".join(v) + "]") for c, v in chars.items()}


_CLASSES = _character_class({"Cf", "Mn"})
_INVISIBLE = _CLASSES["Cf"]


_COMBINING = _CLASSES["Mn"]


def _drop_invisible(s: str) -> str:
    # Zero-width spaces, BOMs and other format characters are invisible in a
    # spreadsheet but make two equal-looking strings differ.
    return _INVISIBLE.sub("", s) if not s.isascii() else s


def collapse(s: str) -> str:
    """Trim and turn every run of white space (NBSP included) into one space.

    >>> collapse(" a \\u00a0 b\\n")
    'a b'
    """
    return " ".join(_drop_invisible(s).split())


def cell_text(raw: object) -> str | None:
    """The text of one cell in NFC with white space collapsed, or None if empty.

    Excel hands numbers over as ``int`` or ``float`` (``912345678.0``); an
    integral float is written without its ``.0``. pandas marks an empty cell
    with NaN, which is treated as empty too.

    >>> cell_text(912345678.0)
    '912345678'
    >>> cell_text("   ") is None
    True
    """
    if raw is None:
        return None
    if isinstance(raw, float):
        if math.isnan(raw):
            return None
        if raw.is_integer():
            raw = int(raw)
    text = collapse(unicodedata.normalize("NFC", str(raw)))
    return text or None


def nfc(s: str | None) -> str | None:
    """NFC form of ``s`` (diacritics composed), or None for an empty value.

    >>> nfc("Nguye\\u0302\\u0303n") == "Nguyễn"
    True
    """
    if s is None or not s.strip():
        return None
    return unicodedata.normalize("NFC", s)


def fold(s: str | None) -> str | None:
    """Lower case, no diacritics, ``đ`` → ``d``, white space collapsed.

    Folding merges distinct names (Đoàn and Doãn both give ``doan``): use it
    to find candidates, and the original text to score them.

    >>> fold("ĐOÀN Thị Ư")
    'doan thi u'
    """
    if s is None:
        return None
    return _fold(s)


# Names, words and address parts repeat across hundreds of thousands of rows:
# folding each distinct string once makes ingest several times faster.
@lru_cache(maxsize=262_144)
def _fold(s: str) -> str | None:
    # NFKD also splits compatibility forms (full-width digits, ligatures).
    decomposed = unicodedata.normalize("NFKD", s.lower())
    bare = _COMBINING.sub("", decomposed) if not decomposed.isascii() else decomposed
    folded = collapse(bare.translate(_UNDECOMPOSABLE))
    return folded or None


def header_key(s: str | None) -> str | None:
    """Key for matching a column header: folded, spaces/hyphens/underscores alike.

    >>> header_key("so-cccd"), header_key(" SO_CCCD "), header_key("Số CCCD")
    ('so_cccd', 'so_cccd', 'so_cccd')
    """
    folded = fold(s)
    if folded is None:
        return None
    return _HEADER_SEPARATORS.sub("_", folded).strip("_") or None
