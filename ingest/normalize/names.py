"""Person and company names: display form, folded keys, variant tests.

Foreigners' names come from passports in Latin capitals but in a different
order or spacing per source ("WANG XIAOMING", "XIAO MING WANG"); Vietnamese
names come with or without diacritics. These helpers give the keys a matcher
needs; they never decide that two people are the same.

>>> person_name("Nguyễn  Văn Hùng").tokens
('nguyen', 'van', 'hung')
>>> name_variants_equal("WANG XIAOMING", "Xiao Ming Wang")
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import invalid
from .text import cell_text, fold

__all__ = [
    "same_parts",
    "PersonName",
    "canonical_surname",
    "company_name_key",
    "name_variants_equal",
    "person_name",
    "vietnamese_surname_equivalents",
]

_APOSTROPHES = re.compile(r"['’ʼ`´]")
_WORD = re.compile(r"[^\W_]+")

# Above this many tokens the segmentation search (2^(n-1) per side) is cut
# short: no real name has so many parts, so the input is probably junk.
_MAX_SEGMENTED_TOKENS = 10


@dataclass(frozen=True)
class PersonName:
    """A name in the forms needed to show it and to match it.

    Attributes
    ----------
    display : str
        NFC, white space collapsed, diacritics and case as given.
    folded : str
        :func:`~ingest.normalize.text.fold` of ``display``.
    tokens : tuple of str
        Folded words; apostrophes dropped (O'BRIEN → obrien), other
        punctuation (hyphens, commas, MRZ ``<``) separates words.
    sorted_key : str
        Tokens sorted and joined by spaces: equal for order variants.
    compact_key : str
        Tokens joined with no space: equal for spacing variants.
    """

    display: str
    folded: str
    tokens: tuple[str, ...]
    sorted_key: str
    compact_key: str


def person_name(raw: object) -> PersonName | None:
    """Parse a person's name cell; None when empty.

    >>> n = person_name("XIAO MING  WANG")
    >>> n.sorted_key, n.compact_key
    ('ming wang xiao', 'xiaomingwang')
    """
    display = cell_text(raw)
    if display is None:
        return None
    folded = fold(display) or ""
    tokens = tuple(_WORD.findall(_APOSTROPHES.sub("", folded)))
    if not tokens:
        raise invalid(raw, "a name", "it has no letters")
    return PersonName(
        display=display,
        folded=folded,
        tokens=tokens,
        sorted_key=" ".join(sorted(tokens)),
        compact_key="".join(tokens),
    )


# Same surname, different regional spelling (DOMAIN.md, Names).
_VIETNAMESE_EQUIVALENTS: tuple[frozenset[str], ...] = (
    frozenset({"hoang", "huynh"}),
    frozenset({"vu", "vo"}),
)


def vietnamese_surname_equivalents(token: str) -> frozenset[str]:
    """Folded Vietnamese surnames equal to ``token`` (itself included).

    >>> sorted(vietnamese_surname_equivalents("Huỳnh"))
    ['hoang', 'huynh']
    >>> vietnamese_surname_equivalents("nguyen")
    frozenset({'nguyen'})
    """
    key = fold(token) or ""
    for group in _VIETNAMESE_EQUIVALENTS:
        if key in group:
            return group
    return frozenset({key})


# Pinyin surname → its Sino-Vietnamese reading (folded). The pinyin is the
# canonical form because the folded readings collide (Dương/Đường → duong).
_PINYIN_TO_SINO_VIETNAMESE = {
    "wang": "vuong", "li": "ly", "zhang": "truong", "liu": "luu",
    "chen": "tran", "yang": "duong", "huang": "hoang", "zhao": "trieu",
    "wu": "ngo", "zhou": "chu", "xu": "tu", "sun": "ton", "ma": "ma",
    "lin": "lam", "he": "ha", "guo": "quach", "luo": "la",
    "liang": "luong", "song": "tong", "zheng": "trinh", "xie": "ta",
    "han": "han", "tang": "duong",
}
_CANONICAL_SURNAME = {viet: pinyin for pinyin, viet in _PINYIN_TO_SINO_VIETNAMESE.items()}
# Folded "duong" is both Dương (Yang, very common) and Đường (Tang, rare):
# the common one wins, and the diacritic forms below break the tie.
_CANONICAL_SURNAME["duong"] = "yang"
_CANONICAL_SURNAME["huynh"] = "huang"  # southern form of Hoàng
_CANONICAL_SURNAME["vo"] = "vu"  # Vũ/Võ: one surname, no Chinese pair here
_CANONICAL_SURNAME.update({pinyin: pinyin for pinyin in _PINYIN_TO_SINO_VIETNAMESE})
_CANONICAL_BY_SPELLING = {"dương": "yang", "đường": "tang", "tăng": "zeng"}


def canonical_surname(token: str) -> str:
    """One key for a surname across pinyin, Sino-Vietnamese and regional forms.

    ``token`` is normally folded; given with diacritics it can also tell
    Đường (Tang) from Dương (Yang), and Tăng (Zeng) from pinyin Tang.
    Pinyin is lossy (Wu is also Vũ, Wang also Uông), so an equal key is a
    hint for the matcher, not proof.

    >>> canonical_surname("vuong"), canonical_surname("WANG"), canonical_surname("huynh")
    ('wang', 'wang', 'huang')
    >>> canonical_surname("Đường"), canonical_surname("nguyen")
    ('tang', 'nguyen')
    """
    spelled = unicodedata.normalize("NFC", token.strip().lower())
    if spelled in _CANONICAL_BY_SPELLING:
        return _CANONICAL_BY_SPELLING[spelled]
    key = fold(token) or ""
    return _CANONICAL_SURNAME.get(key, key)


def _segmentations(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every way to glue neighbouring tokens, as sorted tuples of parts."""
    found = set()
    for mask in range(1 << (len(tokens) - 1)):
        parts, current = [], tokens[0]
        for i, token in enumerate(tokens[1:]):
            if mask >> i & 1:
                current += token
            else:
                parts.append(current)
                current = token
        parts.append(current)
        found.add(tuple(sorted(parts)))
    return found


def name_variants_equal(a: object, b: object, *, equate_surnames: bool = False) -> bool:
    """True when ``a`` and ``b`` are the same name up to order and spacing.

    A part may be written as one word or split into neighbouring syllables
    ("XIAOMING" = "XIAO MING"), and parts may come in any order; letters
    inside a part may not move ("MING XIAO WANG" is not "WANG XIAOMING").
    Diacritics and case are ignored. With ``equate_surnames`` every token is
    first mapped by :func:`canonical_surname` (Hoàng = Huỳnh, Wang = Vương).
    Empty names are never equal.

    >>> name_variants_equal("WANG XIAOMING", "WANG XIAO MING")
    True
    >>> name_variants_equal("MING XIAO WANG", "WANG XIAOMING")
    False
    >>> name_variants_equal("Huỳnh Văn An", "HOANG VAN AN", equate_surnames=True)
    True
    """
    left = a if isinstance(a, PersonName) else person_name(a)
    right = b if isinstance(b, PersonName) else person_name(b)
    if left is None or right is None:
        return False
    lt, rt = left.tokens, right.tokens
    if equate_surnames:
        lt = tuple(canonical_surname(t) for t in lt)
        rt = tuple(canonical_surname(t) for t in rt)
    return same_parts(lt, rt)


def same_parts(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when folded token tuples differ only in order and spacing.

    >>> same_parts(("wang", "xiaoming"), ("xiao", "ming", "wang"))
    True
    """
    if sorted("".join(a)) != sorted("".join(b)):
        return False  # different letters: no regrouping can help
    if max(len(a), len(b)) > _MAX_SEGMENTED_TOKENS:
        return sorted(a) == sorted(b)
    return not _segmentations(a).isdisjoint(_segmentations(b))


# Legal-form words to drop before comparing company names (DOMAIN.md, Names):
# naive matchers rank unrelated firms together on them. Folded, as token
# sequences; the longest match at a position wins. A bare "CT" or "CP" is
# kept: it is also part of real names (CT Group, C.P. Vietnam).
_LEGAL_FORMS = tuple(sorted((tuple(p.split()) for p in (
    "tong cong ty", "cong ty", "cty", "cong ty tnhh", "cty tnhh", "ct tnhh",
    "tnhh", "trach nhiem huu han", "mtv", "mot thanh vien",
    "hai thanh vien", "hai thanh vien tro len", "cong ty co phan",
    "cong ty cp", "cty cp", "ct cp", "co phan", "dntn",
    "doanh nghiep tu nhan", "chi nhanh", "van phong dai dien", "vpdd",
    "co ltd", "company limited", "company", "limited", "ltd", "jsc",
    "joint stock company", "corporation", "corp", "inc", "llc",
)), key=len, reverse=True))


def company_name_key(raw: object) -> str | None:
    """Folded company name without legal forms or punctuation, for matching.

    A name that is nothing but legal forms keeps its words, so that it never
    produces an empty key that would match every other such name.

    >>> company_name_key("CÔNG TY TNHH MTV Thương mại Hoàng Long")
    'thuong mai hoang long'
    >>> company_name_key("Hoang Long Trading Co., Ltd.")
    'hoang long trading'
    """
    text = cell_text(raw)
    if text is None:
        return None
    tokens = _WORD.findall(_APOSTROPHES.sub("", fold(text) or ""))
    if not tokens:
        raise invalid(raw, "a company name", "it has no letters or digits")
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        form = next((f for f in _LEGAL_FORMS if tuple(tokens[i:i + len(f)]) == f), None)
        if form is None:
            kept.append(tokens[i])
            i += 1
        else:
            i += len(form)
    return " ".join(kept or tokens)
