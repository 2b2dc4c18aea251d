"""From a validated row to what the graph stores for it.

A row becomes one record node (the evidence, keyed ``<feed>:<key>``), the
person mentions it names (resolved to people later), and links to the
entities it mentions by their exact keys: enterprises, organisations,
addresses, phones, e-mails, vehicles, border points, cases, groups and
accommodation establishments. Which person a row names follows OUTPUTS.md: a
marriage names both spouses, a household declaration the guest and the host,
an individual sponsorship the foreigner and the sponsor.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from ingest.contract import Feed
from ingest.normalize.addresses import parse_address
from ingest.normalize.dates import VIETNAM_TZ
from ingest.normalize.errors import NormalizationError
from ingest.normalize.identifiers import classify_sponsor_code, enterprise_code
from ingest.normalize.names import company_name_key, person_name

__all__ = ["RowConflict", "shape_row", "row_hash", "reference"]

VIETNAM = "VNM"


class RowConflict(NormalizationError):
    """Values that are each valid but contradict each other."""

    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


# The columns a record node keeps as properties, for queries; the people's
# details live on their mentions and the whole row on ``source``. Kept with the
# six bookkeeping properties under 17: past that the embedded engine writes a
# node 2.5x slower (measured on BorderEvent: 5.8k against 14.6k rows/s).
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "foreigners": ("residence_doc_type", "residence_doc_no", "residence_symbol", "valid_from",
                   "valid_to", "passport_expiry", "sponsor_code", "sponsor_name"),
    "sponsorships": ("sponsor_type", "sponsor_code", "sponsor_name", "purpose_symbol",
                     "submitted_on", "stay_from", "stay_to"),
    "enterprises": ("enterprise_code", "status", "registered_on"),
    "enterprise_people": ("enterprise_code", "role", "id_type", "share_pct", "capital_vnd",
                          "since", "until"),
    "work_permits": ("permit_no", "kind", "status", "employer_code", "job_title", "position",
                     "valid_from", "valid_to", "revoked_on"),
    "residence_declarations": ("establishment_type", "establishment_code", "establishment_name",
                               "arrived_on", "left_on", "declared_at"),
    "border_events": ("event_type", "occurred_at", "border_point_code", "border_point_kind",
                      "document_type", "vehicle_plate", "phone", "group_ref", "case_ref", "role"),
    "marriages": ("registered_on",),
}


def reference(feed: Feed, values: dict[str, Any], record_number: int) -> str:
    key = values[feed.key] if feed.key else record_number
    return f"{feed.name}:{key}"


def row_hash(values: dict[str, Any]) -> str:
    """Fingerprint of a row's normalised content: equal rows are the same fact."""
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(canonical.encode(), digest_size=12).hexdigest()


def _local_timestamp(value: str | None) -> str | None:
    """Timestamps are stored at +07:00, so that text order is time order."""
    if value is None:
        return None
    return datetime.fromisoformat(value).astimezone(VIETNAM_TZ).isoformat()


def _mention(ref: str, feed: str, role: str, *, name: str | None, nationality: str | None = None,
             date_of_birth: str | None = None, sex: str | None = None,
             passport_no: str | None = None, id_no: str | None = None,
             id_kind: str | None = None, phone: str | None = None,
             address_key: str | None = None, **extra: Any) -> dict[str, Any]:
    parsed = person_name(name)
    if id_no and not id_kind:
        id_kind = {12: "CCCD", 9: "CMND"}.get(len(id_no), "OTHER") if id_no.isdigit() else "OTHER"
    # At most 16 properties: past that the embedded engine writes a node
    # 2.5x slower (measured); folded and sorted name forms derive from tokens.
    mention = {
        "mention_id": f"{ref}#{role}",
        "ref": ref,
        "role": role,
        "full_name": parsed.display if parsed else None,
        "name_tokens": list(parsed.tokens) if parsed else [],
        "nationality": nationality,
        "date_of_birth": date_of_birth,
        "sex": sex,
        "passport_no": passport_no,
        "passport_key": f"{nationality or '?'}:{passport_no}" if passport_no else None,
        "id_no": id_no,
        "id_kind": id_kind,
        "phone": phone,
        "address_key": address_key,
        **extra,
    }
    return {k: v for k, v in mention.items() if v is not None}


def _address(raw: str | None, role: str) -> dict[str, Any] | None:
    parsed = parse_address(raw)
    if parsed is None:
        return None
    props = {
        "address_key": parsed.key, "display": parsed.display, "house_no": parsed.house_no,
        "street": parsed.street, "village": parsed.village, "commune": parsed.commune,
        "district": parsed.district, "province": parsed.province,
    }
    return {"key": parsed.key, "role": role, "props": {k: v for k, v in props.items() if v}}


def _enterprise(code: str, role: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    parsed = enterprise_code(code)
    return {"code": parsed.code, "parent": parsed.parent if parsed.branch else None,
            "role": role, "as_given": code, **(extra or {})}


def _sponsor_links(graph: dict[str, Any], code: str | None, name: str | None,
                   declared_type: str | None) -> None:
    if not code:
        return
    sponsor = classify_sponsor_code(code)
    if declared_type and declared_type != sponsor.kind:
        raise RowConflict(
            f"sponsor_code {code} is an {sponsor.kind.lower()} code but sponsor_type says "
            f"{declared_type}", "sponsor_code")
    if sponsor.kind == "ENTERPRISE":
        graph["enterprises"].append(_enterprise(sponsor.code, "sponsor", {"name": name}))
    elif sponsor.kind == "ORGANIZATION":
        graph["organisations"].append({"code": sponsor.code, "role": "sponsor", "name": name})


def shape_row(feed: Feed, values: dict[str, Any], record_number: int, file: str,
              source: dict[str, Any]) -> dict[str, Any]:
    """The graph row for one validated source row (see module docstring)."""
    ref = reference(feed, values, record_number)
    props = {k: values[k] for k in RECORD_FIELDS[feed.name] if values.get(k) is not None}
    for column in feed.columns:
        if column.kind == "timestamp" and column.name in props:
            props[column.name] = _local_timestamp(props[column.name])
    props.update(ref=ref, feed=feed.name, row_hash=row_hash(values), file=file,
                 row=record_number, source=json.dumps(source, ensure_ascii=False, default=str))
    graph: dict[str, Any] = {
        "ref": ref, "props": props, "mentions": [], "addresses": [], "phones": [],
        "emails": [], "enterprises": [], "organisations": [], "registration": [],
        "vehicles": [], "points": [], "cases": [], "groups": [], "establishments": [],
    }
    _SHAPERS[feed.name](graph, values, ref)
    for column in feed.columns:
        if column.kind == "address" and values.get(column.name):
            address = _address(values[column.name], column.name)
            if address and column.name != "establishment_address":
                graph["addresses"].append(address)
        if column.kind == "phone" and values.get(column.name):
            graph["phones"].append({"e164": values[column.name], "role": column.name})
    return graph


def _address_key(raw: str | None) -> str | None:
    parsed = parse_address(raw)
    return parsed.key if parsed else None


def _foreigners(graph: dict, v: dict, ref: str) -> None:
    graph["mentions"].append(_mention(
        ref, "foreigners", "subject", name=v["full_name"], nationality=v["nationality"],
        date_of_birth=v["date_of_birth"], sex=v["sex"], passport_no=v["passport_no"],
        phone=v["phone"], address_key=_address_key(v["address"])))
    _sponsor_links(graph, v["sponsor_code"], v["sponsor_name"], None)


def _sponsorships(graph: dict, v: dict, ref: str) -> None:
    graph["mentions"].append(_mention(
        ref, "sponsorships", "subject", name=v["full_name"], nationality=v["nationality"],
        date_of_birth=v["date_of_birth"], passport_no=v["passport_no"]))
    if v["sponsor_type"] == "INDIVIDUAL":
        sponsor = classify_sponsor_code(v["sponsor_code"])
        if sponsor.kind != "INDIVIDUAL":
            raise RowConflict(
                f"sponsor_code {v['sponsor_code']} is not a citizen ID but sponsor_type "
                "says INDIVIDUAL", "sponsor_code")
        graph["mentions"].append(_mention(
            ref, "sponsorships", "sponsor", name=v["sponsor_name"], nationality=VIETNAM,
            id_no=sponsor.code))
    else:
        _sponsor_links(graph, v["sponsor_code"], v["sponsor_name"], v["sponsor_type"])


def _enterprises(graph: dict, v: dict, ref: str) -> None:
    link = _enterprise(v["enterprise_code"], "registers")
    details = {
        "name": v["name"], "name_key": company_name_key(v["name"]),
        "foreign_name": v["foreign_name"], "status": v["status"],
        "registered_on": v["registered_on"], "industry_codes": v["industry_codes"],
        "charter_capital_vnd": v["charter_capital_vnd"],
        "foreign_capital_pct": v["foreign_capital_pct"], "phone": v["phone"],
        "email": v["email"], "address_key": _address_key(v["address"]),
        "registration_ref": ref,
    }
    link["details"] = {k: x for k, x in details.items() if x is not None}
    graph["registration"].append(link)
    if v["email"]:
        graph["emails"].append({"address": v["email"], "role": "email"})


def _enterprise_people(graph: dict, v: dict, ref: str) -> None:
    id_type, id_no = v["id_type"], v["id_no"]
    passport = id_no if id_type == "PASSPORT" else None
    citizen = id_no if id_type != "PASSPORT" else None
    graph["mentions"].append(_mention(
        ref, "enterprise_people", "subject", name=v["full_name"],
        nationality=v["nationality"] or (VIETNAM if id_type in ("CCCD", "CMND") else None),
        date_of_birth=v["date_of_birth"], passport_no=passport, id_no=citizen,
        id_kind=id_type if citizen else None, phone=v["phone"],
        address_key=_address_key(v["address"]), enterprise_role=v["role"]))
    graph["enterprises"].append(_enterprise(v["enterprise_code"], v["role"].lower()))


def _work_permits(graph: dict, v: dict, ref: str) -> None:
    graph["mentions"].append(_mention(
        ref, "work_permits", "subject", name=v["full_name"], nationality=v["nationality"],
        date_of_birth=v["date_of_birth"], passport_no=v["passport_no"]))
    graph["enterprises"].append(_enterprise(v["employer_code"], "employer"))


def _residence_declarations(graph: dict, v: dict, ref: str) -> None:
    graph["mentions"].append(_mention(
        ref, "residence_declarations", "guest", name=v["full_name"],
        nationality=v["nationality"], date_of_birth=v["date_of_birth"],
        passport_no=v["passport_no"]))
    address = _address(v["establishment_address"], "establishment")
    code, kind = v["establishment_code"], v["establishment_type"]
    sponsor = classify_sponsor_code(code) if code else None
    key = (f"code:{sponsor.code}" if sponsor
           else f"name:{company_name_key(v['establishment_name'])}@{address['key']}")
    establishment = {
        "key": key, "address_key": address["key"], "address": address["props"],
        "props": {k: x for k, x in {
            "establishment_key": key, "name": v["establishment_name"], "kind": kind,
            "code": sponsor.code if sponsor else None, "host_name": v["host_name"],
            "host_phone": v["host_phone"]}.items() if x is not None},
        "enterprise": sponsor.code if sponsor and sponsor.kind == "ENTERPRISE" else None,
    }
    graph["establishments"].append(establishment)
    if kind == "HOUSEHOLD":
        host_id = sponsor.code if sponsor and sponsor.kind == "INDIVIDUAL" else None
        graph["mentions"].append(_mention(
            ref, "residence_declarations", "host", name=v["host_name"], nationality=VIETNAM,
            id_no=host_id, phone=v["host_phone"], address_key=address["key"]))


def _border_events(graph: dict, v: dict, ref: str) -> None:
    graph["mentions"].append(_mention(
        ref, "border_events", "subject", name=v["full_name"], nationality=v["nationality"],
        date_of_birth=v["date_of_birth"], sex=v["sex"], passport_no=v["passport_no"],
        id_no=v["id_no"], phone=v["phone"], event_role=v["role"] or "TRAVELLER"))
    graph["points"].append({"code": v["border_point_code"], "props": {k: x for k, x in {
        "code": v["border_point_code"], "name": v["border_point_name"],
        "kind": v["border_point_kind"]}.items() if x is not None}})
    if v["vehicle_plate"]:
        graph["vehicles"].append({"plate": v["vehicle_plate"]})
    if v["case_ref"]:
        graph["cases"].append({"case_ref": v["case_ref"]})
    if v["group_ref"]:
        graph["groups"].append({"group_ref": v["group_ref"]})


def _marriages(graph: dict, v: dict, ref: str) -> None:
    graph["mentions"].append(_mention(
        ref, "marriages", "citizen", name=v["vn_full_name"], nationality=VIETNAM,
        date_of_birth=v["vn_date_of_birth"], id_no=v["vn_id_no"],
        address_key=_address_key(v["vn_address"])))
    graph["mentions"].append(_mention(
        ref, "marriages", "foreigner", name=v["foreign_full_name"],
        nationality=v["foreign_nationality"], date_of_birth=v["foreign_date_of_birth"],
        passport_no=v["foreign_passport_no"]))


_SHAPERS = {
    "foreigners": _foreigners,
    "sponsorships": _sponsorships,
    "enterprises": _enterprises,
    "enterprise_people": _enterprise_people,
    "work_permits": _work_permits,
    "residence_declarations": _residence_declarations,
    "border_events": _border_events,
    "marriages": _marriages,
}
