"""From pairwise evidence to people: exact keys first, then scored merges.

1. :func:`exact_groups` joins every mention sharing a passport (in its
   nationality) or a citizen ID: union-find, linear in the mentions.
2. :class:`Clusterer` then takes the scored candidate pairs in descending
   order of evidence and merges their groups, unless the merge would put into
   one person facts that cannot belong to one person (:func:`conflict`):
   two citizen IDs of one kind, birth dates that disagree, a CCCD whose birth
   year contradicts a date of birth, two passports of one nationality with
   different sexes or used over the same months (a renewal replaces the old
   passport), or two sides of a reviewer's split.

The constraint is what stops transitive over-merging: A–B and B–C may each be
a good pair, yet if A and C hold two different CCCDs the second merge is
refused, whichever comes first. Taking pairs strongest first means the
better-supported of two competing merges wins.

>>> uf = UnionFind(3); _ = uf.union(0, 2); uf.find(2) == uf.find(0), uf.find(1)
(True, 1)
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ingest.resolve.profile import MentionFacts, exact_keys, swapped_date

__all__ = ["UnionFind", "Facts", "Split", "Periods", "RENEWAL_OVERLAP_DAYS", "split_sides", "exact_groups", "group_facts",
           "conflict", "Clusterer"]


class UnionFind:
    """Disjoint sets over ``0..n-1``; the smaller index is always the root."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return ra


@dataclass(frozen=True)
class Split:
    """A reviewer's split: no person may hold mentions of both sides."""

    decision_id: str
    left: frozenset[str]
    right: frozenset[str]

    def side(self, mention_id: str) -> int | None:
        if mention_id in self.left:
            return 0
        if mention_id in self.right:
            return 1
        return None


class Facts:
    """What a person-so-far holds that another person cannot share.

    Sets are created only when there is something to hold: most people-so-far
    of a big run are a single row with a birth date at most.
    """

    __slots__ = ("ids", "passports", "sexes", "dobs", "cccd_years", "sides")

    def __init__(self) -> None:
        self.ids: dict[str, set[str]] | None = None  # id kind -> numbers
        self.passports: set[str] | None = None  # passport keys (nationality:number)
        self.sexes: set[str] | None = None
        self.dobs: set[str] | None = None
        self.cccd_years: set[int] | None = None
        self.sides: set[tuple[str, int]] | None = None

    def add_mention(self, m: MentionFacts, sides: Iterable[tuple[str, int]] = ()) -> None:
        if m.id_no:
            if self.ids is None:
                self.ids = {}
            self.ids.setdefault(m.id_kind or "OTHER", set()).add(m.id_no)
            if m.id_kind == "CCCD" and m.id_no[3:6].isdigit():
                if self.cccd_years is None:
                    self.cccd_years = set()
                self.cccd_years.add(1900 + 100 * (int(m.id_no[3]) // 2) + int(m.id_no[4:6]))
        if m.date_of_birth:
            if self.dobs is None:
                self.dobs = set()
            self.dobs.add(m.date_of_birth)
        if m.passport_key and m.nationality:
            if self.passports is None:
                self.passports = set()
            self.passports.add(m.passport_key)
        if m.sex in ("M", "F"):
            if self.sexes is None:
                self.sexes = set()
            self.sexes.add(m.sex)
        for side in sides:
            if self.sides is None:
                self.sides = set()
            self.sides.add(side)

    def absorb(self, other: "Facts") -> None:
        if other.ids:
            if self.ids is None:
                self.ids = {}
            for kind, numbers in other.ids.items():
                self.ids.setdefault(kind, set()).update(numbers)
        for name in ("passports", "sexes", "dobs", "cccd_years", "sides"):
            theirs = getattr(other, name)
            if theirs:
                mine = getattr(self, name)
                setattr(self, name, set(theirs) if mine is None else mine | theirs)


def _dates_compatible(a: set[str], b: set[str]) -> bool:
    return any(x == y or swapped_date(x) == y for x in a for y in b)


# Two passports of one nationality used over periods overlapping by more
# than this are two people's, not a renewal (the old one is used until the
# new one is issued; records may lag a little).
RENEWAL_OVERLAP_DAYS = 30

Periods = dict[str, tuple[str, str]]  # passport key -> (first seen, last seen), ISO dates


def conflict(a: Facts, b: Facts, periods: Periods | None = None) -> str | None:
    """Why ``a`` and ``b`` cannot be one person, or None."""
    if a.sides and b.sides:
        for side_id, side in a.sides:
            if (side_id, 1 - side) in b.sides:
                return "reviewer_split"
    if a.ids and b.ids:
        for kind, numbers in a.ids.items():
            theirs = b.ids.get(kind)
            if theirs and numbers.isdisjoint(theirs):
                return f"different_{kind.lower()}"
    if a.dobs and b.dobs and not _dates_compatible(a.dobs, b.dobs):
        return "different_date_of_birth"
    if (a.sexes and b.sexes and a.sexes.isdisjoint(b.sexes)
            and _other_passport(a.passports, b.passports)):
        return "different_sex_and_passport"
    for years, dobs in ((a.cccd_years, b.dobs), (b.cccd_years, a.dobs)):
        if years and dobs and years.isdisjoint(int(d[:4]) for d in dobs):
            return "cccd_birth_year"
    if periods and _other_passport(a.passports, b.passports):
        for ka in a.passports:  # type: ignore[union-attr]
            for kb in b.passports:  # type: ignore[union-attr]
                if ka != kb and ka.split(":", 1)[0] == kb.split(":", 1)[0] \
                        and _overlap_days(periods.get(ka), periods.get(kb)) > RENEWAL_OVERLAP_DAYS:
                    return "passports_used_together"
    return None


def _overlap_days(x: tuple[str, str] | None, y: tuple[str, str] | None) -> int:
    if not x or not y:
        return 0
    start, end = max(x[0], y[0]), min(x[1], y[1])
    if start >= end:
        return 0
    return (date.fromisoformat(end[:10]) - date.fromisoformat(start[:10])).days


def _other_passport(a: set[str] | None, b: set[str] | None) -> bool:
    """Both hold a passport of one nationality, and not the same one."""
    if not a or not b or not a.isdisjoint(b):
        return False
    nationalities = {k.split(":", 1)[0] for k in a}
    return any(k.split(":", 1)[0] in nationalities for k in b)


def split_sides(splits: Iterable[Split]) -> dict[str, list[tuple[str, int]]]:
    """For each mention named in a split: (split id, side) pairs."""
    sides: dict[str, list[tuple[str, int]]] = {}
    for split in splits:
        for mention_id in split.left:
            sides.setdefault(mention_id, []).append((split.decision_id, 0))
        for mention_id in split.right:
            sides.setdefault(mention_id, []).append((split.decision_id, 1))
    return sides


def exact_groups(mentions: Sequence[MentionFacts],
                 sides: dict[str, list[tuple[str, int]]] | None = None) -> tuple[UnionFind, int]:
    """Union-find over exact keys; returns it and how many joins a split refused.

    A passport number given without nationality joins the one nationality
    that holds it, if there is exactly one. Only a reviewer's split can keep
    two mentions with one key apart.
    """
    sides = sides or {}
    uf = UnionFind(len(mentions))
    # Split sides per root, for the few roots that have any.
    held: dict[int, set[tuple[str, int]]] = {
        i: set(sides[m.mention_id]) for i, m in enumerate(mentions) if m.mention_id in sides}
    first: dict[str, int] = {}
    unknown_nat: list[tuple[str, int]] = []
    nats_by_number: dict[str, set[str]] = {}
    refused = 0

    def join(key: str, i: int) -> bool:
        j = first.setdefault(key, i)
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            return True
        si, sj = held.get(ri), held.get(rj)
        if si and sj and any((sid, 1 - side) in sj for sid, side in si):
            return False
        root = uf.union(ri, rj)
        if si or sj:
            held[root] = (si or set()) | (sj or set())
        return True

    for i, m in enumerate(mentions):
        for key in exact_keys(m):
            if key.startswith("passport:?:"):
                unknown_nat.append((key, i))
                continue
            if key.startswith("passport:"):
                nats_by_number.setdefault(m.passport_no, set()).add(key)
            refused += not join(key, i)
    for key, i in unknown_nat:
        known = nats_by_number.get(key.split(":", 2)[2], set())
        refused += not join(next(iter(known)) if len(known) == 1 else key, i)
    return uf, refused


def group_facts(mentions: Sequence[MentionFacts], uf: UnionFind,
                sides: dict[str, list[tuple[str, int]]] | None = None,
                roots: Container[int] | None = None) -> dict[int, Facts]:
    """Facts per exact group root, only for groups holding any (and, if ``roots``
    is given, only for those roots: the groups some scored pair may merge; on a
    province the facts of every group were the peak of resolution's memory)."""
    sides = sides or {}
    facts: dict[int, Facts] = {}
    for i, m in enumerate(mentions):
        mine = sides.get(m.mention_id, ())
        if m.id_no or m.date_of_birth or m.passport_no or m.sex or mine:
            root = uf.find(i)
            if roots is not None and root not in roots:
                continue
            if root not in facts:
                facts[root] = Facts()
            facts[root].add_mention(m, mine)
    return facts


class Clusterer:
    """Merges scored pairs strongest first, refusing impossible merges."""

    def __init__(self, uf: UnionFind, facts: dict[int, Facts],
                 periods: Periods | None = None) -> None:
        self.uf = uf
        self.facts = facts
        self.periods = periods
        self.refused: dict[str, int] = {}

    def try_merge(self, a: int, b: int) -> bool:
        """Merge the people of mentions ``a`` and ``b``; False if already one or refused."""
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return False
        fa, fb = self.facts.get(ra), self.facts.get(rb)
        if fa is not None and fb is not None:
            reason = conflict(fa, fb, self.periods)
            if reason:
                self.refused[reason] = self.refused.get(reason, 0) + 1
                return False
        root = self.uf.union(ra, rb)
        other = rb if root == ra else ra
        moved = self.facts.pop(other, None)
        if moved is not None:
            if root in self.facts:
                self.facts[root].absorb(moved)
            else:
                self.facts[root] = moved
        return True
