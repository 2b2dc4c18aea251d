"""Illegal-entry networks as pure functions on a small NetworkX graph (no database, no clock).

A *link* is a facilitator (organiser, guide, driver, host), vehicle or phone found in two or
more illegal cases: the thread that ties cases into one network. A traveller caught twice
ties nothing (one person crossing twice is no organisation); a household known only from its
declarations joins once it put up two members (one guest later caught makes no safe house).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from dataclasses import dataclass, field

import networkx as nx

from analysis.model import stable_id

__all__ = ["FACILITATOR_ROLES", "Ranked", "Network", "case_key", "is_illegal", "build_graph",
           "case_links", "case_graph", "rank_facilitators", "network_id", "find_networks"]

FACILITATOR_ROLES = ("ORGANISER", "GUIDE", "DRIVER", "HOST")
_ILLEGAL_POINTS = ("TRAIL", "INLAND")


def case_key(event: dict) -> str:
    """The case an event belongs to: its case number, else its group, else itself.

    >>> case_key({"ref": "E1", "case_ref": "VV-1"}), case_key({"ref": "E2"})
    ('case:VV-1', 'case:event:E2')
    """
    if event.get("case_ref"):
        return f"case:{event['case_ref']}"
    if event.get("group_ref"):
        return f"case:group:{event['group_ref']}"
    return f"case:event:{event['ref']}"


def is_illegal(event: dict) -> bool:
    """An apprehension on a trail, inland, or of someone with no travel document.

    >>> is_illegal({"event_type": "ENTRY"}), is_illegal({"document_type": "NONE"})
    (False, True)
    """
    return event.get("event_type", "APPREHENDED") == "APPREHENDED" and (
        event.get("point_kind") in _ILLEGAL_POINTS or event.get("document_type") == "NONE")


def _link(g: nx.Graph, a: str, b: str, ref: str, role: str | None = None, **attrs) -> None:
    if not g.has_edge(a, b):
        g.add_edge(a, b, refs=set(), roles=set(), **attrs)
    g.edges[a, b]["refs"].add(ref)
    g.edges[a, b]["roles"].update([role] if role else [])


def build_graph(events: Iterable[dict], stays: Iterable[dict] = ()) -> nx.Graph:
    """The graph of border events and household declarations, in O(events + stays).

    Parameters
    ----------
    events : iterable of dict
        ``ref``, ``person_id``, ``role``; optionally ``case_ref``, ``group_ref``,
        ``plate``, ``phone``, ``point_kind``, ``document_type``, ``event_type``.
    stays : iterable of dict
        Household declarations: ``ref``, ``host`` and ``guest`` person ids.

    Returns
    -------
    networkx.Graph
        Nodes ``case:`` (``illegal``, ``refs``), ``person:``, ``vehicle:``,
        ``phone:``; people, vehicles and phones link to their cases (edge
        ``roles``, ``refs``), hosts to their guests (edge ``host``).

    Examples
    --------
    >>> g = build_graph([{"ref": "e1", "case_ref": "VV-1", "person_id": "p1",
    ...                   "role": "DRIVER", "plate": "12A1", "point_kind": "INLAND"}])
    >>> sorted(g.nodes), g.nodes["case:VV-1"]["illegal"]
    (['case:VV-1', 'person:p1', 'vehicle:12A1'], True)
    """
    g = nx.Graph()
    for e in events:
        case = case_key(e)
        if case not in g:
            g.add_node(case, kind="case", illegal=False, refs=set())
        g.nodes[case]["illegal"] |= is_illegal(e)
        g.nodes[case]["refs"].add(e["ref"])
        g.add_node(f"person:{e['person_id']}", kind="person")
        _link(g, f"person:{e['person_id']}", case, e["ref"], e.get("role") or "TRAVELLER")
        for column, kind in (("plate", "vehicle"), ("phone", "phone")):
            if e.get(column):
                g.add_node(f"{kind}:{e[column]}", kind=kind)
                _link(g, f"{kind}:{e[column]}", case, e["ref"])
    for s in stays:
        host, guest = f"person:{s['host']}", f"person:{s['guest']}"
        if host != guest:
            g.add_nodes_from((host, guest), kind="person")
            _link(g, host, guest, s["ref"], "HOST", host=host)
    return g


def _cases_of(g: nx.Graph, node: str) -> set[str]:
    """The illegal cases a node was found in; a host's include its guests' cases."""
    out = set()
    for n in g[node]:
        if g.nodes[n]["kind"] == "case":
            out |= {n} if g.nodes[n]["illegal"] else set()
        elif g.edges[node, n].get("host") == node:
            out |= {c for c in g[n] if g.nodes[c]["kind"] == "case" and g.nodes[c]["illegal"]}
    return out


def _roles(g: nx.Graph, person: str, cases: set[str]) -> Counter:
    """How often the person appears in each role in ``cases``; hosting counts as HOST."""
    roles: Counter = Counter()
    for n in g[person]:
        edge = g.edges[person, n]
        if n in cases:
            roles.update({r: len(edge["refs"]) for r in edge["roles"]})
        elif edge.get("host") == person:
            roles["HOST"] += len(edge["refs"])
    return roles


def case_links(g: nx.Graph) -> dict[str, set[str]]:
    """Facilitators, vehicles and phones found in two or more illegal cases.

    >>> g = build_graph([{"ref": f"e{i}", "case_ref": f"VV-{i}", "person_id": "d",
    ...                   "role": "DRIVER", "point_kind": "INLAND"} for i in (1, 2)])
    >>> {node: sorted(cases) for node, cases in case_links(g).items()}
    {'person:d': ['case:VV-1', 'case:VV-2']}

    Notes
    -----
    O(V + E). Roles count in illegal cases only: a tour leader at the gates is no guide.
    """
    out = {}
    for node, kind in sorted(g.nodes(data="kind")):
        cases = _cases_of(g, node) if kind != "case" else set()
        if len(cases) >= 2 and (kind != "person" or any(
                r in FACILITATOR_ROLES for r in _roles(g, node, cases))):
            out[node] = cases
    return out


def case_graph(g: nx.Graph, links: dict[str, set[str]] | None = None) -> nx.Graph:
    """Illegal cases, joined when they share a link; ``weight`` counts the shared links.

    >>> g = build_graph([{"ref": f"e{i}", "case_ref": f"VV-{i}", "person_id": "d",
    ...                   "role": "DRIVER", "point_kind": "INLAND"} for i in (1, 2, 3)])
    >>> cg = case_graph(g)
    >>> cg.number_of_nodes(), cg.number_of_edges(), cg.edges["case:VV-1", "case:VV-2"]["weight"]
    (3, 3, 1)

    Notes
    -----
    O(V + E + sum of k^2) for links found in k cases each.
    """
    links = case_links(g) if links is None else links
    cg = nx.Graph()
    cg.add_nodes_from(n for n, d in g.nodes(data=True) if d["kind"] == "case" and d["illegal"])
    for node, cases in links.items():
        for a, b in combinations(sorted(cases), 2):
            if not cg.has_edge(a, b):
                cg.add_edge(a, b, weight=0, links=set())
            cg.edges[a, b]["weight"] += 1
            cg.edges[a, b]["links"].add(node)
    return cg


@dataclass(frozen=True)
class Ranked:
    """A facilitator's place in a network: brokerage and recurrence, not degree."""
    person: str
    score: float
    betweenness: float
    cases: int
    role: str


@dataclass(frozen=True)
class Network:
    """Cases tied into one network, its members, ranked facilitators and links."""
    network_id: str
    cases: tuple[str, ...]
    members: tuple[str, ...]
    facilitators: tuple[Ranked, ...]
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)


def network_id(cases: Iterable[str]) -> str:
    """A hash of the smallest case key: a case is in one network, and cases added later keep the id.

    >>> network_id(["case:VV-2", "case:VV-1"]) == network_id(["case:VV-1"])
    True
    """
    return stable_id("n", min(cases))


def _members(g: nx.Graph, cases: set[str]) -> set[str]:
    """The people caught in ``cases`` and the households that put up two or more of them."""
    people = {n for c in cases for n in g[c] if g.nodes[n]["kind"] == "person"}
    hosts = Counter(n for p in people for n in g[p] if g.edges[p, n].get("host") == n)
    return people | {h for h, k in hosts.items() if k >= 2}


def rank_facilitators(g: nx.Graph, cases: Iterable[str], *, seed: int = 0) -> list[Ranked]:
    """Rank a network's facilitators by betweenness and by recurrence across its cases.

    Parameters
    ----------
    g, cases, seed : networkx.Graph, iterable of str, int
        From :func:`build_graph`; the network's case nodes; for sampling over 400 nodes.

    Returns
    -------
    list of Ranked
        Best first: ``score`` is half the betweenness (relative to the
        network's highest) plus half the share of its cases the person is in.

    Examples
    --------
    >>> ev = [{"ref": "e1", "case_ref": "VV-1", "person_id": "g", "role": "GUIDE"},
    ...       {"ref": "e2", "case_ref": "VV-2", "person_id": "g", "role": "GUIDE"},
    ...       {"ref": "e3", "case_ref": "VV-2", "person_id": "d", "role": "DRIVER"}]
    >>> g = build_graph([dict(e, point_kind="TRAIL") for e in ev])
    >>> [(r.person, r.cases) for r in rank_facilitators(g, ["case:VV-1", "case:VV-2"])]
    [('person:g', 2), ('person:d', 1)]

    Notes
    -----
    Campana (2018): brokers joining separate parts matter more for disruption
    than hubs, so degree alone is not used. Brandes betweenness: O(V E).
    """
    cases = set(cases)
    members = _members(g, cases)
    sub = g.subgraph(cases | members | {n for c in cases for n in g[c]})
    k = 400 if sub.number_of_nodes() > 400 else None
    bc = nx.betweenness_centrality(sub, k=k, seed=seed if k else None)
    top = max(bc.values(), default=0.0) or 1.0
    out = []
    for person in sorted(members):
        roles = _roles(g, person, cases)
        helper = [r for r in FACILITATOR_ROLES if roles.get(r)]
        if helper:
            role = max(helper, key=lambda r: (roles[r], -FACILITATOR_ROLES.index(r)))
            found = len(_cases_of(g, person) & cases)
            score = 0.5 * bc.get(person, 0.0) / top + 0.5 * found / len(cases)
            out.append(Ranked(person, round(score, 6), round(bc.get(person, 0.0), 6), found, role))
    return sorted(out, key=lambda r: (-r.score, r.person))


def find_networks(g: nx.Graph, *, min_travellers: int = 5, split_above: int = 25,
                  seed: int = 0) -> list[Network]:
    """Group illegal cases into networks and keep those that are organised.

    Parameters
    ----------
    g : networkx.Graph
        From :func:`build_graph`.
    min_travellers : int
        A lone case is a network if a facilitator moved this many (art. 348: from 5).
    split_above : int
        Linked groups of more cases are split into Louvain communities (by
        shared links, fixed ``seed``): one wrong merge must not fuse two networks.

    Returns
    -------
    list of Network
        By id; without legal crossings, one-off cases, cases linked by travellers only.

    Examples
    --------
    >>> ev = [{"ref": f"e{i}{p}", "case_ref": f"VV-{i}", "person_id": p,
    ...        "role": "DRIVER" if p == "d" else "TRAVELLER", "point_kind": "INLAND"}
    ...       for i in (1, 2) for p in ("d", f"t{i}")]
    >>> [n.members for n in find_networks(build_graph(ev))]
    [('person:d', 'person:t1', 'person:t2')]

    Notes
    -----
    O(V + E + sum of k^2) to link cases, Louvain on large groups, Brandes per network.
    """
    links = case_links(g)
    cg = case_graph(g, links)
    groups: list[set[str]] = []
    for comp in sorted(nx.connected_components(cg), key=min):
        groups += (nx.community.louvain_communities(cg.subgraph(comp), weight="weight", seed=seed)
                   if len(comp) > split_above else [set(comp)])
    out = []
    for cases in groups:
        mine = {n: tuple(sorted(c & cases)) for n, c in links.items() if len(c & cases) >= 2}
        ranked = rank_facilitators(g, cases, seed=seed)
        members = _members(g, cases)
        if mine or (ranked and len(members) - len(ranked) >= min_travellers):
            out.append(Network(network_id(cases), tuple(sorted(cases)), tuple(sorted(members)),
                               tuple(ranked), mine))
    return sorted(out, key=lambda n: n.network_id)
