"""Lawful foreign residents: the activity that must dominate the data.

Workers with valid permits in dormitories or rented rooms, business
visitors on short hotel stays, tourists, foreign spouses of Vietnamese
citizens living in households, and students. Each is also a look-alike for
some detector; the counts go to the ground truth.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate

from .config import AS_OF, START
from .emit import Emitter
from .lives import live, permits, presence, residence
from .model import Enterprise, Person, World
from .names import Name
from .pick import weighted
from .population import local_adult
from .rows import Place, foreigner_record, marriage

__all__ = ["WORKER_NATS", "pick_nat", "landlord_place", "new_resident", "employ", "workers", "visitors",
           "tourists", "spouses", "students", "JOBS"]

WORKER_NATS = (("CHN", 75), ("KOR", 8), ("TWN", 7), ("JPN", 2), ("THA", 2), ("IND", 2), ("MYS", 2), ("PHL", 2))
TOURIST_NATS = (("CHN", 55), ("KOR", 12), ("TWN", 5), ("JPN", 4), ("THA", 4), ("FRA", 4), ("DEU", 4), ("USA", 4),
                ("RUS", 3), ("AUS", 3), ("GBR", 2))
_EXEMPT = {"KOR", "JPN", "DEU", "FRA", "GBR", "RUS", "THA", "LAO", "KHM", "MYS", "SGP", "PHL"}
_COMMON_CN = (("LI", "WEI"), ("WANG", "FANG"), ("ZHANG", "WEI"), ("LIU", "YANG"), ("WANG", "JUN"))
JOBS = {"MANAGER": ["Giám đốc điều hành", "Phó giám đốc", "Giám đốc sản xuất"],
        "EXECUTIVE": ["Trưởng bộ phận kinh doanh", "Quản đốc phân xưởng", "Trưởng phòng kỹ thuật"],
        "EXPERT": ["Chuyên gia kỹ thuật", "Kỹ sư cơ khí", "Chuyên gia chế biến gỗ", "Kỹ sư điện"],
        "TECHNICAL_WORKER": ["Công nhân kỹ thuật", "Kỹ thuật viên điện", "Thợ vận hành máy", "Kỹ thuật viên"],
        "OTHER": ["Phiên dịch viên", "Nhân viên"]}


def pick_nat(rng: random.Random, table=WORKER_NATS) -> str:
    return weighted(rng, table)


def landlord_place(world: World, rng: random.Random) -> Place:
    """A household renting rooms to foreigners; landlords host several tenants over time."""
    if not world.landlords or rng.random() < 0.3:
        world.landlords.append(local_adult(world, rng, born=(1955, 1990), local=1.0))
    return Place.household(rng.choice(world.landlords))


def new_resident(world: World, rng: random.Random, nat: str, start: date, end: date | None, **kw) -> Person:
    """A long-stay foreigner; some renew their passport during the stay."""
    stop = end or AS_OF
    renew = None
    if (stop - start).days > 300 and rng.random() < world.cfg.p["passport_renewal_share"]:
        renew = (start + timedelta(days=120), stop - timedelta(days=60))
    p = world.new_foreigner(rng, nat, first_seen=start, until=stop, renew_between=renew, **kw)
    p.phone = world.ids.vn_phone() if rng.random() < 0.7 else world.ids.cn_phone() if nat == "CHN" else world.ids.vn_phone()
    return p


def employ(world: World, em: Emitter, rng: random.Random, p: Person, e: Enterprise, *, start: date,
           end: date | None, position: str, place: Place, permit_code: str | None = None,
           sponsor_code: str | None = None, trips: float = 1.5) -> list[tuple[date, date | None]]:
    """A lawful job: LĐ residence sponsored by ``e``, permits covering every day, declared stays."""
    stop = end or AS_OF
    segments = presence(rng, start, end, trips)
    residence(world, em, p, start=start, stop=stop, symbol="LĐ2",
              sponsor=("ENTERPRISE", sponsor_code or e.code, e.name, None), address=place.address)
    permits(em, p, employer_code=permit_code or e.code, position=position, job_title=rng.choice(JOBS[position]),
            work_address=e.work_address, start=start - timedelta(days=rng.randint(5, 40)), stop=stop, left=end)
    live(world, em, p, segments, place)
    return segments


def _start_end(rng: random.Random) -> tuple[date, date | None]:
    start = START + timedelta(days=rng.randint(0, (AS_OF - START).days - 120))
    if rng.random() < 0.45:
        return start, None
    end = start + timedelta(days=rng.randint(120, 900))
    return (start, end) if end < AS_OF - timedelta(days=15) else (start, None)


def workers(world: World, em: Emitter, n: int) -> None:
    """Lawful LĐ workers at the employers, some with a branch permit, some who left before expiry."""
    rng = world.rng("workers")
    employers = world.by_kind.get("fdi", []) + world.by_kind.get("vn_employer", [])
    cum = list(accumulate(rng.paretovariate(1.2) for _ in employers))  # a few employers are big
    for i in range(n):
        e = rng.choices(employers, cum_weights=cum)[0]
        nat = pick_nat(rng)
        start, end = _start_end(rng)
        kind = "lawful_worker"
        if rng.random() < world.cfg.p["permit_expired_after_leaving_share"]:
            start = date(2023, 1, 15) + timedelta(days=rng.randint(0, 500))
            end = start + timedelta(days=2 * 365 - rng.randint(30, 90))  # leaves weeks before the permit ends
            kind = "permit_expired_after_leaving"
        kw = {}
        if i < 2 * world.cfg.count("hard_negative_pairs_count"):
            # pairs of different people with one common name and one birth year
            family, given = _COMMON_CN[(i // 2) % len(_COMMON_CN)]
            nat = "CHN"
            kw = {"name": Name(family, (given,), True, False, ""),
                  "dob": date(1984 + (i // 2) % 12, rng.randint(1, 12), rng.randint(1, 28))}
            if i % 2:
                world.count_lookalike("hard_negative:same_foreign_name_same_birth_year")
        p = new_resident(world, rng, nat, start, end, **kw)
        p.role = kind
        fdi = e.kind == "fdi"
        position = rng.choices(["MANAGER", "EXECUTIVE", "EXPERT", "TECHNICAL_WORKER"],
                               weights=[10, 10, 35, 45] if fdi else [0, 0, 40, 60])[0]
        place = Place.dormitory(e) if rng.random() < 0.7 else landlord_place(world, rng)
        permit_code = None
        if e.branches and rng.random() < world.cfg.p["branch_permit_share"]:
            permit_code = e.branches[0][0]  # a permit naming the branch covers the parent
            world.count_lookalike("unlicensed:branch_permit_covers_parent")
        if fdi and rng.random() < 0.1:
            p.phone = e.phone  # workers of a foreign-owned firm giving the office number
        employ(world, em, rng, p, e, start=start, end=end, position=position, place=place, permit_code=permit_code)
        world.count_lookalike(f"unlicensed:{kind}")


def visitors(world: World, em: Emitter, n: int) -> None:
    """DN business visitors: invited by an enterprise, a few short hotel stays per visa."""
    rng = world.rng("visitors")
    hosts = [e for k in ("fdi", "vn_employer", "vn_only") for e in world.by_kind.get(k, []) if e.status == "ACTIVE"]
    for _ in range(n):
        e = rng.choice(hosts)
        first = START + timedelta(days=rng.randint(0, (AS_OF - START).days - 60))
        p = world.new_foreigner(rng, pick_nat(rng), first_seen=first, until=first + timedelta(days=800))
        p.phone = world.ids.cn_phone() if p.nat == "CHN" else ""
        p.role = "business_visitor"
        for visa_no in range(rng.choice([1, 1, 2, 3])):
            a = first + timedelta(days=visa_no * rng.randint(300, 400))
            if a > AS_OF - timedelta(days=20):
                break
            b = min(a + timedelta(days=rng.choice([89, 179, 364])), AS_OF + timedelta(days=200))
            residence(world, em, p, start=a, stop=b, symbol="DN1", sponsor=("ENTERPRISE", e.code, e.name, None),
                      address="", card=False)
            day = a
            for _ in range(rng.randint(1, 4)):
                if day > min(b, AS_OF) - timedelta(days=12):
                    break
                stay = rng.randint(1, 10)
                place = rng.choice(world.hotels + world.guesthouses[:3])
                live(world, em, p, [(day, day + timedelta(days=stay))], place, gate="CKQT-HN")
                day += timedelta(days=stay + rng.randint(20, 90))
        world.count_lookalike("unlicensed:business_visitor_short_stays")


def tourists(world: World, em: Emitter, n: int) -> None:
    """Tourists with a residence record: e-visa, visa exemption or a tour-group DL visa."""
    rng = world.rng("tourists")
    agencies = world.by_kind.get("hotel", [])
    for _ in range(n):
        nat = pick_nat(rng, TOURIST_NATS)
        a = START + timedelta(days=rng.randint(0, (AS_OF - START).days - 15))
        p = world.new_foreigner(rng, nat, first_seen=a, until=a + timedelta(days=60))
        p.role = "tourist"
        stay = rng.randint(1, 7)
        r = rng.random()
        if nat in _EXEMPT and r < 0.5:
            doc, symbol, to, doc_kind = "EXEMPT", "", a + timedelta(days=44), "PASSPORT"
            foreigner_record(em, p, doc_type=doc, symbol=symbol, valid_from=a, valid_to=to, address="")
        elif r < 0.85 or not agencies:
            to = a + timedelta(days=rng.choice([29, 89]))
            foreigner_record(em, p, doc_type="EVISA", symbol="EV", valid_from=a, valid_to=to, address="")
            doc_kind = "EVISA"
        else:
            agency = rng.choice(agencies)
            residence(world, em, p, start=a, stop=a + timedelta(days=14), symbol="DL",
                      sponsor=("ENTERPRISE", agency.code, agency.name, None), address="", card=False)
            doc_kind = "PASSPORT"
        place = rng.choice(world.hotels + world.guesthouses)
        live(world, em, p, [(a, a + timedelta(days=stay))], place, gate="CKQT-HN", doc=doc_kind)
        world.count_lookalike("unlicensed:tourist_short_stay")


def spouses(world: World, em: Emitter, n: int) -> list[tuple[Person, Person]]:
    """TT spouses of Vietnamese citizens, living in the household; returns (citizen, spouse) pairs."""
    rng = world.rng("spouses")
    pairs = []
    for _ in range(n):
        nat = rng.choices(["CHN", "KOR", "TWN", "LAO"], weights=[70, 12, 10, 8])[0]
        f_sex = rng.choice("MF")
        start, end = START + timedelta(days=rng.randint(0, 900)), None
        f = new_resident(world, rng, nat, start, end, sex=f_sex)
        f.role = "tt_spouse"
        vn = local_adult(world, rng, sex="F" if f_sex == "M" else "M", born=(1975, 2000), local=1.0)
        registered = start - timedelta(days=rng.randint(30, 3000))
        marriage(em, vn, f, registered)
        host = vn
        if rng.random() < 0.35:  # the couple lives with the citizen's parent, who declares the guest
            host = local_adult(world, rng, born=(1945, 1965), local=1.0)
            host.address, host.address_old = vn.address, vn.address_old
            if rng.random() < 0.5:
                host.phone = vn.phone  # one family phone
            world.count_lookalike("hard_negative:family_shared_address")
        f.address = vn.address
        residence(world, em, f, start=start, stop=AS_OF, symbol="TT", years=3,
                  sponsor=("INDIVIDUAL", vn.cccd, vn.full_name, vn), address=vn.address)
        live(world, em, f, presence(rng, start, None, 1.0, (10, 40)), Place.household(host))
        pairs.append((vn, f))
        world.count_lookalike("unlicensed:tt_spouse_in_household")
    return pairs


def students(world: World, em: Emitter, n: int) -> None:
    rng = world.rng("students")
    schools = [(world.ids.org_code(), name) for name in (
        "Trường Cao đẳng Sư phạm Lạng Sơn", "Trường Cao đẳng Y tế Lạng Sơn", "Trường Cao đẳng Nghề Lạng Sơn")]
    for _ in range(n):
        code, school = rng.choice(schools)
        start = date(rng.choice([2022, 2023, 2024, 2025]), 9, rng.randint(1, 20))
        start = max(start, START)
        end = min(start + timedelta(days=3 * 365), AS_OF - timedelta(days=20))
        end = None if end >= AS_OF - timedelta(days=30) else end
        p = new_resident(world, rng, rng.choices(["LAO", "CHN", "KHM"], weights=[70, 20, 10])[0], start, end,
                         born=(2000, 2007))
        p.role = "student"
        place = Place(f"Ký túc xá {school}", "OTHER", "", world.addresses.home()[0], "", "")
        residence(world, em, p, start=start, stop=end or AS_OF, symbol="DH", years=1,
                  sponsor=("ORGANIZATION", code, school, None), address=place.address)
        live(world, em, p, presence(rng, start, end, 2.0, (20, 60)), place,
             gate=rng.choice(["CKQT-HN", "CKC-CM"]) if p.nat == "CHN" else None)
        world.count_lookalike("unlicensed:student")


def ngo_staff(world: World, em: Emitter, n: int) -> None:
    rng = world.rng("ngo")
    offices = [(world.ids.org_code(), f"Văn phòng đại diện {name} tại Lạng Sơn") for name in
               ("Tổ chức Hỗ trợ Phát triển Vùng cao", "Quỹ Giáo dục Biên giới")]
    for _ in range(n):
        code, office = rng.choice(offices)
        start, end = _start_end(rng)
        p = new_resident(world, rng, pick_nat(rng, TOURIST_NATS), start, end)
        p.role = "ngo_staff"
        place = landlord_place(world, rng)
        residence(world, em, p, start=start, stop=end or AS_OF, symbol="NN3", years=2,
                  sponsor=("ORGANIZATION", code, office, None), address=place.address)
        live(world, em, p, presence(rng, start, end, 1.0), place)
