"""Building blocks of a foreigner's life in the province, shared by all scenarios.

A life is a run of presence segments (arrive at a gate, stay, leave for a
trip home), each declared by the place the person sleeps at; residence
documents and work permits are chained over the whole period, renewed
before they run out (a permit lasts at most two years), and split where the
passport is renewed so later records carry the new number.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from .config import AS_OF
from .emit import Emitter
from .model import Person, World
from .pick import between, weighted
from .rows import Place, declaration, foreigner_record, permit, sponsorship

__all__ = ["crossing", "presence", "live", "chain", "residence", "permits", "resident_gate", "nights"]

_RESIDENT_GATES = (("CKQT-HN", 70), ("CKC-DDGA", 15), ("CKC-CM", 15))


def resident_gate(rng: random.Random) -> str:
    return weighted(rng, _RESIDENT_GATES)


def crossing(world: World, p: Person, day: date, etype: str, point: str, *, doc: str = "PASSPORT",
             hour: int | None = None, fields: dict | None = None) -> None:
    """Queue a border event; ``border.py`` writes them in time order with the bulk traffic."""
    rng = world.rng("crossings")
    h = between(rng, 7, 20) if hour is None else hour
    s = between(rng, 0, 3599)
    t = datetime(day.year, day.month, day.day, h, s // 60, s % 60)
    world.crossings.append((t, len(world.crossings), p, etype, point, doc, fields))


def presence(rng: random.Random, start: date, end: date | None, trips_per_year: float,
             trip_days: tuple[int, int] = (6, 25)) -> list[tuple[date, date | None]]:
    """Segments (arrived, left) between ``start`` and ``end``; ``end`` None = still here at AS_OF."""
    stop = end or AS_OF
    segments: list[tuple[date, date | None]] = []
    arrive = start
    while True:
        stay = max(25, int(rng.expovariate(trips_per_year / 365.0))) if trips_per_year > 0 else 10_000
        leave = arrive + timedelta(days=stay)
        back = leave + timedelta(days=rng.randint(*trip_days))
        if leave >= stop - timedelta(days=10) or back >= stop - timedelta(days=10):
            segments.append((arrive, end))
            return segments
        segments.append((arrive, leave))
        arrive = back


def nights(segments: list[tuple[date, date | None]]) -> int:
    return sum(((left or AS_OF) - arrived).days for arrived, left in segments)


def live(world: World, em: Emitter, p: Person, segments: list[tuple[date, date | None]], place: Place,
         gate: str | None = None, doc: str = "PASSPORT", cross: bool = True) -> None:
    """Declare each segment at ``place`` and queue the ENTRY/EXIT crossings around it."""
    rng = world.rng("lives")
    for arrived, left in segments:
        if cross:
            crossing(world, p, arrived, "ENTRY", gate or resident_gate(rng), doc=doc)
        declaration(em, p, place, arrived, left)
        if left and cross:
            crossing(world, p, left, "EXIT", gate or resident_gate(rng), doc=doc)


def chain(start: date, stop: date, years: int, breaks: tuple[date, ...] = ()) -> list[tuple[date, date]]:
    """Consecutive periods of at most ``years`` from ``start`` until one covers ``stop``.

    A period also ends the day before each break (a passport renewal), so the
    next one is issued on the new passport.
    """
    out = []
    a = start
    while True:
        b = _add_years(a, years) - timedelta(days=1)
        for brk in breaks:
            if a < brk <= b:
                b = brk - timedelta(days=1)
        out.append((a, b))
        if b >= stop:
            return out
        a = b + timedelta(days=1)


def residence(world: World, em: Emitter, p: Person, *, start: date, stop: date, symbol: str,
              sponsor: tuple[str, str, str, Person | None], address: str, years: int = 2,
              first_visa_days: int = 90, phone: str | None = None, card: bool = True,
              later_doc: str = "TRC") -> None:
    """Residence records (a visa, then cards) and the sponsorship application for each.

    ``card=False`` is a single document for the whole stay; ``later_doc="VISA"``
    renews visas instead of issuing cards (ĐT4 gets no card).
    """
    stype, scode, sname, sperson = sponsor
    breaks = tuple(issued for _, issued, _ in p.passports[1:])
    visa_to = min(start + timedelta(days=first_visa_days - 1), stop) if card else stop
    periods = [(start, visa_to)]
    if card and visa_to < stop:
        periods += chain(visa_to + timedelta(days=1), stop, years, breaks)
    for i, (a, b) in enumerate(periods):
        expiry = p.passport_expiry(p.passport_at(a))
        if expiry and b > expiry - timedelta(days=30):
            b = expiry - timedelta(days=30)  # a card ends at least 30 days before the passport
        doc = "VISA" if i == 0 else later_doc
        foreigner_record(em, p, doc_type=doc, symbol=symbol, valid_from=a, valid_to=max(a, b),
                         sponsor_code=scode, sponsor_name=sname, address=address, phone=phone)
        sponsorship(em, p, sponsor_type=stype, sponsor_code=scode, sponsor_name=sname, symbol=symbol,
                    stay_from=a, stay_to=max(a, b), sponsor=sperson)


def permits(em: Emitter, p: Person, *, employer_code: str, position: str, job_title: str, work_address: str,
            start: date, stop: date, kind: str = "PERMIT", left: date | None = None) -> list[tuple[date, date]]:
    """Permits (or exemption confirmations) from ``start`` covering every day up to ``stop``."""
    rng = em.voices["work_permits"].rng
    periods = chain(start, stop, 2)
    for a, b in periods:
        status = None
        if left and b < AS_OF and rng.random() < 0.15:
            status = "SURRENDERED"
        permit(em, p, employer_code=employer_code, position=position, job_title=job_title,
               work_address=work_address, valid_from=a, valid_to=b, kind=kind, status=status, as_of=AS_OF)
    return periods


def _add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return date(d.year + n, 3, 1)
