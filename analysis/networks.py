"""Illegal entry and exit networks (Penal Code 2015 art. 347-349).

Reads the apprehensions up to ``as_of`` and the household declarations of
the people caught (:mod:`analysis.networks_cypher`), builds the case graph
and finds the networks with the pure functions of
:mod:`analysis.network_algorithms`: cases tied together by a recurring
organiser, guide, driver, host, vehicle or phone, or a single case in which
a facilitator moved five or more people. That structural rule decides what
is emitted; the signals of :data:`WEIGHTS` (noisy-OR) say how strong each
network's evidence is, so reviewers can take the strongest first. Legal
crossings (tour groups and their licensed leaders at the gates) are never
read, and one-off apprehensions with no recurring link are not networks.

Every member is listed: a facilitator (with the role the border guards
recorded, or HOST for a household that declared members) or a traveller.
The network id is a hash of its earliest-numbered case, so re-running on
the same data gives the same ids.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import networkx as nx

from analysis import networks_cypher as q
from analysis.model import FlagCandidate, FlagPerson, Signal
from analysis.network_algorithms import FACILITATOR_ROLES, Network, build_graph, find_networks
from graph.store import GraphStore

__all__ = ["detect", "WEIGHTS", "KIND", "RULE_VERSION", "MIN_TRAVELLERS"]

KIND = "illegal_entry_network"
RULE_VERSION = "networks-2026.1"
MIN_TRAVELLERS = 5   # a single case is a network from this many people (art. 348 band)

_348 = "Penal Code 2015 art. 348 (organising or brokering illegal entry, exit or stay)"


class Weight(NamedTuple):
    weight: float
    rule: str
    text: str


#: One row per signal: weight in the noisy-OR, the rule it reflects, and why.
WEIGHTS: dict[str, Weight] = {
    "RECURRING_FACILITATOR": Weight(0.5, _348, "The same organiser, guide, driver or host is "
                                    "found in two or more cases: someone who does it again."),
    "RECURRING_VEHICLE": Weight(0.4, _348, "The same vehicle carried people caught in two or "
                                "more cases; driver networks make dozens of trips."),
    "RECURRING_PHONE": Weight(0.35, _348, "The same phone number is found in two or more "
                              "cases: the recruiter's or organiser's line."),
    "LED_GROUP": Weight(0.3, _348, "A guide, driver or organiser was caught moving five or "
                        "more people in one case."),
    "SAFE_HOUSE": Weight(0.3, _348, "A household put up people who were caught, or its head "
                         "was caught hosting them: a safe house."),
    "ORGANISER": Weight(0.25, _348, "Someone was caught as the organiser."),
    "TRAVELLERS_11_PLUS": Weight(0.25, _348 + ", heaviest band from 11 people",
                                 "Eleven or more people were moved."),
    "TRAVELLERS_5_10": Weight(0.15, _348 + ", heavier band from 5 people",
                              "Five to ten people were moved."),
    "CITIZENS_MOVED": Weight(0.1, "Penal Code 2015 art. 349 (organising others to flee or "
                             "stay abroad illegally)", "Vietnamese citizens are among the "
                             "travellers, as when workers are taken abroad."),
    "REPEAT_CROSSER": Weight(0.1, "Penal Code 2015 art. 347 (illegal entry, exit or stay; a "
                             "crime after an earlier sanction)", "A traveller was caught in "
                             "two or more of the cases."),
}

_KINDS = ["TRAIL", "INLAND"]
_BATCH = 1000
_ROLE_WORD = {role: role.capitalize() for role in FACILITATOR_ROLES}


def detect(store: GraphStore, *, as_of: dt.date) -> list[FlagCandidate]:
    """Illegal-entry network flags as of ``as_of``, highest score first."""
    day = as_of.isoformat()
    events: dict[str, dict] = {}
    for query in (q.APPREHENSIONS_IN_CASES, q.APPREHENSIONS_AT_POINTS):
        for row in store.read(query, as_of=day, kinds=_KINDS):
            events.setdefault(row["ref"], row)
    rows = [events[r] for r in sorted(events)]
    ids = sorted({r["person_id"] for r in rows if not r["person_id"].startswith("mention:")})
    stays = _batched(store, q.HOUSEHOLD_STAYS, ids, as_of=day)
    g = build_graph(rows, stays)
    networks = find_networks(g, min_travellers=MIN_TRAVELLERS)
    named = sorted({m.split(":", 1)[1] for n in networks for m in n.members})
    people = {p["person_id"]: p for p in _batched(store, q.PERSONS, named)}
    flags = [_flag(g, n, people) for n in networks]
    return sorted(flags, key=lambda f: (-f.score, f.subject["network_id"]))


def _batched(store: GraphStore, query: str, ids: list[str], **params) -> list[dict]:
    out: list[dict] = []
    for start in range(0, len(ids), _BATCH):
        out += store.read(query, ids=ids[start:start + _BATCH], **params)  # type: ignore[arg-type]
    return out


def _refs(g: nx.Graph, node: str, net: Network) -> set[str]:
    """The rows that put ``node`` in the network: its events in the network's cases, and the
    declarations of the members it put up."""
    refs = set()
    for n in g[node]:
        edge = g.edges[node, n]
        if n in net.cases or (edge.get("host") == node and n in net.members):
            refs |= edge["refs"]
    return refs


def _name(node: str, people: dict[str, dict]) -> str:
    key = node.split(":", 1)[1]
    p = people.get(key)
    if not p:
        return key
    ident = (p.get("id_nos") or p.get("passport_nos") or [None])[0]
    return f"{p['full_name']} ({ident})" if ident else p["full_name"] or key


def _signals(g: nx.Graph, net: Network, people: dict[str, dict]) -> list[Signal]:
    cases = set(net.cases)
    found: dict[str, list[tuple[str, set[str]]]] = {}

    def add(code: str, text: str, refs: set[str]) -> None:
        found.setdefault(code, []).append((text, refs))

    for r in net.facilitators:
        if r.cases >= 2:
            add("RECURRING_FACILITATOR", f"{_ROLE_WORD[r.role]} {_name(r.person, people)} appears "
                f"in {r.cases} cases", _refs(g, r.person, net))
        if r.role == "HOST":
            add("SAFE_HOUSE", f"Household of {_name(r.person, people)} hosted network members",
                _refs(g, r.person, net))
        if r.role == "ORGANISER":
            add("ORGANISER", f"{_name(r.person, people)} was caught as the organiser",
                _refs(g, r.person, net))
    for node, linked in sorted(net.links.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        kind, key = node.split(":", 1)
        if kind == "vehicle":
            add("RECURRING_VEHICLE", f"Vehicle {key} appears in {len(linked)} cases",
                _refs(g, node, net))
        elif kind == "phone":
            add("RECURRING_PHONE", f"Phone {key} was found in {len(linked)} cases",
                _refs(g, node, net))
    helpers = {r.person for r in net.facilitators}
    travellers = [m for m in net.members if m not in helpers]
    case_refs = {ref for c in cases for ref in g.nodes[c]["refs"]}
    for case in net.cases:  # a facilitator caught moving five or more people at once
        here = sorted(n for n in g[case] if g.nodes[n]["kind"] == "person")
        led = [n for n in here if n in helpers and g.edges[n, case]["roles"] & set(_ROLE_WORD)]
        if led and len(here) - len(led) >= MIN_TRAVELLERS:
            add("LED_GROUP", f"{len(here) - len(led)} people moved together by "
                f"{_name(led[0], people)} in case {case.split(':', 1)[1]}", g.nodes[case]["refs"])
    if len(travellers) >= 11:
        add("TRAVELLERS_11_PLUS", f"{len(travellers)} travellers in {len(cases)} cases", case_refs)
    elif len(travellers) >= MIN_TRAVELLERS:
        add("TRAVELLERS_5_10", f"{len(travellers)} travellers in {len(cases)} cases", case_refs)
    citizens = [t for t in travellers
                if (people.get(t.split(":", 1)[1]) or {}).get("nationality") == "VNM"]
    if citizens:
        add("CITIZENS_MOVED", f"{len(citizens)} Vietnamese citizens among the travellers",
            set().union(*(_refs(g, t, net) for t in citizens)))
    for t in travellers:
        times = sum(1 for n in g[t] if n in cases)
        if times >= 2:
            add("REPEAT_CROSSER", f"{_name(t, people)} was caught in {times} of the cases",
                _refs(g, t, net))
    signals = []
    for code in (c for c in WEIGHTS if c in found):
        items = found[code]
        text = "; ".join(t for t, _ in items[:3])
        text += f"; and {len(items) - 3} more" if len(items) > 3 else ""
        refs = tuple(sorted(set().union(*(r for _, r in items))))
        signals.append(Signal(code, WEIGHTS[code].weight, text, WEIGHTS[code].rule, refs))
    return signals


def _flag(g: nx.Graph, net: Network, people: dict[str, dict]) -> FlagCandidate:
    helpers = {r.person: r.role for r in net.facilitators}
    persons = []
    for node in net.members:
        key = node.split(":", 1)[1]
        p = people.get(key) or {}
        role = helpers.get(node)
        persons.append(FlagPerson(
            key, "facilitator" if role else "traveller", tuple(p.get("passport_nos") or ()),
            tuple(p.get("id_nos") or ()), tuple(sorted(_refs(g, node, net))), role))
    rank = {r.person.split(":", 1)[1]: i for i, r in enumerate(net.facilitators)}
    persons.sort(key=lambda p: (rank.get(p.person_id, len(rank)), p.person_id))  # brokers first
    evidence = [f"ApprehensionCase:{c.split(':', 1)[1]}" for c in net.cases if
                not c.startswith(("case:group:", "case:event:"))]
    evidence += [f"{'Vehicle' if n.startswith('vehicle:') else 'Phone'}:{n.split(':', 1)[1]}"
                 for n in net.links if not n.startswith("person:")]
    evidence += [f"Person:{p.person_id}" for p in persons if not p.person_id.startswith("mention:")]
    signals = _signals(g, net, people)
    return FlagCandidate(KIND, {"network_id": net.network_id}, signals, persons, [],
                         [s.code for s in signals], sorted(evidence), RULE_VERSION)

