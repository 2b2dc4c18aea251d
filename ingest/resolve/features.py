"""Comparing two mentions field by field: agreement levels and their weights.

Fellegi–Sunter: for each field, the level of agreement of the two values
(``exact``, ``swapped``, ``different`` …) carries a weight of
``log2(m / u)`` bits, where ``m`` is how often records of *one* person show
that level and ``u`` how often records of *two* people do. The weights add up
to the pair's evidence, which :mod:`ingest.resolve.cluster` compares with the
threshold. A missing value on either side is 0 bits: no evidence either way.

For names, dates of birth, phones and addresses, ``u`` of an
agreement is not a constant but the value's frequency: sharing "NGUYEN VAN
HUNG" says much less than sharing "VI THI OANH". Frequencies are counted over
people-so-far (exact-key groups), not over rows, so a traveller with 200
crossings does not make his own name look common
(:class:`~ingest.resolve.frequencies.Frequencies`). Name levels are in
:mod:`ingest.resolve.names`.

>>> from ingest.resolve.profile import MentionFacts, profile
>>> def m(name, dob):
...     return profile(MentionFacts("x#subject", "foreigners", "subject", name,
...         tuple(name.lower().split()), "CHN", dob, None, None, None, None, None,
...         None, None, None))
>>> c = compare(m("WANG XIAOMING", "1985-03-02"), m("XIAO MING WANG", "1985-02-03"),
...             Frequencies.empty())
>>> [(f.field, f.level) for f in c.fields]
[('name', 'reordered'), ('date_of_birth', 'swapped'), ('nationality', 'exact')]
"""

from __future__ import annotations

import math
from typing import NamedTuple

from rapidfuzz.distance import OSA

from ingest.resolve.frequencies import Frequencies, house_key
from ingest.resolve.names import name_level
from ingest.resolve.profile import Profile, swapped_date
from ingest.resolve.thresholds import Thresholds

__all__ = ["WEIGHTS", "FieldResult", "Comparison", "Frequencies", "compare", "name_level",
           "house_key", "cannot_match"]


class Weight(NamedTuple):
    m: float
    u: float | None  # None: taken from the value's frequency
    why: str

    @property
    def bits(self) -> float:
        assert self.u is not None
        return math.log2(self.m / self.u)


# The chance two people share a birth date: 40 years of days.
SAME_BIRTHDAY = 1 / 14_600

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
    ("name", "typo"): Weight(0.01, 0.005, "one letter off in a name of 10+ letters: ~1% of "
                             "records carry a slip, but one letter also turns a pinyin "
                             "syllable into another (MING/NING, WEI/LEI): on the generated "
                             "province more such pairs were two people than one"),
    ("name", "partial"): Weight(0.02, 0.002, "one name's parts all in the other, 2+ shared "
                                "(a dropped middle name)"),
    ("name", "different"): Weight(0.01, 0.98, "a person's records almost never disagree on "
                                  "the whole name"),
    # --- date of birth ---
    ("date_of_birth", "exact"): Weight(0.93, None, "u = share of people (distinct names) "
                                       "born that day, at least 1/14600 (40 years of "
                                       "birthdays)"),
    ("date_of_birth", "swapped"): Weight(0.002, SAME_BIRTHDAY, "day and month exchanged (02/03 "
                                         "vs 03/02): rare (a few per thousand pairs of one "
                                         "person), so it supports a merge much less than equality"),
    ("date_of_birth", "year"): Weight(0.95, 1 / 4, "only a year known on one side (from a "
                                      "CCCD), and it agrees. Namesakes cluster by generation "
                                      "and region, so a shared year is weak: at u = 1/8, 15 of "
                                      "350 merges it helped on the generated province were wrong"),
    ("date_of_birth", "different"): Weight(0.02, 0.98, "official records rarely get a birth "
                                           "date wrong; two people of one name usually differ "
                                           "(and the merge is refused: ingest.resolve.cluster)"),
    # --- nationality and sex ---
    ("nationality", "exact"): Weight(0.97, None, "u = share of people of that nationality, "
                                     "at most 4 bits; names are weighed within the nationality, "
                                     "so this is not counted twice"),
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
                                      "happen (~5% of pairs), but mostly another person; and "
                                      "two passports used in the same months are refused "
                                      "(ingest.resolve.cluster)"),
    ("id_no", "different"): Weight(1e-6, 1.0, "two citizen IDs of one kind: two people"),
    # --- supporting evidence (see SHARED_CAPS) ---
    ("phone", "exact"): Weight(0.8, None, "up to 8 bits for a personal number, less for a "
                               "number many people give (an office, a family)"),
    ("address", "exact"): Weight(0.6, None, "up to 6 bits for a house, less for a shared "
                                 "address (a household, a dormitory)"),
    ("address", "same_house"): Weight(0.3, None, "same house number and street or village, "
                                      "another commune: the old and new names of one place "
                                      "(communes merged on 1 Jul 2025); up to 4 bits"),
    ("associate", "shared"): Weight(0.3, 0.0047, "both rows name one other person (by "
                                    "passport or citizen ID): a marriage's spouse whom the "
                                    "citizen also sponsors or houses. A third of a person's "
                                    "such rows share one; two namesakes tied to one foreigner "
                                    "are rare (6 bits, not the 11+ chance alone would give: "
                                    "families house and sponsor together)"),
}

# Caps for supporting evidence: bits for a value held by one person; a value
# held by k people gets cap - log2(k) (it narrows the person to one of k).
# Chance agreement on a personal phone or a house is far rarer than 2^-8 or
# 2^-6; the caps are low because agreement is correlated with the name (a
# family shares both surname and home) and because one value can be shared
# in ways the data does not show.
SHARED_CAPS = {"phone": 8.0, "address": 6.0, "house": 4.0}

NATIONALITY_MAX_BITS = 4.0


class FieldResult(NamedTuple):
    field: str
    level: str
    bits: float


class Comparison(NamedTuple):
    bits: float
    fields: tuple[FieldResult, ...]

    def as_dict(self) -> dict[str, dict[str, object]]:
        return {f.field: {"level": f.level, "weight": round(f.bits, 2)} for f in self.fields}


_DEFAULT = Thresholds()


def compare(a: Profile, b: Profile, freq: Frequencies,
            th: Thresholds = _DEFAULT, *, shared_associate: bool = False) -> Comparison:
    """Every field's level and weight for two profiles; missing values are left out.

    ``shared_associate``: the rows of ``a`` and ``b`` name one and the same
    other person (the spouse of a marriage is the foreigner a sponsorship
    is for, the guest a household declared): see :data:`WEIGHTS`.
    """
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
            bits = min(NATIONALITY_MAX_BITS, math.log2(WEIGHTS[("nationality", "exact")].m
                                                       / share))
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
    for name, x, y in (("phone", a.phone, b.phone), ("address", a.address, b.address)):
        if x and x == y:
            held = freq.held_by(name, x)
            fields.append(FieldResult(name, "exact",
                                      max(0.0, SHARED_CAPS[name] - math.log2(held))))
    if shared_associate:
        fields.append(_fixed("associate", "shared"))
    if a.address and b.address and a.address != b.address:
        house = house_key(a.address)
        if house and house == house_key(b.address):
            held = freq.held_by("house", house)
            fields.append(FieldResult("address", "same_house",
                                      max(0.0, SHARED_CAPS["house"] - math.log2(held))))
    return Comparison(sum(f.bits for f in fields), tuple(fields))


_FIXED = {key: FieldResult(key[0], key[1], w.bits) for key, w in WEIGHTS.items()
          if w.u is not None}


def _fixed(field_name: str, level: str) -> FieldResult:
    return _FIXED[(field_name, level)]


def cannot_match(a: Profile, b: Profile) -> bool:
    """True when the pair could never be merged: birth dates that disagree
    (neither equal nor swapped), or two citizen IDs of one kind. The cluster
    constraints refuse such a merge anyway; skipping the pair saves its scoring.
    """
    if a.dob and b.dob and a.dob != b.dob and swapped_date(a.dob) != b.dob:
        return True
    return bool(a.id_no and b.id_no and a.id_no != b.id_no and a.id_kind == b.id_kind)


def _name(a: Profile, b: Profile, freq: Frequencies, th: Thresholds) -> FieldResult:
    level = name_level(a.tokens, b.tokens, a.canon, b.canon)
    if level in ("exact", "reordered", "surname_equivalent"):
        if level != "surname_equivalent" and a.marked and b.marked and a.marked != b.marked:
            level = "diacritics_differ"
        nat = a.nationality if a.nationality == b.nationality else None
        u = max(freq.name_share(a, nat, th), freq.name_share(b, nat, th))
        bits = min(th.name_max_bits, math.log2(WEIGHTS[("name", level)].m / u))
        bits -= {"exact": 0.0, "reordered": 0.5, "surname_equivalent": 2.0,
                 "diacritics_differ": 4.0}[level]
        return FieldResult("name", level, bits)
    return _fixed("name", level)


def _dob(a: Profile, b: Profile, freq: Frequencies, th: Thresholds) -> FieldResult | None:
    if a.dob and b.dob:
        if a.dob == b.dob:
            # Held by many names, a date is a placeholder (1 January …).
            share = max(SAME_BIRTHDAY, freq.held_by("dob", a.dob)
                        / max(freq.population, 1 / SAME_BIRTHDAY))
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
