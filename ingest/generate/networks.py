"""Planted illegal-entry networks, and the one-off apprehensions that must not be mistaken for one.

A network moves 5-40 travellers over weeks on trails ("đường mòn, lối mở")
and roads, and is caught piecemeal: several apprehension cases, each with
its own ``case_ref`` and one or two ``group_ref``. What ties the cases
together is the people a network needs (DOMAIN.md): the same guide on the
trail, the same driver and plate on the road, the same household host, and
the organiser's phone found on the travellers. Hosts sometimes also declare
a traveller who came in on a passport and overstayed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .config import AS_OF, START
from .emit import Emitter
from .geography import points_of_kind
from .lives import crossing
from .model import Person, World
from .population import local_adult
from .rows import Place, declaration, foreigner_record

__all__ = ["plant_networks", "isolated_apprehensions"]

_NIGHT = [0, 1, 2, 3, 4, 5, 21, 22, 23]


def _traveller(world: World, rng: random.Random, day: date) -> Person:
    if rng.random() < 0.62:
        p = world.new_foreigner(rng, "CHN", first_seen=day, born=(1975, 2004))
        if rng.random() < 0.2:
            p.cn_id = world.ids.cn_resident_id(p.dob, p.sex)
    else:  # Vietnamese leaving illegally to work across the border
        p = world.new_vn(rng, born=(1980, 2006), local=0.5)
    p.role = "network_traveller"
    return p


def _event(world: World, p: Person, day: date, point, *, role: str, case: str, group: str, phone: str = "",
           plate: str = "", passport: str = "", hour: int | None = None, doc: str = "NONE") -> None:
    rng = world.rng("networks:events")
    id_no = ""
    if p.kind == "vietnamese" and (role != "TRAVELLER" or rng.random() < 0.5):
        id_no = p.cccd
    elif p.cn_id and rng.random() < 0.8:
        id_no = p.cn_id
    fields = {"passport_no": passport, "id_no": id_no, "phone": phone, "vehicle_plate": plate,
              "group_ref": group, "case_ref": case, "role": role if role != "TRAVELLER" or rng.random() < 0.6 else ""}
    if hour is None:
        hour = rng.choice(_NIGHT) if point.kind == "TRAIL" else rng.randint(0, 23)
    crossing(world, p, day, "APPREHENDED", point.code, doc=doc, hour=hour, fields=fields)


def plant_networks(world: World, em: Emitter) -> None:
    rng = world.rng("networks")
    trails, inland = points_of_kind("TRAIL"), points_of_kind("INLAND")
    n = world.cfg.count("networks_count")
    width = max(2, len(str(n)))
    for k in range(n):
        net = f"n{k + 1:0{width}d}"
        size = rng.randint(5, 30)  # overstayers and later cases add a few more, up to about 40
        n_cases = max(2, min(8, size // rng.randint(3, 6)))
        first = START + timedelta(days=rng.randint(0, (AS_OF - START).days - 140))
        days = sorted(first + timedelta(days=rng.randint(0, 7 * rng.randint(3, 16))) for _ in range(n_cases))
        organiser = (world.new_foreigner(rng, "CHN", first_seen=first) if rng.random() < 0.35
                     else local_adult(world, rng, born=(1970, 1995), local=0.8))
        organiser.phone = world.ids.cn_phone() if organiser.kind == "foreigner" else world.ids.vn_phone()
        guides = [local_adult(world, rng, sex="M", born=(1975, 2000), local=1.0) for _ in range(rng.randint(1, 3))]
        drivers = [local_adult(world, rng, sex="M", born=(1970, 1998)) for _ in range(rng.randint(1, 3))]
        plates = {d.tid: world.ids.plate() for d in drivers}
        hosts = [local_adult(world, rng, born=(1955, 1990), local=1.0) for _ in range(rng.choice([0, 1, 1, 2]))]
        base_point = rng.choice(trails)
        travellers = [_traveller(world, rng, first) for _ in range(size)]
        for t in travellers:
            t.phone = ""
        buckets = [travellers[i::n_cases] for i in range(n_cases)]
        seen_fac: dict[str, tuple[Person, str]] = {}
        appear: dict[str, dict[str, None]] = {}  # facilitator -> the cases that caught them

        def caught(person: Person, role: str, day: date, point, case: str, group: str) -> None:
            _event(world, person, day, point, role=role, case=case, group=group, phone=person.phone,
                   plate=plates.get(person.tid, ""), hour=hour)
            seen_fac[person.tid] = (person, role)
            appear.setdefault(person.tid, {})[case] = None

        for c, (day, group) in enumerate(zip(days, buckets)):
            case = world.next_ref("VV")
            on_road = rng.random() < 0.45 or c % 3 == 2
            point = rng.choice(inland) if on_road else (base_point if rng.random() < 0.7 else rng.choice(trails))
            halves = [group] if len(group) < 6 or rng.random() < 0.5 else [group[: len(group) // 2], group[len(group) // 2:]]
            hour = rng.choice(_NIGHT) if point.kind == "TRAIL" else rng.randint(0, 23)
            for members in halves:
                ref = world.next_ref("NH")
                for j, t in enumerate(members):
                    # the organiser's number is on someone in every group: the thread between cases
                    phone = organiser.phone if j == 0 or rng.random() < 0.4 else ""
                    _event(world, t, day, point, role="TRAVELLER", case=case, group=ref, phone=phone, hour=hour)
                if not on_road or rng.random() < 0.3:
                    caught(guides[c % len(guides)], "GUIDE", day, point, case, ref)
                if on_road:
                    caught(drivers[c % len(drivers)], "DRIVER", day, point, case, ref)
            if hosts and (on_road or c == n_cases - 1):
                host = hosts[c % len(hosts)]
                caught(host, "HOST", day, rng.choice(inland), case, "")
                if rng.random() < 0.6:
                    _overstayer(world, em, rng, host, day, case, rng.choice(inland), travellers)
            if c == n_cases - 1 or (c == 0 and rng.random() < 0.3):
                caught(organiser, "ORGANISER", day + timedelta(days=rng.randint(0, 10)), rng.choice(inland), case, "")
        # a guide or driver caught once is not yet recurring: a later case catches them again
        for tid, (person, role) in list(seen_fac.items()):
            day = days[-1] + timedelta(days=rng.randint(7, 30))
            if day >= AS_OF:
                day = days[0] - timedelta(days=rng.randint(7, 30))
            if role not in ("GUIDE", "DRIVER") or len(appear[tid]) >= 2:
                continue
            case, ref = world.next_ref("VV"), world.next_ref("NH")
            point = rng.choice(trails if role == "GUIDE" else inland)
            hour = rng.choice(_NIGHT)
            extra = [_traveller(world, rng, day) for _ in range(rng.randint(2, 4))]
            travellers += extra
            for t in extra:
                _event(world, t, day, point, role="TRAVELLER", case=case, group=ref, phone=organiser.phone, hour=hour)
            caught(person, role, day, point, case, ref)
        facilitators = [{"truth_id": p.tid, "role": role} for p, role in seen_fac.values()]
        members = [t.tid for t in travellers] + [p.tid for p, _ in seen_fac.values()]
        world.flags["illegal_entry_network"].append({"network": net, "members": members, "facilitators": facilitators})


def _overstayer(world: World, em: Emitter, rng: random.Random, host: Person, day: date, case: str, point,
                travellers: list[Person]) -> None:
    """A traveller who came in on an e-visa, was declared by the host, and was caught at the host's."""
    arrived = day - timedelta(days=rng.randint(100, 200))
    p = world.new_foreigner(rng, "CHN", first_seen=arrived, born=(1980, 2004))
    p.role = "network_traveller"
    foreigner_record(em, p, doc_type="EVISA", symbol="EV", valid_from=arrived, valid_to=arrived + timedelta(days=89),
                     address=host.address, phone="")
    crossing(world, p, arrived, "ENTRY", "CKQT-HN", doc="EVISA")
    declaration(em, p, Place.household(host), arrived + timedelta(days=rng.randint(0, 3)), None)
    _event(world, p, day, point, role="TRAVELLER", case=case, group="", passport=p.passport_at(day), doc="PASSPORT")
    travellers.append(p)


def isolated_apprehensions(world: World) -> None:
    """One-off cases of one or two people, now and then with a taxi driver seen once."""
    rng = world.rng("isolated")
    points = points_of_kind("TRAIL", "INLAND")
    inland = points_of_kind("INLAND")
    for i in range(world.cfg.count("isolated_apprehensions_count")):
        day = START + timedelta(days=rng.randint(0, (AS_OF - START).days - 1))
        point = rng.choice(points) if i else rng.choice(inland)  # the first always has a taxi driver
        case, group = world.next_ref("VV"), world.next_ref("NH")
        hour = rng.choice(_NIGHT)
        for _ in range(rng.randint(1, 2)):
            _event(world, _traveller(world, rng, day), day, point, role="TRAVELLER", case=case, group=group, hour=hour)
        if point.kind == "INLAND" and (i == 0 or rng.random() < 0.4):
            taxi = local_adult(world, rng, sex="M", born=(1965, 1995))
            _event(world, taxi, day, point, role="DRIVER", case=case, group=group, phone=taxi.phone,
                   plate=world.ids.plate(), hour=hour)
            world.count_lookalike("network:single_taxi_driver")
        world.count_lookalike("network:isolated_apprehension")
