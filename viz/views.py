"""The four views as graphs: an entity's neighbourhood (and the one-hop expansion the
workspace adds in place), a flag's evidence, an illegal-entry network, and the
paths between two entities.

Reads go through :mod:`api.explore` and :mod:`analysis.flags_store`, so the views
show exactly what the API returns; this module only adds facts, folding and marks.
"""

from __future__ import annotations

import networkx as nx

from analysis.flags_store import get_flag
from api import explore
from api.errors import BadRequest
from graph.schema import NodeType, node_type, rel_type
from graph.store import GraphStore
from viz import facts, i18n, queries, shape
from viz.model import DEFAULT_CAP, VizEdge, VizGraph, VizNode, node_id

__all__ = ["entity_view", "expand_view", "flag_view", "path_view", "DEFAULT_CAP"]

# Roles a flag names a person in that are drawn as a line from the flag itself;
# travellers hang off their own border events.
_ROLE_LINKED = ("subject", "controller", "nominee", "worker", "facilitator")


def _from_explore(graph: VizGraph, raw: dict) -> None:
    for n in raw["nodes"]:
        label = n["id"].split(":", 1)[0]
        graph.add_node(VizNode(n["id"], label, n["key"], n["title"]))
    for e in raw["edges"]:
        graph.add_edge(VizEdge(e["from"], e["to"], e["type"]))


def _cap(graph: VizGraph, dist: dict[str, int], cap: int) -> int:
    """Keep the ``cap`` nodes nearest the centre; returns how many were dropped."""
    if len(graph.nodes) <= cap:
        return 0
    graph.truncated = True
    order = sorted(graph.nodes, key=lambda n: (dist.get(n, 99), n))
    for nid in order[cap:]:
        graph.drop_node(nid)
    return len(order) - cap


def entity_view(store: GraphStore, spec: NodeType, key: str, *, depth: int = 1,
                cap: int = DEFAULT_CAP, lang: str = "vi", view: str = "entity") -> VizGraph:
    """``depth`` hops around one entity, counting a row that names a person as one hop."""
    if not 1 <= depth <= explore.MAX_DEPTH:
        raise BadRequest(f"depth must be 1 to {explore.MAX_DEPTH}.")
    raw = explore.neighbourhood(store, spec, key, depth=min(explore.MAX_DEPTH, depth + 1),
                                node_types=None, rel_types=None, limit=cap * 2)
    graph = VizGraph(view, center=[node_id(spec.label, key)], cap=cap,
                     truncated=raw["truncated"])
    _from_explore(graph, raw)
    shape.fold_mentions(graph)
    dist = shape.trim_depth(graph, depth)
    _cap(graph, dist, cap)
    facts.enrich(store, graph)
    inner = sorted((n for n, d in dist.items() if d < depth and n in graph.nodes),
                   key=lambda n: (dist[n], n))
    shape.aggregate(graph, inner, facts.degrees(store, graph, set(inner)))
    centre = graph.nodes[graph.center[0]]
    graph.heading = i18n.text("neighbourhood", lang, name=centre.title or key)
    return graph


def expand_view(store: GraphStore, spec: NodeType, key: str, *, cap: int = DEFAULT_CAP,
                lang: str = "vi") -> VizGraph:
    """One hop around a node, for the workspace to add to the graph on screen."""
    return entity_view(store, spec, key, depth=1, cap=cap, lang=lang, view="expand")


def _orient(a: str, b: str, rel: str, graph: VizGraph) -> VizEdge:
    spec = rel_type(rel)
    if graph.nodes[a].label in spec.sources and graph.nodes[b].label in spec.targets:
        return VizEdge(a, b, rel)
    return VizEdge(b, a, rel)


def path_view(store: GraphStore, a: NodeType, a_key: str, b: NodeType, b_key: str, *,
              max_length: int = 6, limit: int = 3, lang: str = "vi") -> VizGraph:
    """The shortest paths between two entities, drawn together."""
    rows = explore.paths(store, a, a_key, b, b_key, max_length=max_length, limit=limit)
    graph = VizGraph("path", center=[node_id(a.label, a_key), node_id(b.label, b_key)])
    for row in rows:
        ids = []
        for n in row["nodes"]:
            node = graph.add_node(VizNode(node_id(n["label"], n["key"]), n["label"], n["key"],
                                          n["title"]))
            ids.append(node.id)
        for (x, y), rel in zip(zip(ids, ids[1:]), row["relationships"]):
            edge = graph.add_edge(_orient(x, y, rel["type"], graph))
            edge.role = rel.get("role")
    for nid, spec, key in ((graph.center[0], a, a_key), (graph.center[1], b, b_key)):
        graph.add_node(VizNode(nid, spec.label, key))
    shape.fold_mentions(graph)
    facts.enrich(store, graph)
    names = [graph.nodes[c].title or graph.nodes[c].key for c in graph.center]
    graph.heading = i18n.text("path_graph", lang, a=names[0], b=names[1])
    return graph


def _flag_node(flag: dict) -> VizNode:
    return VizNode(node_id("Flag", flag["flag_id"]), "Flag", flag["flag_id"], kind="flag",
                   props={k: flag[k] for k in ("kind", "score", "status")},
                   expandable=False)


def flag_view(store: GraphStore, flag_id: str, *, cap: int = DEFAULT_CAP,
              lang: str = "vi") -> VizGraph:
    """The subgraph that raised a flag: what it points at, how those connect, and the
    evidence sentences on lines from the flag to the rows they cite. An illegal-entry
    network also sizes people by betweenness and ranks its facilitators."""
    flag = get_flag(store, flag_id)
    network = flag["kind"] == "illegal_entry_network"
    graph = VizGraph("network" if network else "flag", flag=flag, cap=cap)
    centre = graph.add_node(_flag_node(flag))
    graph.center = [centre.id]
    helpers = {p["person_id"]: p.get("facilitator_role") for p in flag["persons"]}
    by_eid, by_ref = {}, {}
    for row in store.read(queries.FLAG_LINKED, flag_id=flag_id):
        spec = node_type(row["label"])
        key = str(row["props"].get(spec.key))
        node = graph.add_node(VizNode(node_id(spec.label, key), spec.label, key,
                                      props=row["props"], role=row["role"]))
        node.facilitator_role = helpers.get(key) if spec.label == "Person" else None
        by_eid[row["eid"]] = node.id
        if spec.is_record:
            by_ref[key] = node.id
    for query in (queries.FLAG_EDGES, queries.FLAG_NAMED):
        for row in store.read(query, flag_id=flag_id, ids=list(by_eid)):
            graph.add_edge(VizEdge(by_eid[row["a"]], by_eid[row["b"]], row["type"],
                                   role=row["role"]))
    for node in list(graph.nodes.values()):
        if node.role in _ROLE_LINKED:
            graph.add_edge(VizEdge(centre.id, node.id, "ROLE",
                                   role=node.facilitator_role or node.role))
    for ev in flag["evidence"]:
        for ref in ev["records"]:
            if ref in by_ref:
                edge = graph.add_edge(VizEdge(centre.id, by_ref[ref], "EVIDENCE"))
                edge.signals.append(ev["signal"])
                edge.text.append(f"{ev['signal']} ({ev['weight']}): {ev['text']}\n— {ev['rule']}")
    dropped = _cap(graph, shape.distances(graph), cap)
    if dropped:  # a flag's evidence is all one hop from it: count the rest on the flag
        marker = graph.add_node(VizNode(f"more:{centre.id}", "", "", count=dropped,
                                        kind="hidden", parent=centre.id))
        graph.add_edge(VizEdge(centre.id, marker.id, "MORE"))
    facts.enrich(store, graph)
    if network:
        _rank(graph)
    graph.heading = (i18n.text("network_graph", lang, flag=flag_id) if network else
                     i18n.text("flag_graph", lang, flag=flag_id) + " · "
                     + i18n.kind_caption(flag["kind"], lang))
    return graph


def _rank(graph: VizGraph) -> None:
    """Betweenness of each person in the network's own subgraph (the flag node left out)."""
    g = nx.Graph()
    g.add_nodes_from(n for n, node in graph.nodes.items() if node.kind == "entity")
    g.add_edges_from((e.source, e.target) for e in graph.edges.values()
                     if e.source in g and e.target in g)
    k = 300 if g.number_of_nodes() > 400 else None
    bc = nx.betweenness_centrality(g, k=k, seed=0 if k else None)
    people = [nid for nid, node in graph.nodes.items() if node.label == "Person"]
    top = max((bc.get(nid, 0.0) for nid in people), default=0.0) or 1.0
    for nid in people:  # relative to the network's most central person
        graph.nodes[nid].centrality = round(bc.get(nid, 0.0) / top, 4)
    graph.ranking = sorted((n for n in graph.nodes.values() if n.facilitator_role),
                           key=lambda n: (-(n.centrality or 0), n.title or n.key))
