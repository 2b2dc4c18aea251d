"""Comparing two mentions field by field: agreement levels and their weights.

Fellegi–Sunter: for each field, the level of agreement of the two values
(``exact``, ``swapped``, ``different`` …) carries a weight of
``log2(m / u)`` bits, where ``m`` is how often records of *one* person show
that level and ``u`` how often records of *two* people do. The weights add up
to the pair's evidence, which :mod:`ingest.resolve.cluster` compares with the
threshold. A missing value on either side is 0 bits: no evidence either way.

For names, dates of birth, phones, addresses and places, ``u`` of an
agreement is not a constant but the value's frequency: sharing "NGUYEN VAN
HUNG" says much less than sharing "VI THI OANH". Frequencies are counted over
people-so-far (exact-key groups), not over rows, so a traveller with 200
crossings does not make his own name look common. See :class:`Frequencies`.

>>> from ingest.resolve.profile import MentionFacts, profile
>>> def m(name, dob):
...     return profile(MentionFacts("x", "x", "foreigners", "subject", name,
...         tuple(name.lower().split()), "CHN", dob, None, None, None, None, None,
...         None, None, None, None))
>>> c = compare(m("WANG XIAOMING", "1985-03-02"), m("XIAO MING WANG", "1985-02-03"),
...             Frequencies.empty())
>>> [(f.field, f.level) for f in c.fields]
[('name', 'reordered'), ('date_of_birth', 'swapped'), ('nationality', 'exact')]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA

from ingest.resolve.profile import Profile, swapped_date
from ingest.resolve.thresholds import Thresholds

__all__ = ["WEIGHTS", "FieldResult", "Comparison", "Frequencies", "compare", "name_level"]


class Weight(NamedTuple):
    m: float
    u: float | None  # None: taken from the value's frequency
    why: str

    @property
    def bits(self) -> float:
        assert self.u is not None
        return math.log2(self.m / self.u)


# (field, level) -> m, u and why. The one table of weights; change them here.
WEIGHTS: dict[tuple[str, str], Weight] = {
    # --- names (folded; see name_level for the levels) ---
    ("name", "exact"): Weight(0.90, None, "same words in the same order; u = how common the name is"),
    ("name", "reordered"): Weight(0.90, None, "same parts in another order or spacing "
                                  "(WANG XIAOMING / XIAO MING WANG); 0.5 bit below exact"),
    ("name", "surname_equivalent"): Weight(0.90, None, "same after Hoàng=Huỳnh, Vũ=Võ, "
                                           "Wang=Vương; 2 bits below exact (pinyin is lossy)"),
    ("name", "diacritics_differ"): Weight(0.90, None, "equal only once folded, both written "
                                          "with marks (Hùng/Hưng, Đoàn/Doãn): 4 bits below exact, "
                                          "as marks are miswritten in ~2% of records of one person "
                                          "but differ in ~30% of same-folded pairs of two"),
    ("name", "typo"): Weight(0.02, 0.001, "one letter off in a name of 8+ letters: ~2% of "
                             "records carry a slip; short Chinese names one letter apart "
                             "(WANG WEI / WANG LEI) are different names, hence the length floor"),
    ("name", "partial"): Weight(0.02, 0.002, "one name's parts all in the other, 2+ shared "
                                "(a dropped middle name)"),
    ("name", "different"): Weight(0.01, 0.98, "a person's records almost never disagree on "
                                  "the whole name"),
    # --- date of birth ---
    ("date_of_birth", "exact"): Weight(0.93, None, "u = share of people born that day, "
                                       "at least 1/14600 (40 years of birthdays)"),
    ("date_of_birth", "swapped"): Weight(0.01, 1 / 14600, "day and month exchanged (02/03 vs "
                                         "03/02): ~1% of records"),
    ("date_of_birth", "year"): Weight(0.95, 1 / 20, "only a year known on one side (from a "
                                      "CCCD), and it agrees; 1/20, not 1/40: the adults in "
                                      "the feeds are born in a narrower band of years"),
    ("date_of_birth", "different"): Weight(0.02, 0.98, "official records rarely get a birth "
                                           "date wrong; two people of one name usually differ"),
    # --- nationality and sex ---
    ("nationality", "exact"): Weight(0.97, None, "u = share of people of that nationality; "
                                     "capped at 1 bit as the name already implies it"),
    ("nationality", "different"): Weight(0.02, 0.7, "normalised codes; a mismatch is a "
                                         "data-entry error or another person"),
    ("sex", "exact"): Weight(0.98, 0.5, "half of pairs agree by chance"),
    ("sex", "different"): Weight(0.01, 0.5, "sex is rarely miswritten"),
    # --- documents ---
    ("passport", "exact"): Weight(0.9, 1e-8, "same number, nationality unknown on one side"),
    ("passport", "other_nationality"): Weight(0.01, 1e-6, "same number under two nationalities "
                                              "(the nationality field is then not counted): a "
                                              "miswritten or misread nationality far more "
                                              "often than chance"),
    ("passport", "typo"): Weight(0.005, 1e-5, "same nationality, one character off (8+ chars)"),
    ("passport", "different"): Weight(0.05, 1.0, "same nationality, another number: renewals "
                                      "happen (~5% of pairs), but mostly another person"),
    ("id_no", "different"): Weight(1e-6, 1.0, "two citizen IDs of one kind: two people"),
    # --- supporting evidence (see _shared) ---
    ("phone", "exact"): Weight(0.8, None, "up to 8 bits for a personal number, less for a "
                               "number many people give (an office, a family)"),
    ("address", "exact"): Weight(0.6, None, "up to 6 bits for a house, less for a shared "
                                 "address (a household, a dormitory)"),
    ("place", "exact"): Weight(0.5, None, "same establishment or employer: up to 3 bits"),
}

# Caps for supporting evidence: bits for a value held by one person; a value
# held by k people gets cap - log2(k) (it narrows the person to one of k).
# Chance agreement on a personal phone or a house is far rarer than 2^-8 or
# 2^-6; the caps are low because agreement is correlated with the name (a
# family shares both surname and home) and because one value can be shared
# in ways the data does not show.
SHARED_CAPS = {"phone": 8.0, "address": 6.0, "place": 3.0}

# Shares of name parts among people in Vietnam (DOMAIN.md, Names: Nguyễn ~38 %,
# Trần 11 %, Lê 9.5 %, Phạm 7 %, Hoàng/Huỳnh 5 %; Văn and Thị are the common
# male and female middle names), keyed by canonical token. They keep a data
# set that has seen few Vietnamese from treating "Nguyễn Văn Hùng" as rare.
NAME_PART_PRIORS = {
    "nguyen": 0.38, "tran": 0.11, "le": 0.095, "pham": 0.07, "huang": 0.05, "vu": 0.04,
    "dang": 0.02, "bui": 0.02, "do": 0.015, "ho": 0.013, "ngo": 0.013, "yang": 0.01,
    "ly": 0.005, "van": 0.25, "thi": 0.3, "duc": 0.03, "minh": 0.03, "ngoc": 0.03,
    "thanh": 0.03, "quang": 0.02, "huu": 0.02, "thu": 0.02, "hong": 0.02, "xuan": 0.015,
    "kim": 0.015,
}
DEFAULT_PART_PRIOR = 0.005
NATIONALITY_MAX_BITS = 1.0
TYPO_MIN_LETTERS = 8


class FieldResult(NamedTuple):
    field: str
    level: str
    bits: float


class Comparison(NamedTuple):
    bits: float
    fields: tuple[FieldResult, ...]

    def as_dict(self) -> dict[str, dict[str, object]]:
        return {f.field: {"level": f.level, "weight": round(f.bits, 2)} for f in self.fields}


@dataclass
class Frequencies:
    """How many people (exact-key groups; for phones, addresses and places
    distinct names) hold each value, per field."""

    population: int = 0
    counts: dict[str, Counter] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> "Frequencies":
        return cls()

    @classmethod
    def count(cls, groups: Iterable[Iterable[Profile]]) -> "Frequencies":
        """Count, for each field, the distinct groups holding each value."""
        counts = {name: Counter() for name in ("name", "token", "dob", "nationality",
                                                "phone", "address", "place")}
        population = 0
        # Who shares a phone, an address or a place is counted in distinct
        # names, not groups: two unmerged groups of one person are one holder.
        holders: set[tuple[str, str, str]] = set()
        for profiles in groups:
            population += 1
            seen: dict[str, set] = {name: set() for name in counts}
            for p in profiles:
                seen["name"].add(p.letters or None)
                seen["token"].update(p.canon)
                seen["dob"].add(p.dob)
                seen["nationality"].add(p.nationality)
                for name in ("phone", "address", "place"):
                    value = getattr(p, name)
                    if value:
                        holders.add((name, value, p.letters))
            for name, values in seen.items():
                values.discard(None)
                counts[name].update(values)
        for name, value, _ in holders:
            counts[name][value] += 1
        return cls(population, counts)

    def held_by(self, field_name: str, value: str) -> int:
        counter = self.counts.get(field_name)
        return max(1, counter.get(value, 0)) if counter else 1

    def name_share(self, p: Profile, th: Thresholds) -> float:
        """How common a name is: its own share, or the product of its parts' shares.

        The product sees what a sample cannot: a Vietnamese name seen once may
        still be common, as "lê", "văn" and "minh" each are. A part's share is
        smoothed towards a prior (:data:`NAME_PART_PRIORS`, or 0.5%) with the
        weight of ``min_population`` people, so a small data set does not make
        every part look common or rare.
        """
        population = max(self.population, th.min_population)
        tokens = self.counts.get("token", {})
        parts = 1.0
        for token in set(p.canon):
            prior = NAME_PART_PRIORS.get(token, DEFAULT_PART_PRIOR)
            parts *= ((tokens.get(token, 0) + th.min_population * prior)
                      / (self.population + th.min_population))
        return max(self.held_by("name", p.letters) / population, parts)

    def share(self, field_name: str, value: str, floor: float, th: Thresholds) -> float:
        return max(floor, self.held_by(field_name, value) / max(self.population, th.min_population))


_DEFAULT = Thresholds()


def compare(a: Profile, b: Profile, freq: Frequencies,
            th: Thresholds = _DEFAULT) -> Comparison:
    """Every field's level and weight for two profiles; missing values are left out."""
    fields: list[FieldResult] = []
    if a.tokens and b.tokens:
        fields.append(_name(a, b, freq, th))
    dob = _dob(a, b, freq, th)
    if dob:
        fields.append(dob)
    passport = _passport(a, b)
    if a.nationality and b.nationality:
        if a.nationality == b.nationality:
            share = freq.share("nationality", a.nationality, 0.01, th)
            bits = min(NATIONALITY_MAX_BITS, math.log2(0.97 / share))
            fields.append(FieldResult("nationality", "exact", bits))
        elif not (passport and passport.level == "other_nationality"):
            # (one passport under two nationalities: that level already counts it)
            fields.append(_fixed("nationality", "different"))
    if a.sex and b.sex:
        fields.append(_fixed("sex", "exact" if a.sex == b.sex else "different"))
    if passport:
        fields.append(passport)
    if a.id_no and b.id_no and a.id_no != b.id_no and a.id_kind == b.id_kind:
        fields.append(_fixed("id_no", "different"))
    for name, x, y in (("phone", a.phone, b.phone), ("address", a.address, b.address),
                       ("place", a.place, b.place)):
        if x and x == y:
            held = freq.held_by(name, x)
            fields.append(FieldResult(name, "exact",
                                      max(0.0, SHARED_CAPS[name] - math.log2(held))))
    return Comparison(sum(f.bits for f in fields), tuple(fields))


def _fixed(field_name: str, level: str) -> FieldResult:
    return FieldResult(field_name, level, WEIGHTS[(field_name, level)].bits)


def _name(a: Profile, b: Profile, freq: Frequencies, th: Thresholds) -> FieldResult:
    level = name_level(a.tokens, b.tokens, a.canon, b.canon)
    if level in ("exact", "reordered", "surname_equivalent"):
        if level != "surname_equivalent" and a.marked and b.marked and a.marked != b.marked:
            level = "diacritics_differ"
        u = max(freq.name_share(a, th), freq.name_share(b, th))
        bits = min(th.name_max_bits, math.log2(WEIGHTS[("name", level)].m / u))
        bits -= {"exact": 0.0, "reordered": 0.5, "surname_equivalent": 2.0,
                 "diacritics_differ": 4.0}[level]
        return FieldResult("name", level, bits)
    return _fixed("name", level)


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


def _segmentations(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
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


def _same_parts(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Order and spacing variants (as :func:`~ingest.normalize.names.name_variants_equal`)."""
    if sorted("".join(a)) != sorted("".join(b)):
        return False
    if max(len(a), len(b)) > 8:
        return sorted(a) == sorted(b)
    return not _segmentations(a).isdisjoint(_segmentations(b))


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


def _dob(a: Profile, b: Profile, freq: Frequencies, th: Thresholds) -> FieldResult | None:
    if a.dob and b.dob:
        if a.dob == b.dob:
            share = freq.share("dob", a.dob, 1 / 14600, th)
            return FieldResult("date_of_birth", "exact",
                               math.log2(WEIGHTS[("date_of_birth", "exact")].m / share))
        if swapped_date(a.dob) == b.dob:
            return _fixed("date_of_birth", "swapped")
        return _fixed("date_of_birth", "different")
    if a.year and b.year:
        return _fixed("date_of_birth", "year" if a.year == b.year else "different")
    return None


def _passport(a: Profile, b: Profile) -> FieldResult | None:
    if not (a.passport_no and b.passport_no):
        return None
    if a.passport_no == b.passport_no:
        if a.passport_nat and b.passport_nat:
            if a.passport_nat == b.passport_nat:
                return None  # an exact key: joined before scoring
            return _fixed("passport", "other_nationality")
        return _fixed("passport", "exact")
    if not (a.passport_nat and a.passport_nat == b.passport_nat):
        return None
    if (min(len(a.passport_no), len(b.passport_no)) >= 8
            and OSA.distance(a.passport_no, b.passport_no, score_cutoff=1) <= 1):
        return _fixed("passport", "typo")
    return _fixed("passport", "different")
