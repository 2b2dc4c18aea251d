"""Planted nominee ("núp bóng") investment, and its look-alikes.

A front is a Vietnamese-owned enterprise (``foreign_capital_pct`` 0) whose
registered owner, majority member or legal representative stands in for a
foreigner the enterprise sponsors. Each front carries 2-4 signals:

- ``SPOUSE``: the nominee is married to the controller (marriages feed);
- ``HOST``: the nominee's household declares the controller as a guest;
- ``EMPLOYEE``: the nominee is an officer of a firm the controller openly owns;
- ``SHARED_PHONE`` / ``SHARED_EMAIL``: the front's phone is the controller's,
  or its email is that of the controller's own firm;
- ``SHARED_ADDRESS``: the controller lives at the front's head office;
- ``SERIAL_NOMINEE``: the nominee owns 3-6 fronts that all sponsor foreigners;
- ``FOREIGN_MANAGER_ZERO_CAPITAL``: 0 % foreign capital while the controller
  holds a MANAGER/EXECUTIVE permit there and lives at the head office.

Controllers hold whatever their work needs (a permit for the front, or a
spouse's TT card and only short visits), so a front is never also an
unlicensed-employment case unless ``unlicensed.py`` plants one.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .config import AS_OF, START
from .emit import Emitter
from .investors import head_office
from .lives import live, presence, residence
from .model import Enterprise, Person, World
from .population import add_vn_owners, local_adult, new_enterprise
from .residents import employ, landlord_place, new_resident
from .rows import Place, marriage, sponsorship

__all__ = ["plant_nominees", "SIGNALS"]

SIGNALS = ("SPOUSE", "HOST", "EMPLOYEE", "SHARED_PHONE", "SHARED_EMAIL", "SHARED_ADDRESS", "SERIAL_NOMINEE",
           "FOREIGN_MANAGER_ZERO_CAPITAL")
_RELATION = ("SPOUSE", "HOST", "EMPLOYEE")


def _pick_signals(rng: random.Random, serial: bool, must: str | None) -> tuple[set[str], set[str]]:
    """(relation signals for the case, attribute signals for the primary front), 2-4 in all.

    ``must`` is put in first, so that every kind of signal occurs once the
    run has a handful of fronts.
    """
    want = rng.randint(2, 4) - (1 if serial else 0)
    order = ["SPOUSE", "HOST", "EMPLOYEE", "SHARED_PHONE", "SHARED_EMAIL", "SHARED_ADDRESS",
             "FOREIGN_MANAGER_ZERO_CAPITAL"]
    rng.shuffle(order)
    if must in order:
        order.remove(must)
        order.insert(0, must)
        want = max(want, 2 if must == "FOREIGN_MANAGER_ZERO_CAPITAL" else 1)
    chosen: set[str] = set()
    for s in order:
        if len(chosen) >= want:
            break
        if s == "FOREIGN_MANAGER_ZERO_CAPITAL":
            if "HOST" in chosen or len(chosen | {"SHARED_ADDRESS", s}) > want:
                continue
            chosen |= {s, "SHARED_ADDRESS"}  # living at the head office is part of this signal
        elif s == "SHARED_ADDRESS" and "HOST" in chosen or s == "HOST" and "SHARED_ADDRESS" in chosen:
            continue
        else:
            chosen.add(s)
    return chosen & set(_RELATION), chosen - set(_RELATION)


def _front_owners(world: World, rng: random.Random, e: Enterprise, nominee: Person) -> None:
    e.foreign_pct = 0.0
    since = e.registered_on
    if rng.random() < 0.6:
        e.add_person("OWNER", nominee, 100.0, since)
    else:
        share = float(rng.choice([51, 60, 65, 70, 80, 90]))
        e.add_person("MEMBER", nominee, share, since)
        e.add_person("MEMBER", local_adult(world, rng), 100.0 - share, since)
    rep = nominee if rng.random() < 0.75 else local_adult(world, rng)
    e.add_person("LEGAL_REP", rep, None, since)


def _controller_firm(world: World, em: Emitter, rng: random.Random, f: Person, taken: set[str]) -> Enterprise:
    """A small firm the controller owns openly (the source of EMPLOYEE and SHARED_EMAIL)."""
    e2 = new_enterprise(world, rng, "fdi", taken)
    e2.foreign_pct = 100.0
    e2.add_person("OWNER", f, 100.0, e2.registered_on)
    e2.add_person("LEGAL_REP", f, None, e2.registered_on)
    world.count_lookalike("nominee:foreign_owned_open")
    return e2


def _controller_life(world: World, em: Emitter, rng: random.Random, f: Person, nominee: Person,
                     primary: Enterprise, relation: set[str], attrs: set[str], start: date) -> None:
    """Where the controller lives and on what papers; always lawful as to work."""
    if "SHARED_ADDRESS" in attrs:
        position = "MANAGER" if "FOREIGN_MANAGER_ZERO_CAPITAL" in attrs else rng.choice(["EXPERT", "TECHNICAL_WORKER"])
        if "FOREIGN_MANAGER_ZERO_CAPITAL" in attrs and rng.random() < 0.4:
            position = "EXECUTIVE"
        employ(world, em, rng, f, primary, start=start, end=None, position=position, place=head_office(primary))
        f.address = primary.address
        if "SPOUSE" in relation:
            marriage(em, nominee, f, start + timedelta(days=rng.randint(60, 500)))
        return
    if "SPOUSE" in relation:
        registered = start + timedelta(days=rng.randint(30, 300))
        marriage(em, nominee, f, registered)
        sponsorship(em, f, sponsor_type="ENTERPRISE", sponsor_code=primary.code, sponsor_name=primary.name,
                    symbol="DN1", stay_from=start, stay_to=start + timedelta(days=89))
        live(world, em, f, [(start, start + timedelta(days=rng.randint(5, 15)))], rng.choice(world.hotels))
        tt_start = registered + timedelta(days=rng.randint(20, 90))
        if "HOST" in relation:
            place = Place.household(nominee)
        else:  # the couple stays with the nominee's parent
            parent = local_adult(world, rng, born=(1945, 1965), local=1.0)
            parent.address, parent.address_old = nominee.address, nominee.address_old
            place = Place.household(parent)
        residence(world, em, f, start=tt_start, stop=AS_OF, symbol="TT", years=3,
                  sponsor=("INDIVIDUAL", nominee.cccd, nominee.full_name, nominee), address=nominee.address)
        live(world, em, f, presence(rng, tt_start, None, 1.5, (7, 30)), place)
        return
    place = Place.household(nominee) if "HOST" in relation else landlord_place(world, rng)
    if rng.random() < 0.5:
        employ(world, em, rng, f, primary, start=start, end=None, position="EXPERT", place=place)
        return
    # a frequent "business visitor": DN1 visas from the front, short stays
    day = start
    while day < AS_OF - timedelta(days=40):
        to = min(day + timedelta(days=179), AS_OF + timedelta(days=120))
        residence(world, em, f, start=day, stop=to, symbol="DN1", card=False, address=place.address,
                  sponsor=("ENTERPRISE", primary.code, primary.name, None))
        visit = day
        while visit < min(to, AS_OF) - timedelta(days=25):
            stay = rng.randint(3, 20)
            live(world, em, f, [(visit, visit + timedelta(days=stay))], place)
            visit += timedelta(days=stay + rng.randint(15, 60))
        day = to + timedelta(days=rng.randint(10, 60))


def plant_nominees(world: World, em: Emitter, spouse_pairs: list[tuple[Person, Person]]) -> None:
    rng = world.rng("nominee")
    taken = {e.name for e in world.enterprises}
    fronts = list(world.by_kind.get("nominee", []))
    n_serial = int(round(len(fronts) * world.cfg.p["serial_nominee_share"]))
    cases: list[list[Enterprise]] = []
    i = 0
    while n_serial - i >= 3:
        k = min(rng.randint(3, 6), n_serial - i)
        cases.append(fronts[i:i + k])
        i += k
    cases += [[e] for e in fronts[i:]]
    for k, group in enumerate(cases):
        serial = len(group) > 1
        nat = rng.choices(["CHN", "KOR", "TWN"], weights=[80, 10, 10])[0]
        start = max(START, group[0].registered_on) + timedelta(days=rng.randint(0, 300))
        start = min(start, AS_OF - timedelta(days=240))
        f = new_resident(world, rng, nat, start, None, sex="M" if rng.random() < 0.8 else "F", born=(1965, 1992))
        f.role = "nominee_controller"
        relation, attrs = _pick_signals(rng, serial, SIGNALS[k % len(SIGNALS)] if k < 2 * len(SIGNALS) else None)
        nominee = local_adult(world, rng, sex="F" if f.sex == "M" else "M", born=(1970, 1998), local=1.0)
        nominee.role = "nominee"
        own = _controller_firm(world, em, rng, f, taken) if relation & {"EMPLOYEE"} or "SHARED_EMAIL" in attrs else None
        if own and "EMPLOYEE" in relation:
            own.add_person(rng.choice(["CHIEF_ACCOUNTANT", "DIRECTOR"]), nominee, None,
                           own.registered_on + timedelta(days=rng.randint(0, 200)))
        for j, e in enumerate(group):
            _front_owners(world, rng, e, nominee)
            mine = set(attrs) if j == 0 else {a for a in attrs if a in ("SHARED_PHONE", "SHARED_EMAIL")}
            if serial and j > 0 and not (relation or mine):
                mine.add("SHARED_PHONE")
            if "SHARED_PHONE" in mine:
                e.phone = f.phone
            if "SHARED_EMAIL" in mine and own:
                e.email = own.email
            if j > 0:  # the other fronts sponsor the controller too, and a worker or two
                sponsorship(em, f, sponsor_type="ENTERPRISE", sponsor_code=e.code, sponsor_name=e.name,
                            symbol="DN1", stay_from=start + timedelta(days=30 * j),
                            stay_to=start + timedelta(days=30 * j + 89))
            if j > 0 or rng.random() < 0.3:
                for _ in range(rng.randint(1 if j > 0 else 0, 2)):
                    w_start = min(AS_OF - timedelta(days=150), START + timedelta(days=rng.randint(0, 1100)))
                    w = new_resident(world, rng, "CHN", w_start, None)
                    w.role = "lawful_worker"
                    employ(world, em, rng, w, e, start=w_start, end=None, position="TECHNICAL_WORKER",
                           place=landlord_place(world, rng))
                    world.count_lookalike("unlicensed:lawful_worker")
            signals = sorted(relation | mine | ({"SERIAL_NOMINEE"} if serial else set()))
            world.flags["nominee_investment"].append({"enterprise_code": e.code, "controllers": [f.tid],
                                                      "nominees": [nominee.tid], "signals": signals})
        _controller_life(world, em, rng, f, nominee, group[0], relation, attrs, start)
    _unrelated_spouse_owners(world, rng, spouse_pairs, taken)


def _unrelated_spouse_owners(world: World, rng: random.Random, pairs: list[tuple[Person, Person]],
                             taken: set[str]) -> None:
    """Look-alike: a Vietnamese owner married to a foreigner who has nothing to do with the firm."""
    for vn, _ in pairs[: world.cfg.count("unrelated_spouse_owner_count")]:
        e = new_enterprise(world, rng, "vn_spouse_owner", taken)
        e.status, e.foreign_pct = "ACTIVE", 0.0
        add_vn_owners(world, rng, e, owner=vn)
        world.count_lookalike("nominee:vn_owner_married_to_unrelated_foreigner")
