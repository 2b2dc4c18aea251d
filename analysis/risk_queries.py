"""Named, parameterised risk queries for analysts: each row with its evidence.

``list_queries()`` describes every query and its parameters (the API and the
CLI show it); ``run_query(store, name, params)`` checks and converts the
parameters (strings from a command line are fine), runs the query and
returns rows that each carry ``evidence``: the source references
(``<feed>:<key>``) behind the row. Every query answers as of a date
(``as_of``, default today) and caps its rows (``limit``).

The Cypher is in :mod:`analysis.risk_cypher`; Python converts rows and, for
``stays_without_entry``, compares each stay with the crossings before it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from analysis import risk_cypher as cypher
from analysis.flags_store import HCM
from graph.errors import LienketError
from graph.schema import is_node_label, node_type
from graph.store import GraphStore
from ingest.contract import FEEDS

__all__ = ["Param", "RiskQuery", "QueryResult", "QUERIES", "list_queries", "run_query", "BadQuery"]

_LABEL_OF_FEED = {f.name: f.record_label for f in FEEDS}


class BadQuery(LienketError):
    """An unknown query, or a parameter it cannot take."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # date, int, bool, str
    default: Any
    doc: str
    required: bool = False


@dataclass(frozen=True)
class RiskQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    run: Callable[[GraphStore, dict[str, Any]], list[dict[str, Any]]]


@dataclass
class QueryResult:
    name: str
    params: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        params = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.params.items()}
        return {"query": self.name, "params": params, "count": len(self.rows),
                "seconds": self.seconds, "rows": self.rows}


AS_OF = Param("as_of", "date", None, "answer as of this date, YYYY-MM-DD (default: today)")
LIMIT = Param("limit", "int", 100, "at most this many rows (1-1000)")


def _end(p: dict[str, Any]) -> str:
    return p["as_of"].isoformat() + "T99"  # after every time of that day


# ------------------------------------------------------------------ runners
def _permits_expiring(store: GraphStore, p: dict[str, Any]) -> list[dict[str, Any]]:
    until = p["as_of"] + dt.timedelta(days=p["days"])
    rows = store.read(cypher.PERMITS_EXPIRING, as_of=p["as_of"].isoformat(),
                      until=until.isoformat(), limit=p["limit"])
    for row in rows:
        row["days_left"] = (dt.date.fromisoformat(row["valid_to"]) - p["as_of"]).days
        row["renewed"] = bool(row["later"])
        row["evidence"] = [row.pop("ref")] + row.pop("later")
    return rows


def _expired_but_declared(store: GraphStore, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.read(cypher.EXPIRED_BUT_DECLARED, as_of=p["as_of"].isoformat(),
                      grace_days=p["grace_days"], limit=p["limit"])
    for row in rows:
        row["evidence"] = [row["document_ref"], row["stay_ref"]]
    return rows


def _sponsors_without_permits(store: GraphStore, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.read(cypher.SPONSORS_WITHOUT_PERMITS, as_of=p["as_of"].isoformat(),
                      work_only=p["work_only"], min_foreigners=p["min_foreigners"],
                      limit=p["limit"])
    for row in rows:
        row["persons"] = [{"person_id": pid, "full_name": name} for pid, name in row["persons"]]
        row["evidence"] = sorted(set(row["evidence"]))
    return rows


def _trail_crossers(store: GraphStore, p: dict[str, Any]) -> list[dict[str, Any]]:
    since = p["since"].isoformat() if p["since"] else None
    return store.read(cypher.TRAIL_CROSSERS, kinds=["TRAIL", "INLAND"], since=since,
                      as_of_end=_end(p), limit=p["limit"])


def _shared_links(store: GraphStore, p: dict[str, Any]) -> list[dict[str, Any]]:
    if not store.read(cypher.PERSON_EXISTS, person_id=p["person_id"]):
        raise BadQuery(f"No person has the id {p['person_id']}; "
                       "`lienket export persons` lists them.")
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for query in (cypher.SHARED_PHONES, cypher.SHARED_VEHICLES, cypher.SHARED_ADDRESSES):
        for row in store.read(query, person_id=p["person_id"], limit=p["limit"]):
            item = merged.setdefault((row["label"], row["key"]), {
                "label": row["label"], "key": row["key"], "name": row["name"], "shares": [],
                "evidence": []})
            item["shares"].append({"via": row["via"], "value": row["value"]})
            item["evidence"] = sorted(set(item["evidence"]) | set(row["mine"])
                                      | set(row["theirs"]))
    rows = sorted(merged.values(), key=lambda r: (-len(r["shares"]), r["label"], r["key"]))
    return rows[:p["limit"]]


def _node(text: str) -> tuple[str, str]:
    """(label, key) for ``Label:key``, a source reference, or a recognisable bare key."""
    head, _, rest = text.partition(":")
    if rest and is_node_label(head):
        return head, rest
    if rest and head in _LABEL_OF_FEED:
        return _LABEL_OF_FEED[head], text
    if text.startswith("p_"):
        return "Person", text
    if text[:10].isdigit() and len(text) in (10, 14):
        return "Enterprise", text
    if text.startswith("+") and text[1:].isdigit():
        return "Phone", text
    raise BadQuery(f"Cannot tell what '{text}' is; write it as Label:key, e.g. "
                   "Person:p_1a2b…, Enterprise:4900123456, Vehicle:12A-345.67 or a source "
                   "reference such as work_permits:GP-2025-0012.")


def _shortest_connections(store: GraphStore, p: dict[str, Any]) -> list[dict[str, Any]]:
    (la, ka), (lb, kb) = _node(p["from"]), _node(p["to"])
    if not 1 <= p["max_length"] <= cypher.MAX_PATH_LENGTH:
        raise BadQuery(f"max_length must be 1 to {cypher.MAX_PATH_LENGTH}.")
    rows = store.read(cypher.shortest_paths(la, lb, p["max_length"]),  # type: ignore[arg-type]
                      from_key=ka, to_key=kb, limit=p["limit"])
    out = []
    for row in rows:
        nodes, evidence = [], []
        for label, props in row["nodes"]:
            spec = node_type(label)
            nodes.append({"label": label, "key": props.get(spec.key),
                          "title": props.get(spec.title) if spec.title else None})
            if spec.is_record or label == "Mention":  # a mention names its row
                evidence.append(props["ref"])
        rels = [{"type": t, "role": role} for t, role in row["rels"]]
        out.append({"length": len(rels), "nodes": nodes, "relationships": rels,
                    "evidence": list(dict.fromkeys(evidence))})
    return out


def _stays_without_entry(store: GraphStore, p: dict[str, Any]) -> list[dict[str, Any]]:
    """Stays after the last crossing was an exit, or with no entry on record before them."""
    since = p["since"].isoformat() if p["since"] else ""
    out = []
    for person in store.read(cypher.STAYS_AND_CROSSINGS, as_of=p["as_of"].isoformat(),
                             as_of_end=_end(p)):
        crossings = sorted((at, kind, ref) for ref, kind, at in person["crossings"])
        for ref, arrived, left, place in sorted(person["stays"], key=lambda s: s[1]):
            if arrived < since or any(c[0][:10] == arrived and c[1] == "ENTRY" for c in crossings):
                continue  # an entry that day: inside, whatever the hour
            before = [c for c in crossings if c[0][:10] < arrived]
            if before:
                if before[-1][1] != "EXIT":
                    continue
                status, evidence = "after_exit", [ref, before[-1][2]]
            elif crossings and crossings[0][1] == "ENTRY":
                status, evidence = "before_first_entry", [ref, crossings[0][2]]
            elif not any(c[1] == "ENTRY" for c in crossings) and p["include_no_entry"]:
                status, evidence = "no_entry_record", [ref]
            else:
                continue
            out.append({"person_id": person["person_id"], "full_name": person["full_name"],
                        "nationality": person["nationality"],
                        "passport_nos": person["passport_nos"], "stay_ref": ref,
                        "place": place, "arrived_on": arrived, "left_on": left,
                        "status": status, "evidence": evidence})
    rank = {"after_exit": 0, "before_first_entry": 1, "no_entry_record": 2}
    out.sort(key=lambda r: (rank[r["status"]], r["arrived_on"], r["stay_ref"]))
    return out[:p["limit"]]


QUERIES: dict[str, RiskQuery] = {q.name: q for q in (
    RiskQuery("permits_expiring", "Work permits expiring soon",
              "Permits and exemptions whose valid_to falls within `days` of as_of, with "
              "whether a later permit has already been issued.",
              (AS_OF, Param("days", "int", 30, "window after as_of, in days"), LIMIT),
              _permits_expiring),
    RiskQuery("expired_but_declared", "Declared after the residence document ran out",
              "People still declared in a stay after the last of their visas, cards or "
              "exemptions expired: overstays.",
              (AS_OF, Param("grace_days", "int", 0, "ignore overstays of at most this many "
                            "nights"), LIMIT), _expired_but_declared),
    RiskQuery("sponsors_without_permits", "Sponsors whose foreigners hold no permit",
              "Enterprises that sponsored at least `min_foreigners` foreigners who hold no "
              "permit or exemption naming the enterprise or a branch.",
              (AS_OF, Param("min_foreigners", "int", 3, "at least this many without a permit"),
               Param("work_only", "bool", True, "count only work-purpose (LĐ) sponsorships"),
               LIMIT), _sponsors_without_permits),
    RiskQuery("trail_crossers", "People seen at trails or caught inland",
              "People with border events at unofficial trails (TRAIL) or inland (INLAND), "
              "most events first.",
              (AS_OF, Param("since", "date", None, "only events on or after this date"), LIMIT),
              _trail_crossers),
    RiskQuery("shared_links", "Who shares a phone, vehicle or address with a person",
              "Everyone (people and enterprises) sharing a phone, a vehicle or a personal "
              "address with the given person.",
              (Param("person_id", "str", None, "the person, e.g. p_1a2b3c4d5e6f7a8b",
                     required=True), LIMIT), _shared_links),
    RiskQuery("shortest_connections", "Shortest connections between two entities",
              "The shortest paths through the evidence between two entities given as "
              "Label:key (or a person id, an enterprise code, a phone, a source reference).",
              (Param("from", "str", None, "the first entity", required=True),
               Param("to", "str", None, "the second entity", required=True),
               Param("max_length", "int", 6, f"longest path, 1-{cypher.MAX_PATH_LENGTH} hops"),
               Param("limit", "int", 3, "at most this many paths")), _shortest_connections),
    RiskQuery("stays_without_entry", "Stays while officially outside the country",
              "Declared stays after the person's last crossing was an EXIT, before their first "
              "recorded ENTRY, or with no entry on record at all.",
              (AS_OF, Param("since", "date", None, "only stays arriving on or after this date"),
               Param("include_no_entry", "bool", True, "include people with no entry on record"),
               LIMIT), _stays_without_entry),
)}


def list_queries() -> list[dict[str, Any]]:
    """Every query: name, title, description and parameters (name, type, default, doc)."""
    return [{"name": q.name, "title": q.title, "description": q.description,
             "params": [{"name": p.name, "type": p.type, "required": p.required,
                         "default": p.default, "doc": p.doc} for p in q.params]}
            for q in QUERIES.values()]


def _convert(query: str, param: Param, value: Any) -> Any:
    text = str(value).strip()
    try:
        if param.type == "date":
            if isinstance(value, dt.date):
                return value
            if "/" in text:
                day, month, year = text.split("/")
                return dt.date(int(year), int(month), int(day))
            return dt.date.fromisoformat(text)
        if param.type == "int":
            return int(value)
        if param.type == "bool":
            if isinstance(value, bool):
                return value
            return {"true": True, "yes": True, "1": True, "false": False, "no": False,
                    "0": False}[text.lower()]
    except (ValueError, KeyError):
        raise BadQuery(f"{query}: '{value}' is not a valid {param.type} for {param.name} "
                       f"({param.doc}).") from None
    return text


def run_query(store: GraphStore, name: str, params: dict[str, Any] | None = None) -> QueryResult:
    """Run the named query with ``params`` (values may be strings)."""
    if name not in QUERIES:
        raise BadQuery(f"'{name}' is not a query; use one of {', '.join(QUERIES)}.")
    query, given = QUERIES[name], dict(params or {})
    known = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise BadQuery(f"{name} takes no parameter '{unknown[0]}'; it takes "
                       f"{', '.join(known)}.")
    values: dict[str, Any] = {}
    for param in query.params:
        if given.get(param.name) in (None, ""):
            if param.required:
                raise BadQuery(f"{name} needs {param.name}: {param.doc} "
                               f"(--param {param.name}=…).")
            values[param.name] = param.default
        else:
            values[param.name] = _convert(name, param, given[param.name])
    if "as_of" in values and values["as_of"] is None:
        values["as_of"] = dt.datetime.now(HCM).date()
    if "limit" in values and not 1 <= values["limit"] <= 1000:
        raise BadQuery(f"{name}: limit must be 1 to 1000.")
    clock = time.perf_counter()
    rows = query.run(store, values)
    return QueryResult(name, values, rows, round(time.perf_counter() - clock, 3))
