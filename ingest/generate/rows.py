"""One function per buffered feed: turns a fact about a true person into a source row.

Each builder renders names, passports, dates and nationality in the voice of
the agency that owns the feed, and tells the emitter which persons the row
names (OUTPUTS.md): a household declaration names the guest and the host, an
individual sponsorship the foreigner and the sponsor, a marriage both spouses.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .emit import Emitter
from .model import Enterprise, Person
from .pick import between

__all__ = ["Place", "foreigner_record", "sponsorship", "permit", "declaration", "marriage",
           "enterprise_rows"]


class Place:
    """An accommodation establishment as declarations name it."""

    __slots__ = ("name", "type", "code", "address", "host_name", "host_phone", "host")

    def __init__(self, name: str, type_: str, code: str, address: str, host_name: str = "",
                 host_phone: str = "", host: Person | None = None):
        self.name, self.type, self.code, self.address = name, type_, code, address
        self.host_name, self.host_phone, self.host = host_name, host_phone, host

    @classmethod
    def household(cls, host: Person) -> "Place":
        return cls(f"Hộ gia đình {host.full_name}", "HOUSEHOLD", host.cccd, host.address, host.full_name,
                   host.phone, host)

    @classmethod
    def dormitory(cls, e: Enterprise, code: str | None = None) -> "Place":
        return cls(e.dorm_name, "ENTERPRISE_DORMITORY", code or e.code, e.work_address, "", e.phone)


def foreigner_record(em: Emitter, p: Person, *, doc_type: str, symbol: str, valid_from: date,
                     valid_to: date | None, sponsor_code: str = "", sponsor_name: str = "",
                     address: str = "", phone: str | None = None) -> None:
    v = em.voice("foreigners")
    passport = p.passport_at(valid_from)
    if symbol and v.rng.random() < 0.1:  # some officers type without diacritics
        symbol = symbol.replace("Đ", "D")
    row = {"full_name": v.name(p), "sex": v.sex(p), "date_of_birth": v.dob(p), "nationality": v.nationality(p.nat),
           "passport_no": v.passport(passport), "passport_expiry": v.day(p.passport_expiry(passport)),
           "residence_doc_type": doc_type, "residence_doc_no": em.world.ids.doc_no(doc_type),
           "residence_symbol": symbol, "valid_from": v.day(valid_from), "valid_to": v.day(valid_to),
           "sponsor_code": sponsor_code, "sponsor_name": sponsor_name,
           "address": address if v.rng.random() > 0.002 else address.replace(", ", "\n", 1),
           "phone": v.phone(p.phone if phone is None else phone)}
    p.note(passport)
    em.add("foreigners", valid_from.toordinal(), row, (p,))


def sponsorship(em: Emitter, p: Person, *, sponsor_type: str, sponsor_code: str, sponsor_name: str,
                symbol: str, stay_from: date, stay_to: date, sponsor: Person | None = None) -> None:
    v = em.voice("sponsorships")
    submitted = stay_from - timedelta(days=v.rng.randint(7, 40))
    row = {"sponsor_type": sponsor_type, "sponsor_code": sponsor_code, "sponsor_name": sponsor_name,
           "full_name": v.name(p), "passport_no": v.passport(p.passport_at(submitted)),
           "nationality": v.nationality(p.nat), "date_of_birth": v.dob(p), "purpose_symbol": symbol,
           "submitted_on": v.day(submitted), "stay_from": v.day(stay_from), "stay_to": v.day(stay_to)}
    p.note(p.passport_at(submitted))
    if sponsor:
        sponsor.note(sponsor_code)
    em.add("sponsorships", submitted.toordinal(), row, (p, sponsor) if sponsor else (p,))


def permit(em: Emitter, p: Person, *, employer_code: str, position: str, job_title: str, work_address: str,
           valid_from: date, valid_to: date, kind: str = "PERMIT", status: str | None = None,
           revoked_on: date | None = None, as_of: date) -> None:
    v = em.voice("work_permits")
    if status is None:
        status = "VALID" if valid_to >= as_of else ("EXPIRED" if v.rng.random() < 0.7 else "VALID")
    row = {"kind": kind if kind == "EXEMPTION" or v.rng.random() < 0.9 else "", "status": status,
           "full_name": v.name(p), "passport_no": v.passport(p.passport_at(valid_from)),
           "nationality": v.nationality(p.nat), "date_of_birth": v.dob(p), "employer_code": employer_code,
           "job_title": job_title, "position": position, "work_address": work_address,
           "valid_from": v.day(valid_from), "valid_to": v.day(valid_to), "revoked_on": v.day(revoked_on)}
    p.note(p.passport_at(valid_from))
    em.add("work_permits", valid_from.toordinal(), row, (p,))


def declaration(em: Emitter, p: Person, place: Place, arrived: date, left: date | None) -> None:
    v = em.voice("residence_declarations")
    rng = v.rng
    late = timedelta(minutes=between(rng, 30, 660) if place.type != "HOUSEHOLD" else between(rng, 120, 3600))
    declared = datetime(arrived.year, arrived.month, arrived.day, between(rng, 6, 22), between(rng, 0, 59)) + late
    row = {"establishment_name": place.name, "establishment_type": place.type, "establishment_code": place.code,
           "establishment_address": place.address, "host_name": place.host_name,
           "host_phone": v.phone(place.host_phone), "full_name": v.name(p),
           "passport_no": v.passport(p.passport_at(arrived)), "nationality": v.nationality(p.nat),
           "date_of_birth": v.dob(p), "arrived_on": v.day(arrived), "left_on": v.day(left),
           "declared_at": v.stamp(declared)}
    persons = (p, place.host) if place.type == "HOUSEHOLD" and place.host else (p,)
    p.note(p.passport_at(arrived))
    if len(persons) == 2:
        place.host.note(place.code)
    em.add("residence_declarations", arrived.toordinal(), row, persons)


def marriage(em: Emitter, vn: Person, fp: Person, registered: date) -> None:
    v = em.voice("marriages")
    vn_id = vn.cmnd if vn.cmnd and (registered.year < 2021 or v.rng.random() < 0.3) else vn.cccd
    row = {"registered_on": v.day(registered), "vn_full_name": v.name(vn), "vn_id_no": vn_id,
           "vn_date_of_birth": v.dob(vn), "vn_address": vn.address if v.rng.random() < 0.7 else vn.address_old,
           "foreign_full_name": v.name(fp), "foreign_passport_no": v.passport(fp.passport_at(registered)),
           "foreign_nationality": v.nationality(fp.nat), "foreign_date_of_birth": v.dob(fp)}
    vn.note(vn_id)
    fp.note(fp.passport_at(registered))
    em.add("marriages", registered.toordinal(), row, (vn, fp))


def enterprise_rows(em: Emitter, e: Enterprise, order: int) -> None:
    """The registry row of ``e`` and one enterprise_people row per role held."""
    rng = em.voices["enterprises"].rng
    if rng.random() < 0.8:
        registered: object = e.registered_on  # a real date cell
    else:
        registered = f"{e.registered_on.day:02d}/{e.registered_on.month:02d}/{e.registered_on.year}"
    for code, name, address in [(e.code, e.name, e.address), *e.branches]:
        parent = code == e.code  # a branch row carries no capital of its own
        row = {"enterprise_code": code, "name": name, "foreign_name": e.foreign_name if parent else "",
               "address": address, "registered_on": registered, "status": e.status,
               "industry_codes": ";".join(e.industries), "charter_capital_vnd": e.capital if parent else None,
               "foreign_capital_pct": e.foreign_pct if parent else None,
               "phone": e.phone if parent else e.landline, "email": e.email if parent else ""}
        em.add("enterprises", code, row, ())
    for role, p, share, capital, since, until in e.people:
        v = em.voice("enterprise_people")
        if p.kind == "vietnamese":
            use_cmnd = p.cmnd and (since.year < 2021 or v.rng.random() < 0.2)
            id_type, id_no = ("CMND", p.cmnd) if use_cmnd else ("CCCD", p.cccd)
            address = p.address if v.rng.random() < 0.6 else p.address_old
            p.note(id_no)
        else:
            id_type, id_no, address = "PASSPORT", v.passport(p.passport_at(since)), p.address
            p.note(p.passport_at(since))
        row = {"enterprise_code": e.code, "role": role, "full_name": v.name(p), "id_type": id_type,
               "id_no": id_no, "nationality": v.nationality(p.nat), "date_of_birth": v.dob(p),
               "share_pct": "" if share is None else f"{share:g}", "capital_vnd": "" if capital is None else str(capital),
               "address": address, "phone": v.phone(p.phone), "since": v.day(since), "until": v.day(until)}
        em.add("enterprise_people", order, row, (p,))
