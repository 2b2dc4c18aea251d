"""Agreement levels of two folded names, in order of strength.

``exact`` (same words, same order), ``reordered`` (order and spacing:
WANG XIAOMING / XIAO MING WANG), ``surname_equivalent`` (Hoàng = Huỳnh,
Wang = Vương, after :func:`~ingest.normalize.names.canonical_surname`),
``typo`` (one letter off in a long name), ``partial`` (a dropped part),
``different``. The weights of the levels are in :mod:`ingest.resolve.features`.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from rapidfuzz.distance import OSA

from ingest.normalize.names import same_parts as _same_parts

__all__ = ["name_level", "TYPO_MIN_LETTERS"]

# One letter off counts as a typo only in names at least this long: in short
# pinyin names one letter makes another name (WANG WEI / WANG LEI).
TYPO_MIN_LETTERS = 10


@lru_cache(maxsize=200_000)
def name_level(ta: tuple[str, ...], tb: tuple[str, ...],
               ca: tuple[str, ...], cb: tuple[str, ...]) -> str:
    """Agreement level of two folded names (``ta``, ``tb``) and their canonical forms.

    >>> name_level(("wang", "xiaoming"), ("xiao", "ming", "wang"),
    ...            ("wang", "xiaoming"), ("xiao", "ming", "wang"))
    'reordered'
    """
    if ta == tb:
        return "exact"
    if _same_parts(ta, tb):
        return "reordered"
    if ca != ta or cb != tb:
        if ca == cb or _same_parts(ca, cb):
            return "surname_equivalent"
    if _one_letter_off(ca, cb):
        return "typo"
    if _partial(ca, cb):
        return "partial"
    return "different"


def _rotations(tokens: tuple[str, ...]) -> list[str]:
    return ["".join(tokens[i:] + tokens[:i]) for i in range(len(tokens))]


def _one_letter_off(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One slip (a letter changed, dropped, doubled or two swapped), in any rotation."""
    target = "".join(b)
    if min(len(target), len("".join(a))) < TYPO_MIN_LETTERS:
        return False
    if abs(len(target) - len("".join(a))) > 1:
        return False
    return any(OSA.distance(r, target, score_cutoff=1) <= 1 for r in _rotations(a))


def _partial(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 2 or len(short) == len(long_):
        return False
    rest = Counter(long_)
    rest.subtract(Counter(short))
    return all(v >= 0 for v in rest.values())
