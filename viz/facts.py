"""Facts, flags and true neighbour counts for the nodes a view shows, one query per label."""

from __future__ import annotations

from collections import defaultdict

from api.explore import HIDDEN
from graph.schema import is_node_label, node_type
from graph.store import GraphStore
from viz import queries
from viz.model import VizGraph

__all__ = ["enrich", "degrees", "SKIP_LABELS"]

# Never drawn as neighbours: what exploration hides (analysis and operations nodes),
# and mentions (a person is drawn straight from the rows that name them).
SKIP_LABELS = HIDDEN + ("Mention",)
NOT_SUSPECT = ["evidence", "related", "traveller"]


def _by_label(graph: VizGraph, ids: set[str] | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for node in graph.nodes.values():
        if node.kind == "entity" and is_node_label(node.label) and (ids is None
                                                                    or node.id in ids):
            out[node.label].append(node.key)
    return out


def enrich(store: GraphStore, graph: VizGraph) -> None:
    """Fill in each entity node's properties, title and live flags."""
    for label, keys in _by_label(graph).items():
        spec = node_type(label)
        for row in store.read(queries.for_label(queries.NODE_FACTS, spec),  # type: ignore
                              keys=keys, not_suspect=NOT_SUSPECT):
            node = graph.nodes.get(f"{label}:{row['key']}")
            if node is None:
                continue
            node.props = row["props"]
            if spec.title and not node.title:
                node.title = row["props"].get(spec.title)
            node.flags = sorted({tuple(f) for f in row["flags"] if f[0] is not None},
                                key=lambda f: -(f[2] or 0))


def degrees(store: GraphStore, graph: VizGraph,
            ids: set[str]) -> dict[str, dict[tuple[str, str], int]]:
    """For the nodes ``ids``: how many neighbours of each (relationship, label) they have,
    counting people through the rows that name them."""
    out: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for label, keys in _by_label(graph, ids).items():
        spec = node_type(label)
        rows = store.read(queries.for_label(queries.DEGREES, spec),  # type: ignore
                          keys=keys, skip=list(SKIP_LABELS))
        if label == "Person":
            rows = store.read(queries.PERSON_DEGREES, keys=keys)
        elif spec.is_record:
            rows += store.read(queries.for_label(queries.RECORD_PERSON_DEGREES, spec),  # type: ignore
                               keys=keys)
        for row in rows:
            out[f"{label}:{row['key']}"][(row["rel"], row["other"])] = row["n"]
    return out
