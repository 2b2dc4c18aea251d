"""Turning a raw neighbourhood into something an investigator can read.

Pure functions on a :class:`~viz.model.VizGraph`: mentions folded into the rows
that name a person, nodes beyond the asked depth dropped, crowds of similar
neighbours folded into one counted node, and what is left out marked.
"""

from __future__ import annotations

from collections import defaultdict, deque

from viz.model import VizEdge, VizGraph, VizNode

__all__ = ["fold_mentions", "distances", "trim_depth", "aggregate", "AGGREGATE_FROM"]

# A node with at least this many neighbours of one kind shows them as one counted node.
AGGREGATE_FROM = 12


def fold_mentions(graph: VizGraph) -> None:
    """Replace ``row -NAMES-> mention -RESOLVES_TO-> person`` by ``row -NAMES-> person``.

    A mention whose person is not on screen stays, so the row keeps its link.
    """
    for mention in [n for n in graph.nodes.values() if n.label == "Mention"]:
        rows = [e for e in graph.edges.values() if e.target == mention.id and e.type == "NAMES"]
        people = [e.target for e in graph.edges.values()
                  if e.source == mention.id and e.type == "RESOLVES_TO"]
        if not people:
            continue
        for row in rows:
            for person in people:
                graph.add_edge(VizEdge(row.source, person, "NAMES", role=row.role))
        graph.drop_node(mention.id)


def _adjacency(graph: VizGraph) -> dict[str, set[str]]:
    adj: dict[str, set[str]] = defaultdict(set)
    for e in graph.edges.values():
        adj[e.source].add(e.target)
        adj[e.target].add(e.source)
    return adj


def distances(graph: VizGraph) -> dict[str, int]:
    """Hops from the view's centre nodes (breadth first, undirected)."""
    adj, dist = _adjacency(graph), {c: 0 for c in graph.center if c in graph.nodes}
    queue = deque(dist)
    while queue:
        here = queue.popleft()
        for nxt in adj[here]:
            if nxt not in dist:
                dist[nxt] = dist[here] + 1
                queue.append(nxt)
    return dist


def trim_depth(graph: VizGraph, depth: int) -> dict[str, int]:
    """Drop nodes further than ``depth`` hops (or unreachable); returns the distances."""
    dist = distances(graph)
    for nid in [n for n in graph.nodes if dist.get(n, depth + 1) > depth]:
        graph.drop_node(nid)
    return {n: d for n, d in dist.items() if n in graph.nodes}


def _shown(graph: VizGraph, nid: str) -> dict[tuple[str, str], list[str]]:
    """The neighbours of ``nid`` on screen, by (relationship type, label)."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in graph.edges.values():
        if nid in (e.source, e.target):
            other = graph.nodes[e.target if e.source == nid else e.source]
            if other.kind == "entity":
                out[(e.type, other.label)].append(other.id)
    return out


def aggregate(graph: VizGraph, inner: list[str],
              true_counts: dict[str, dict[tuple[str, str], int]]) -> None:
    """Fold crowds and mark what is hidden, around each node of ``inner`` (nearest first).

    For each (relationship, label) group of a node's neighbours: a group of
    :data:`AGGREGATE_FROM` or more becomes one node carrying the true count, and
    its members leave the screen, with whatever hung only from them, unless they
    are flagged or touch a flagged node (a suspect's crossing stays visible); in a
    smaller group, neighbours the cap left out are added to the node's "N more
    hidden" marker.
    """
    flagged = {n.id for n in graph.nodes.values() if n.flags}
    for nid in inner:
        if nid not in graph.nodes:
            continue
        adj = _adjacency(graph)
        shown, hidden = _shown(graph, nid), 0
        for (rel, label), total in sorted(true_counts.get(nid, {}).items()):
            members = shown.get((rel, label), [])
            if total >= AGGREGATE_FROM:
                agg = graph.add_node(VizNode(f"agg:{nid}:{rel}:{label}", label, "",
                                             count=total, kind="aggregate", parent=nid,
                                             expandable=False))
                graph.add_edge(VizEdge(nid, agg.id, rel))
                for m in members:
                    if m not in graph.center and m not in flagged and not adj[m] & flagged:
                        graph.drop_node(m)
            else:
                hidden += max(0, total - len(members))
        if hidden:
            marker = graph.add_node(VizNode(f"more:{nid}", "", "", count=hidden, kind="hidden",
                                            parent=nid))
            graph.add_edge(VizEdge(nid, marker.id, "MORE"))
    reached = distances(graph)
    for gone in [n for n in graph.nodes if n not in reached]:
        graph.drop_node(gone)
