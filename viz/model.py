"""What a view draws, before any styling: nodes, edges and what was left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Most nodes a view draws before it counts the rest as hidden.
DEFAULT_CAP = 300

__all__ = ["VizNode", "VizEdge", "VizGraph", "node_id", "DEFAULT_CAP"]


def node_id(label: str, key: str) -> str:
    """The id a node has in every view and every expansion: ``Label:key``."""
    return f"{label}:{key}"


@dataclass
class VizNode:
    id: str
    label: str                     # schema label, or "Flag"
    key: str
    title: str | None = None
    props: dict[str, Any] = field(default_factory=dict)
    # (flag_id, kind, score, role, status) of the live flags naming it
    flags: list[tuple[str, str, float, str, str]] = field(default_factory=list)
    role: str | None = None        # its role in a flag view
    facilitator_role: str | None = None
    centrality: float | None = None
    count: int = 0                 # aggregate nodes: how many they stand for
    kind: str = "entity"           # entity | aggregate | hidden | flag
    parent: str | None = None      # aggregate and hidden markers: the node they hang off
    expandable: bool = True

    @property
    def score(self) -> float | None:
        return max((f[2] for f in self.flags), default=None)


@dataclass
class VizEdge:
    source: str
    target: str
    type: str                      # a schema relationship type, or EVIDENCE / ROLE
    date: str | None = None
    role: str | None = None
    text: list[str] = field(default_factory=list)   # evidence sentences, for tooltips
    signals: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.source}|{self.type}|{self.target}"


@dataclass
class VizGraph:
    view: str                      # entity | flag | network | path | expand
    heading: str = ""
    center: list[str] = field(default_factory=list)
    nodes: dict[str, VizNode] = field(default_factory=dict)
    edges: dict[str, VizEdge] = field(default_factory=dict)
    cap: int = 0
    truncated: bool = False
    flag: dict[str, Any] | None = None
    ranking: list[VizNode] = field(default_factory=list)

    def add_node(self, node: VizNode) -> VizNode:
        return self.nodes.setdefault(node.id, node)

    def add_edge(self, edge: VizEdge) -> VizEdge:
        return self.edges.setdefault(edge.id, edge)

    def drop_node(self, nid: str) -> None:
        self.nodes.pop(nid, None)
        for eid in [e.id for e in self.edges.values() if nid in (e.source, e.target)]:
            del self.edges[eid]

    @property
    def hidden(self) -> int:
        return sum(n.count for n in self.nodes.values() if n.kind == "hidden")
