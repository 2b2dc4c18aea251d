"""How common a value is among the people seen so far: the ``u`` of an agreement.

Counted once per run over the exact-key groups (people-so-far), so that a
traveller with 200 crossings does not make his own name look common.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.resolve.profile import Profile
from ingest.resolve.thresholds import Thresholds

__all__ = ["Frequencies", "house_key", "NAME_PART_PRIORS", "DEFAULT_PART_PRIOR"]

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


@dataclass
class Frequencies:
    """How many people hold each value, per field.

    People are the exact-key groups, except for phones and addresses,
    where holders are counted in distinct names (two unmerged groups of one
    person are one holder). Names and their parts are counted within each
    nationality as well as overall: "Nguyễn Văn Hùng" is rare among all the
    foreigners of a province and common among its Vietnamese, and the name
    weight is taken given the nationality (the nationality has its own).
    """

    population: int = 0
    counts: dict[str, Counter] = field(default_factory=dict)
    # nationality (None: everyone) -> people
    by_nationality: Counter = field(default_factory=Counter)
    _name_shares: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def empty(cls) -> "Frequencies":
        return cls()

    @classmethod
    def count(cls, groups: Iterable[Iterable[Profile]]) -> "Frequencies":
        """Count, for each field, the distinct groups holding each value."""
        counts = {name: Counter() for name in ("name", "token", "dob", "nationality",
                                                "phone", "address", "house")}
        by_nationality: Counter = Counter()
        population = 0
        holders: set[tuple[str, str, str]] = set()
        for profiles in groups:
            population += 1
            seen: dict[str, set] = {name: set() for name in counts}
            nationalities = {p.nationality for p in profiles if p.nationality}
            for p in profiles:
                if p.letters:
                    for nat in (None, *nationalities):
                        seen["name"].add((nat, p.letters))
                        seen["token"].update((nat, t) for t in p.canon)
                if p.dob:
                    holders.add(("dob", p.dob, p.letters))
                for name in ("phone", "address"):
                    value = getattr(p, name)
                    if value:
                        holders.add((name, value, p.letters))
                house = house_key(p.address)
                if house:
                    holders.add(("house", house, p.letters))
            seen["nationality"] = set(nationalities)
            by_nationality.update((None, *nationalities))
            for name, values in seen.items():
                values.discard(None)
                counts[name].update(values)
        for name, value, _ in holders:
            counts[name][value] += 1
        return cls(population, counts, by_nationality)

    def held_by(self, field_name: str, value: object) -> int:
        counter = self.counts.get(field_name)
        return max(1, counter.get(value, 0)) if counter else 1

    def name_share(self, p: Profile, nationality: str | None, th: Thresholds) -> float:
        """How common ``p``'s name is among people of ``nationality`` (None: all).

        The larger of the name's own share and the product of its parts'
        shares: the product sees what a sample cannot (a Vietnamese name seen
        once may still be common, as "lê", "văn" and "minh" each are). A
        part's share is smoothed towards a prior (:data:`NAME_PART_PRIORS`,
        else :data:`DEFAULT_PART_PRIOR`) with the weight of ``min_population``
        people, and a name's own share is taken over at least that many, so
        a small data set makes no name look very common or very rare.
        """
        key = (nationality, p.canon, th.min_population)
        cached = self._name_shares.get(key)
        if cached is not None:
            return cached
        people = self.by_nationality.get(nationality, 0)
        prior_weight = th.min_population
        parts = 1.0
        for token in set(p.canon):
            prior = NAME_PART_PRIORS.get(token, DEFAULT_PART_PRIOR)
            held = self.counts["token"].get((nationality, token), 0) if self.counts else 0
            parts *= (held + prior_weight * prior) / (people + prior_weight)
        own = self.held_by("name", (nationality, p.letters)) / max(people, prior_weight)
        self._name_shares[key] = share = max(own, parts)
        return share

    def share(self, field_name: str, value: str, floor: float, th: Thresholds) -> float:
        return max(floor, self.held_by(field_name, value) / max(self.population, th.min_population))


def house_key(address: str | None) -> str | None:
    """House number with street or village of an address key, if it has both.

    >>> house_key("39|ngo 53, van vi||ky lua|lang son")
    '39|ngo 53, van vi|'
    """
    if not address:
        return None
    parts = address.split("|")
    if len(parts) < 3 or not parts[0] or not (parts[1] or parts[2]):
        return None
    return "|".join(parts[:3])
