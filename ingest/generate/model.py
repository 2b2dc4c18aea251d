"""The true world behind the feeds: people, enterprises, and the run's registry.

Each :class:`Person` is one real human with a ``truth_id``; every row the
writers emit about them appends its ``<feed>:<key>`` reference to
``records``, which becomes the ground truth. Randomness comes only from named
``random.Random`` streams seeded from ``f"{seed}:{name}"`` (string seeds are
hashed with SHA-512 by ``random``, so runs do not depend on PYTHONHASHSEED).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .config import AS_OF, Config
from .geography import AddressBook
from .identifiers import Ids
from .names import Name, foreign_name, vn_name

__all__ = ["Person", "Enterprise", "World"]


class Person:
    __slots__ = ("tid", "kind", "name", "sex", "dob", "nat", "passports", "cccd", "cmnd", "cn_id",
                 "phone", "address", "address_old", "records", "role", "seen")

    def __init__(self, tid: str, kind: str, name: Name, sex: str, dob: date, nat: str):
        self.tid, self.kind, self.name, self.sex, self.dob, self.nat = tid, kind, name, sex, dob, nat
        self.passports: list[tuple[str, date, date]] = []  # (number, issued, expires), oldest first
        self.cccd = self.cmnd = self.cn_id = self.phone = self.address = self.address_old = ""
        self.records: list[str] = []
        self.role = ""  # what the generator made this person (for debugging and counts)
        self.seen: dict[str, None] = {}  # identifiers some valid row carries (an ordered set)

    def note(self, *values: str) -> None:
        """Remember identifiers written about this person; the truth lists only these."""
        for v in values:
            if v:
                self.seen[v] = None

    @property
    def full_name(self) -> str:
        return self.name.canonical

    def passport_at(self, day: date) -> str:
        """The passport in use on ``day`` (the newest one issued by then)."""
        current = self.passports[0][0] if self.passports else ""
        for number, issued, _ in self.passports:
            if issued <= day:
                current = number
        return current

    def passport_expiry(self, number: str) -> date | None:
        for n, _, expires in self.passports:
            if n == number:
                return expires
        return None

    @property
    def known_passports(self) -> list[str]:
        return [n for n, _, _ in self.passports if n in self.seen]

    @property
    def known_ids(self) -> list[str]:
        return [x for x in (self.cccd, self.cmnd, self.cn_id) if x and x in self.seen]


class Enterprise:
    __slots__ = ("code", "name", "foreign_name", "address", "factory", "registered_on", "status",
                 "industries", "capital", "foreign_pct", "phone", "email", "kind", "branches", "people",
                 "landline")

    def __init__(self, code: str, kind: str):
        self.code, self.kind = code, kind
        self.name = self.foreign_name = self.address = self.factory = self.phone = self.email = ""
        self.landline = ""
        self.registered_on = date(2015, 1, 1)
        self.status = "ACTIVE"
        self.industries: list[str] = []
        self.capital = 0
        self.foreign_pct: float | None = 0.0
        self.branches: list[tuple[str, str, str]] = []  # (code, name, address)
        # (role, person, share_pct | None, capital_vnd | None, since, until | None)
        self.people: list[tuple[str, Person, float | None, int | None, date, date | None]] = []

    def add_person(self, role: str, person: Person, share: float | None, since: date,
                   until: date | None = None) -> None:
        cap = None if share is None else int(self.capital * share / 100)
        self.people.append((role, person, share, cap, since, until))

    @property
    def dorm_name(self) -> str:
        return f"Khu nhà ở người lao động {self.name.title().replace('Tnhh', 'TNHH')}"

    @property
    def work_address(self) -> str:
        return self.factory or self.address


class World:
    """Registry of one run: configuration, random streams, identifiers, people, enterprises."""

    def __init__(self, cfg: Config):
        self.cfg = cfg
        self._rngs: dict[str, random.Random] = {}
        self.ids = Ids(self.rng("ids"))
        self.addresses = AddressBook(self.rng("addresses"))
        self.persons: list[Person] = []
        self.enterprises: list[Enterprise] = []
        self.by_kind: dict[str, list[Enterprise]] = {}
        self.lookalikes: dict[str, int] = {}
        self.flags: dict[str, list[dict]] = {"nominee_investment": [], "unlicensed_employment": [],
                                             "illegal_entry_network": []}
        self.hotels: list = []       # rows.Place of hotels
        self.guesthouses: list = []  # rows.Place of guesthouses
        self.landlords: list[Person] = []  # households renting rooms to foreigners
        # queued border events: (datetime, seq, person, event_type, point_code, document_type, extra fields)
        self.crossings: list[tuple] = []
        self.counters: dict[str, int] = {}

    def next_ref(self, prefix: str) -> str:
        """A placeholder case or group number; ``border.py`` numbers them in the order they occur."""
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}#{self.counters[prefix]}"

    def rng(self, name: str) -> random.Random:
        if name not in self._rngs:
            self._rngs[name] = random.Random(f"{self.cfg.seed}:{name}")
        return self._rngs[name]

    def count_lookalike(self, kind: str, n: int = 1) -> None:
        self.lookalikes[kind] = self.lookalikes.get(kind, 0) + n

    def _new(self, kind: str, name: Name, sex: str, dob: date, nat: str) -> Person:
        p = Person(f"t{len(self.persons) + 1:06d}", kind, name, sex, dob, nat)
        self.persons.append(p)
        return p

    def new_vn(self, rng: random.Random, *, sex: str | None = None, born: tuple[int, int] = (1960, 2000),
               local: float = 0.85, name: Name | None = None, dob: date | None = None) -> Person:
        """A Vietnamese citizen with a CCCD, maybe an old CMND, a phone and a home."""
        sex = sex or rng.choice("MF")
        dob = dob or _birthday(rng, *born)
        p = self._new("vietnamese", name or vn_name(rng, sex), sex, dob, "VNM")
        is_local = rng.random() < local
        province = "020" if is_local else rng.choice(["001", "024", "022", "004", "019", "031", "038", "079"])
        p.cccd = self.ids.cccd(province, dob, sex)
        if dob.year < 1990 and rng.random() < self.cfg.p["cmnd_share"]:
            p.cmnd = self.ids.cmnd(is_local)
        p.phone = self.ids.vn_phone()
        p.address, p.address_old = self.addresses.home() if is_local or rng.random() < 0.7 else self.addresses.elsewhere()
        return p

    def new_foreigner(self, rng: random.Random, nat: str, *, sex: str | None = None,
                      born: tuple[int, int] = (1965, 2003), first_seen: date | None = None,
                      until: date | None = None, renew_between: tuple[date, date] | None = None,
                      name: Name | None = None, dob: date | None = None) -> Person:
        """A foreigner with a passport valid from ``first_seen`` to ``until``; ``renew_between`` plants a renewal."""
        sex = sex or rng.choice("MMF")
        dob = dob or _birthday(rng, *born)
        p = self._new("foreigner", name or foreign_name(rng, nat, sex), sex, dob, nat)
        first_seen = first_seen or AS_OF - timedelta(days=365)
        if renew_between and renew_between[1] > renew_between[0]:
            span = (renew_between[1] - renew_between[0]).days
            renewed = renew_between[0] + timedelta(days=rng.randint(0, span))
            old_expiry = renewed + timedelta(days=rng.randint(40, 200))
            old_issued = _years_before(old_expiry, 10) + timedelta(days=1)
            p.passports.append((self.ids.passport(nat, old_issued), old_issued, old_expiry))
            p.passports.append((self.ids.passport(nat, renewed), renewed, _years_after(renewed, 10) - timedelta(days=1)))
        else:
            # valid from before the first visit to past the last one (``until``)
            last = until or first_seen
            lo = max((first_seen - timedelta(days=3300)).toordinal(), (last + timedelta(days=90)).toordinal() - 3650)
            hi = max(lo, (first_seen - timedelta(days=30)).toordinal())
            issued = date.fromordinal(rng.randint(lo, hi))
            p.passports.append((self.ids.passport(nat, issued), issued, _years_after(issued, 10) - timedelta(days=1)))
        return p


def _birthday(rng: random.Random, lo: int, hi: int) -> date:
    return date(rng.randint(lo, hi), 1, 1) + timedelta(days=rng.randint(0, 364))


def _years_after(d: date, n: int) -> date:
    return d.replace(year=d.year + n) if not (d.month == 2 and d.day == 29) else date(d.year + n, 3, 1)


def _years_before(d: date, n: int) -> date:
    return _years_after(d, -n)
