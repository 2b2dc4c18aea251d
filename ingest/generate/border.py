"""The border_events feed, streamed day by day.

Most crossings are ordinary: tour groups at Hữu Nghị with passports and a
``group_ref``, Chinese and Vietnamese border traders on border passes at the
smaller gates, day-trippers, a few refusals. They are generated one day at a
time (never all in memory) and merged in time order with the events the
scenarios queued (residents' trips, apprehensions), then written.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from operator import itemgetter

from .config import AS_OF, START
from .emit import Emitter
from .geography import BORDER_POINTS
from .model import Person, World
from .names import Name
from .pick import between
from .residents import TOURIST_NATS, pick_nat

__all__ = ["write_border_events"]

_POINTS = {p.code: p for p in BORDER_POINTS}
_TRADER_GATES = ["CKP-TT", "CKP-TT", "CKP-CN", "CKP-CN", "CKC-CM", "CKP-BN", "CKP-NH"]
_TOUR_NATS = (("CHN", 85), ("KOR", 5), ("TWN", 5), ("THA", 5))
_SAME_VN = [("Nguyễn", ("Văn", "Hùng"), "M"), ("Hoàng", ("Văn", "Hải"), "M"), ("Nông", ("Thị", "Lan"), "F"),
            ("Nguyễn", ("Thị", "Hương"), "F"), ("Lương", ("Văn", "Minh"), "M")]


class _Traffic:
    """Pools and schedules of the ordinary crossings."""

    def __init__(self, world: World, budget: int):
        self.world, self.rng = world, world.rng("border:bulk")
        rng = self.rng
        self.days = (AS_OF - START).days
        per_trader = 120  # crossing days per trader over the period
        cn_days, vn_days = int(budget * 0.25 / 2), int(budget * 0.20 / 2)
        self.cn_traders = [self._cn_trader() for _ in range(max(3, cn_days // per_trader))]
        self.vn_traders: list[Person] = []
        for i in range(max(3, vn_days // per_trader)):
            self.vn_traders.append(self._vn_trader(i))
        self.p_cn = min(1.0, cn_days / (len(self.cn_traders) * self.days))
        self.p_vn = min(1.0, vn_days / (len(self.vn_traders) * self.days))
        n_groups = max(2, int(budget * 0.45 / (2 * 18)))
        self.group_days = sorted(rng.randrange(self.days) for _ in range(n_groups))
        self.solo_days = sorted(rng.randrange(self.days) for _ in range(int(budget * 0.08 / 2)))
        self.refused_days = sorted(rng.randrange(self.days) for _ in range(int(budget * 0.02)))
        self.leaders = [world.new_foreigner(rng, "CHN", first_seen=START) for _ in range(max(1, n_groups // 150))]
        for leader in self.leaders:
            leader.role = "tour_leader"
        self.repeaters: list[Person] = []
        self.pending: dict[int, list[tuple]] = {}
        self.seq = 10_000_000

    def _cn_trader(self) -> Person:
        p = self.world.new_foreigner(self.rng, "CHN", first_seen=START, born=(1960, 1998))
        p.cn_id = self.world.ids.cn_resident_id(p.dob, p.sex)
        p.passports.clear()  # border residents cross on a pass with their resident ID
        p.phone = self.world.ids.cn_phone() if self.rng.random() < 0.3 else ""
        p.role = "border_trader"
        return p

    def _vn_trader(self, i: int) -> Person:
        rng, world = self.rng, self.world
        pairs = world.cfg.count("hard_negative_pairs_count")
        if i < 2 * pairs:  # two different citizens, same name, same birth year
            family, given, sex = _SAME_VN[(i // 2) % len(_SAME_VN)]
            year = 1980 + (i // 2) % 15
            p = world.new_vn(rng, sex=sex, name=Name(family, given, True, True),
                             dob=date(year, rng.randint(1, 12), rng.randint(1, 28)), local=1.0)
            if i % 2:
                world.count_lookalike("hard_negative:same_vn_name_same_birth_year")
        elif i % 9 == 8 and self.vn_traders:
            partner = self.vn_traders[-1]  # husband and wife trading together: one address, one phone
            p = world.new_vn(rng, sex="F" if partner.sex == "M" else "M", born=(1965, 1995), local=1.0)
            p.address, p.address_old, p.phone = partner.address, partner.address_old, partner.phone
            world.count_lookalike("hard_negative:family_shared_address_phone")
        else:
            p = world.new_vn(rng, born=(1960, 2000), local=0.95)
        p.role = "border_trader"
        return p

    def _ev(self, t: datetime, p: Person, etype: str, code: str, doc: str, fields: dict | None = None) -> tuple:
        self.seq += 1
        return (t, self.seq, p, etype, code, doc, fields)

    def _at(self, day: date, lo: int, hi: int) -> datetime:
        seconds = between(self.rng, lo * 3600, hi * 3600 + 3599)
        return datetime(day.year, day.month, day.day, seconds // 3600, seconds // 60 % 60, seconds % 60)

    def _tourist(self, nat: str, day: date) -> Person:
        rng, world = self.rng, self.world
        if self.repeaters and rng.random() < 0.15:
            p = rng.choice(self.repeaters)
            if p.nat == nat:
                return p
        if nat == "VNM":
            p = world.new_vn(rng, born=(1955, 2005), local=0.8)
            issued = day - timedelta(days=rng.randint(30, 3000))
            p.passports.append((world.ids.passport("VNM", issued), issued, issued + timedelta(days=3650)))
        else:
            p = world.new_foreigner(rng, nat, first_seen=day)
        p.role = "tourist"
        self.repeaters.append(p)
        if len(self.repeaters) > 3000:
            self.repeaters = self.repeaters[-2000:]
        return p

    def day_events(self, i: int) -> list[tuple]:
        rng = self.rng
        day = START + timedelta(days=i)
        out: list[tuple] = []
        for p in self.cn_traders:
            if rng.random() < self.p_cn:
                gate = _TRADER_GATES[int(p.tid[1:]) % len(_TRADER_GATES)]
                out.append(self._ev(self._at(day, 6, 10), p, "ENTRY", gate, "BORDER_PASS"))
                out.append(self._ev(self._at(day, 14, 18), p, "EXIT", gate, "BORDER_PASS"))
        for p in self.vn_traders:
            if rng.random() < self.p_vn:
                gate = _TRADER_GATES[int(p.tid[1:]) % len(_TRADER_GATES)]
                out.append(self._ev(self._at(day, 6, 10), p, "EXIT", gate, "BORDER_PASS"))
                out.append(self._ev(self._at(day, 14, 18), p, "ENTRY", gate, "BORDER_PASS"))
        while self.group_days and self.group_days[0] == i:
            self.group_days.pop(0)
            self._tour_group(day, i)
        while self.solo_days and self.solo_days[0] == i:
            self.solo_days.pop(0)
            p = self._tourist(pick_nat(rng, TOURIST_NATS), day)
            back = rng.choice([0, 0, 1, 2])
            out.append(self._ev(self._at(day, 7, 12), p, "ENTRY", "CKQT-HN", "PASSPORT"))
            self._later(i + back, self._ev(self._at(day + timedelta(days=back), 13, 20), p, "EXIT", "CKQT-HN", "PASSPORT"))
        while self.refused_days and self.refused_days[0] == i:
            self.refused_days.pop(0)
            p = self._tourist(pick_nat(rng, TOURIST_NATS), day)
            out.append(self._ev(self._at(day, 7, 20), p, "REFUSED", rng.choice(["CKQT-HN", "CKC-DDGA"]), "PASSPORT"))
        return out + self.pending.pop(i, [])  # today's share of groups and returns queued earlier

    def _later(self, i: int, ev: tuple) -> None:
        if i < self.days:
            self.pending.setdefault(i, []).append(ev)

    def _tour_group(self, day: date, i: int) -> None:
        rng = self.rng
        outbound = rng.random() < 0.25  # Vietnamese tourists going to China and back
        nat = "VNM" if outbound else pick_nat(rng, _TOUR_NATS)
        gate = "CKQT-HN" if rng.random() < 0.85 else "CKC-DDGA"
        ref = self.world.next_ref("NH")
        back = rng.randint(1, 4)
        members = [self._tourist(nat, day) for _ in range(rng.randint(8, 28))]
        if not outbound and nat == "CHN" and rng.random() < 0.3:
            members.append(rng.choice(self.leaders))  # a licensed tour leader, crossing with many groups
            self.world.count_lookalike("network:tour_group_with_recurring_leader")
        self.world.count_lookalike("network:legal_tour_group")
        t_out = self._at(day, 8, 11)
        t_back = self._at(day + timedelta(days=back), 14, 18)
        first, second = ("EXIT", "ENTRY") if outbound else ("ENTRY", "EXIT")
        for p in members:
            role = "GUIDE" if p.role == "tour_leader" else ""
            fields = {"group_ref": ref, "role": role}
            self._later(i, self._ev(t_out + timedelta(seconds=between(rng, 0, 900)), p, first, gate, "PASSPORT", fields))
            self._later(i + back, self._ev(t_back + timedelta(seconds=between(rng, 0, 900)), p, second, gate, "PASSPORT", fields))


class _Refs:
    """Turns placeholder case and group numbers into ``VV-2025-0042`` / ``NH-2025-00311``,
    numbered per year in the order they first occur, as a records office would."""

    def __init__(self) -> None:
        self.final: dict[str, str] = {}
        self.counters: dict[str, int] = {}

    def __call__(self, placeholder: str, year: int) -> str:
        if not placeholder:
            return ""
        if placeholder not in self.final:
            prefix = placeholder.split("#")[0]
            key = f"{prefix}-{year}"
            self.counters[key] = self.counters.get(key, 0) + 1
            self.final[placeholder] = f"{key}-{self.counters[key]:0{4 if prefix == 'VV' else 5}d}"
        return self.final[placeholder]


def _row(em: Emitter, ev: tuple, refs: _Refs) -> tuple[dict, Person]:
    t, _, p, etype, code, doc, fields = ev
    v = em.voice("border_events")
    point = _POINTS[code]
    fields = fields or {}
    passport = "" if doc in ("NONE", "BORDER_PASS") else p.passport_at(t.date())
    passport = fields.get("passport_no", passport)
    id_no = fields.get("id_no", (p.cn_id or p.cccd) if doc == "BORDER_PASS" else "")
    p.note(passport, id_no)
    row = {"event_type": etype, "occurred_at": v.stamp(t), "border_point_code": code,
           "border_point_name": point.name if v.rng.random() < 0.95 else "", "border_point_kind": point.kind,
           "full_name": v.name(p), "passport_no": passport, "id_no": id_no, "nationality": v.nationality(p.nat),
           "date_of_birth": "" if etype == "APPREHENDED" and v.rng.random() < 0.3 else v.dob(p),
           "sex": v.sex(p), "document_type": doc, "vehicle_plate": fields.get("vehicle_plate", ""),
           "phone": v.phone(fields.get("phone", p.phone if v.rng.random() < 0.1 else "")),
           "group_ref": refs(fields.get("group_ref", ""), t.year), "case_ref": refs(fields.get("case_ref", ""), t.year),
           "role": fields.get("role", "")}
    return row, p


_by_time = itemgetter(0, 1)


def write_border_events(world: World, em: Emitter, progress=None) -> dict:
    specials = sorted(world.crossings, key=_by_time)
    world.crossings = []
    traffic = _Traffic(world, max(0, world.cfg.border_events - len(specials)))
    writer = em.writer("border_events", world.cfg.border_events)
    refs = _Refs()
    k = 0
    for i in range(traffic.days + 1):
        day = START + timedelta(days=i)
        todays = traffic.day_events(i) if i < traffic.days else []
        while k < len(specials) and specials[k][0].date() <= day:
            todays.append(specials[k])
            k += 1
        todays.sort(key=_by_time)
        for ev in todays:
            row, p = _row(em, ev, refs)
            writer.write(row, (p,))
        if progress and i % 100 == 0:
            progress("border_events", writer.rows)
    for ev in specials[k:]:  # nothing should be left after AS_OF, but never drop an event
        row, p = _row(em, ev, refs)
        writer.write(row, (p,))
    em.files["border_events"] = writer.close()
    return em.files["border_events"]
