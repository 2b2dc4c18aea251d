"""Openly foreign-owned enterprises and their investors (the nominee look-alikes).

The foreign owner is in ``enterprise_people`` with a passport and the
enterprise reports ``foreign_capital_pct`` > 0: foreign control in the open.
Resident investors hold ĐT cards by the size of their contribution and,
from VND 3 bn, an exemption confirmation instead of a work permit; many live
at the head office, which is lawful for an owner.
"""

from __future__ import annotations

from datetime import date, timedelta

from .config import AS_OF, START
from .emit import Emitter
from .lives import live, permits, presence, residence
from .model import Enterprise, Person, World
from .population import local_adult
from .residents import landlord_place, new_resident, pick_nat
from .rows import Place

__all__ = ["investors", "head_office"]

_INVESTOR_NATS = (("CHN", 70), ("KOR", 12), ("TWN", 10), ("HKG", 3), ("JPN", 5))


def head_office(e: Enterprise) -> Place:
    """Living quarters declared at the enterprise's head office."""
    return Place(f"Trụ sở {e.name.title().replace('Tnhh', 'TNHH')}", "OTHER", e.code, e.address, "", e.phone)


def _symbol(contribution: int) -> tuple[str, int]:
    bn = contribution / 1e9
    if bn >= 100:
        return "ĐT1", 5
    if bn >= 50:
        return "ĐT2", 5
    if bn >= 3:
        return "ĐT3", 3
    return "ĐT4", 1


def investors(world: World, em: Emitter, resident_target: int) -> int:
    """Owners of every foreign-owned enterprise; returns how many have residence records."""
    rng = world.rng("investors")
    resident = 0
    for e in world.by_kind.get("fdi", []):
        n_owners = 1 if rng.random() < 0.7 else 2
        foreign_total = float(e.foreign_pct or 0)
        shares = [foreign_total] if n_owners == 1 else [float(int(foreign_total * 0.6)), foreign_total - int(foreign_total * 0.6)]
        owners: list[tuple[Person, float]] = []
        for share in shares:
            live_here = resident < resident_target and rng.random() < 0.75
            start = max(START, e.registered_on) + timedelta(days=rng.randint(0, 400))
            start = min(start, AS_OF - timedelta(days=200))
            nat = pick_nat(rng, _INVESTOR_NATS)
            p = new_resident(world, rng, nat, start, None, born=(1960, 1990))
            p.role = "investor"
            owners.append((p, share))
            role = "OWNER" if n_owners == 1 and share == 100.0 else "MEMBER"
            e.add_person(role, p, share, e.registered_on)
            if live_here:
                resident += 1
                _resident_investor(world, em, rng, p, e, int(e.capital * share / 100), start)
            else:
                _visiting_investor(world, em, rng, p, start)
        if foreign_total < 100:
            partner = local_adult(world, rng, born=(1960, 1990))
            e.add_person("MEMBER", partner, 100.0 - foreign_total, e.registered_on)
            rep = partner if rng.random() < 0.4 else owners[0][0]
        else:
            rep = owners[0][0]
        e.add_person("LEGAL_REP", rep, None, e.registered_on)
        if rng.random() < 0.5:
            e.add_person("CHIEF_ACCOUNTANT", local_adult(world, rng, sex="F", born=(1980, 2000)), None,
                         e.registered_on + timedelta(days=rng.randint(0, 300)))
        world.count_lookalike("nominee:foreign_owned_open")
    return resident


def _resident_investor(world: World, em: Emitter, rng, p: Person, e: Enterprise, contribution: int,
                       start: date) -> None:
    symbol, years = _symbol(contribution)
    at_office = rng.random() < 0.4
    place = head_office(e) if at_office else landlord_place(world, rng)
    p.address = place.address
    residence(world, em, p, start=start, stop=AS_OF, symbol=symbol, years=years,
              sponsor=("ENTERPRISE", e.code, e.name, None), address=place.address,
              later_doc="VISA" if symbol == "ĐT4" else "TRC")
    kind = "EXEMPTION" if contribution >= 3_000_000_000 else "PERMIT"
    permits(em, p, employer_code=e.code, position="MANAGER",
            job_title="Chủ sở hữu" if e.foreign_pct == 100.0 else "Thành viên góp vốn", work_address=e.work_address,
            start=start - timedelta(days=rng.randint(5, 30)), stop=AS_OF, kind=kind)
    live(world, em, p, presence(rng, start, None, 2.5, (5, 20)), place)
    if kind == "EXEMPTION":
        world.count_lookalike("unlicensed:owner_exemption_3bn")
    if at_office:
        world.count_lookalike("nominee:foreign_owner_lives_at_head_office")


def _visiting_investor(world: World, em: Emitter, rng, p: Person, start: date) -> None:
    """An owner living abroad: a few short visits, hotel stays only."""
    day = start
    for _ in range(rng.randint(1, 4)):
        if day > AS_OF - timedelta(days=15):
            break
        stay = rng.randint(2, 6)
        live(world, em, p, [(day, day + timedelta(days=stay))], rng.choice(world.hotels), gate="CKQT-HN")
        day += timedelta(days=stay + rng.randint(60, 300))
