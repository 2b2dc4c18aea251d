"""Planted unlicensed employment: foreigners evidently working at an enterprise without the right to.

The evidence of work is always the same kind a detector can see: more than
30 nights declared in the enterprise's dormitory (establishment_code = its
code) or at its head-office address, usually with its sponsorship. What is
wrong varies:

- ``NO_PERMIT``: an LĐ visa or card from the enterprise, and no permit at all;
- ``NO_PERMIT`` + ``PURPOSE_MISMATCH``: an e-visa, a visa exemption, a DN1
  business visa or a TT family card, and no permit;
- ``PERMIT_EXPIRED``: the permit's ``valid_to`` passed while the stays went on
  (its status often still says VALID);
- ``PERMIT_REVOKED``: revoked during the stay;
- ``OTHER_EMPLOYER``: a valid permit, but naming another enterprise.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .config import AS_OF, START
from .emit import Emitter
from .lives import chain, live, nights, presence, residence
from .model import Enterprise, Person, World
from .residents import JOBS, new_resident, pick_nat
from .rows import Place, foreigner_record, permit

__all__ = ["plant_unlicensed", "CASES"]

#: (case, weight)
CASES = (("NO_PERMIT", 25), ("EVISA", 14), ("EXEMPT", 4), ("DN", 10), ("TT", 5), ("PERMIT_EXPIRED", 16),
         ("PERMIT_REVOKED", 10), ("OTHER_EMPLOYER", 16))
_NATS = (("CHN", 85), ("TWN", 5), ("KOR", 5), ("THA", 5))
_EXEMPT_NATS = ("KOR", "JPN", "THA", "MYS", "PHL")


def _workplace(rng: random.Random, x: Enterprise) -> Place:
    if rng.random() < 0.7:
        return Place.dormitory(x)
    return Place(f"Kho xưởng {x.name.title().replace('Tnhh', 'TNHH')}", "OTHER", "", x.address, "", x.phone)


def _nights_after(segments, day: date) -> int:
    total = 0
    for a, b in segments:
        b = b or AS_OF
        if b > day:
            total += (b - max(a, day)).days
    return total


def _long_segments(rng: random.Random, start: date, end: date | None, after: date | None = None):
    """Presence with some trips, re-drawn until more than 30 nights fall after ``after``."""
    for _ in range(10):
        segs = presence(rng, start, end, 1.0)
        if (after is None and nights(segs) > 45) or (after and _nights_after(segs, after) > 45):
            return segs
    return [(start, end)]


def _short_visa_stays(world, em, rng, p: Person, place: Place, doc: str, day: date) -> None:
    """E-visa or exemption: one to three visits of 35-85 nights, all at the workplace."""
    for _ in range(rng.randint(1, 3)):
        if day > AS_OF - timedelta(days=100):
            break
        limit = 89 if doc == "EVISA" else 44
        stay = rng.randint(35, limit - 1)
        if doc == "EVISA":
            foreigner_record(em, p, doc_type="EVISA", symbol="EV", valid_from=day,
                             valid_to=day + timedelta(days=limit), address=place.address)
        else:
            foreigner_record(em, p, doc_type="EXEMPT", symbol="", valid_from=day,
                             valid_to=day + timedelta(days=limit), address=place.address)
        live(world, em, p, [(day, day + timedelta(days=stay))], place, gate="CKQT-HN",
             doc="EVISA" if doc == "EVISA" else "PASSPORT")
        day += timedelta(days=stay + rng.randint(3, 30))


def plant_unlicensed(world: World, em: Emitter) -> None:
    rng = world.rng("unlicensed")
    n = world.cfg.share_of("unlicensed_share", world.cfg.foreigners, minimum=len(CASES))
    employers = world.by_kind.get("fdi", []) + world.by_kind.get("vn_employer", [])
    vn_only = [e for e in world.by_kind.get("vn_only", []) if e.status == "ACTIVE"]
    names, weights = zip(*CASES)
    for i in range(n):
        case = names[i] if i < len(names) else rng.choices(names, weights=weights)[0]
        x = rng.choice(vn_only) if vn_only and rng.random() < 0.3 else rng.choice(employers)
        place = _workplace(rng, x)
        start = START + timedelta(days=rng.randint(0, (AS_OF - START).days - 300))
        end = None if rng.random() < 0.6 else start + timedelta(days=rng.randint(200, 600))
        if case == "PERMIT_EXPIRED":
            p0 = START + timedelta(days=rng.randint(0, 500))
            p1 = min(p0 + timedelta(days=rng.choice([364, 729])), AS_OF - timedelta(days=80))
            start = p0 + timedelta(days=rng.randint(5, 30))
            end = None if rng.random() < 0.6 else p1 + timedelta(days=rng.randint(60, 200))
        elif case == "PERMIT_REVOKED":
            p0 = AS_OF - timedelta(days=rng.randint(420, 700))
            start, end = p0 + timedelta(days=rng.randint(5, 30)), None
        elif case == "DN":
            end = min(start + timedelta(days=rng.randint(60, 170)), AS_OF - timedelta(days=1))
        if end and end > AS_OF - timedelta(days=10):
            end = None
        stop = end or AS_OF
        nat = pick_nat(rng, _NATS)
        if case == "EXEMPT":
            nat = rng.choice(_EXEMPT_NATS)
        p = new_resident(world, rng, nat, start, end)
        p.role = f"unlicensed:{case}"
        sponsor = ("ENTERPRISE", x.code, x.name, None)
        reasons: list[str]
        if case == "NO_PERMIT":
            residence(world, em, p, start=start, stop=stop, symbol="LĐ2", sponsor=sponsor, address=place.address)
            live(world, em, p, _long_segments(rng, start, end), place)
            reasons = ["NO_PERMIT"]
        elif case in ("EVISA", "EXEMPT"):
            _short_visa_stays(world, em, rng, p, place, case, start)
            reasons = ["NO_PERMIT", "PURPOSE_MISMATCH"]
        elif case in ("DN", "TT"):
            symbol = "DN1" if case == "DN" else "TT"
            residence(world, em, p, start=start, stop=start + timedelta(days=179) if case == "DN" else stop,
                      symbol=symbol, sponsor=sponsor, address=place.address, card=case == "TT", years=1)
            if case == "DN":  # one long stay inside a six-month business visa
                live(world, em, p, [(start, end)], place)
            else:
                live(world, em, p, _long_segments(rng, start, end), place)
            reasons = ["NO_PERMIT", "PURPOSE_MISMATCH"]
        elif case == "PERMIT_EXPIRED":
            residence(world, em, p, start=start, stop=end or AS_OF, symbol="LĐ2", sponsor=sponsor, address=place.address)
            permit(em, p, employer_code=x.code, position="TECHNICAL_WORKER", job_title=rng.choice(JOBS["TECHNICAL_WORKER"]),
                   work_address=x.work_address, valid_from=p0, valid_to=p1,
                   status="VALID" if rng.random() < 0.5 else "EXPIRED", as_of=AS_OF)
            live(world, em, p, _long_segments(rng, start, end, after=p1), place)
            reasons = ["PERMIT_EXPIRED"]
        elif case == "PERMIT_REVOKED":
            p1 = p0 + timedelta(days=729)
            revoked = p0 + timedelta(days=rng.randint(60, (AS_OF - p0).days - 90))
            residence(world, em, p, start=start, stop=AS_OF, symbol="LĐ2", sponsor=sponsor, address=place.address)
            permit(em, p, employer_code=x.code, position="EXPERT", job_title=rng.choice(JOBS["EXPERT"]),
                   work_address=x.work_address, valid_from=p0, valid_to=p1, status="REVOKED", revoked_on=revoked,
                   as_of=AS_OF)
            live(world, em, p, _long_segments(rng, start, end, after=revoked), place)
            reasons = ["PERMIT_REVOKED"]
        else:  # OTHER_EMPLOYER
            y = rng.choice([e for e in employers if e is not x])
            sponsor = ("ENTERPRISE", y.code, y.name, None) if rng.random() < 0.6 else sponsor
            residence(world, em, p, start=start, stop=stop, symbol="LĐ2", sponsor=sponsor, address=place.address)
            for a, b in chain(start - timedelta(days=rng.randint(5, 30)), stop, 2):
                permit(em, p, employer_code=y.code, position="TECHNICAL_WORKER",
                       job_title=rng.choice(JOBS["TECHNICAL_WORKER"]), work_address=y.work_address,
                       valid_from=a, valid_to=b, as_of=AS_OF)
            live(world, em, p, _long_segments(rng, start, end), place)
            reasons = ["OTHER_EMPLOYER"]
        world.flags["unlicensed_employment"].append({"passport_no": p.passports[-1][0], "truth_id": p.tid,
                                                     "enterprise_code": x.code, "reasons": reasons})
