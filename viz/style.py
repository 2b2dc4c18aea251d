"""The visual language: how a node, an edge and the legend look, in one place.

Shapes and colours per node type come from :mod:`graph.schema`; this module adds
what marks a flagged node (a thick red border and its score), aggregate and
"more hidden" nodes, edge labels with dates, and plain-text tooltips (vis-network
shows a string tooltip as text, so nothing in the data can become markup).
"""

from __future__ import annotations

from typing import Any

import pycountry

from graph.schema import NODE_TYPES, is_node_label, is_rel_type, node_type
from viz import i18n
from viz.model import VizEdge, VizGraph, VizNode

__all__ = ["node_vis", "edge_vis", "legend", "options", "FLAGGED", "record_date"]

FLAGGED = "#b00020"
FLAG_NODE = "#222222"
HIDDEN_NODE = "#eeeeee"
_LABEL_MAX = 34

# The dates a source row stands for: its event, or the period it covers.
RECORD_DATES: dict[str, tuple[str, str | None]] = {
    "BorderEvent": ("occurred_at", None), "WorkPermit": ("valid_from", "valid_to"),
    "Stay": ("arrived_on", "left_on"), "ResidenceRecord": ("valid_from", "valid_to"),
    "Sponsorship": ("stay_from", "stay_to"), "Registration": ("registered_on", None),
    "EnterpriseRole": ("since", None), "Marriage": ("registered_on", None),
}
_ENTITY_FACTS = ("nationality", "date_of_birth", "sex", "kind", "status", "registered_on",
                 "foreign_name", "display", "name", "event_type", "border_point_code",
                 "document_type", "role", "share_pct", "residence_symbol", "purpose_symbol",
                 "establishment_name", "job_title", "employer_code", "enterprise_code")


def _short(text: Any, limit: int = _LABEL_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _day(value: Any) -> str:
    return str(value)[:10] if value else ""


def record_date(label: str, props: dict[str, Any]) -> str | None:
    """``2023-01-09`` or ``2025-01-26 → 2026-01-02`` for a dated source row, else None."""
    if label not in RECORD_DATES:
        return None
    start, end = RECORD_DATES[label]
    first, last = _day(props.get(start)), _day(props.get(end)) if end else ""
    if first and last:
        return f"{first} → {last}"
    return first or last or None


def _country(code: Any) -> str:
    if not code:
        return ""
    found = pycountry.countries.get(alpha_3=str(code))
    return f"{code} ({found.name})" if found else str(code)


def _tooltip(node: VizNode, lang: str) -> str:
    if node.kind == "aggregate":
        return f"{i18n.node_caption(node.label, lang)}: {node.count}"
    if node.kind == "hidden":
        return i18n.text("hidden_marker", lang) + f": {node.count}"
    if node.kind == "flag":
        flag = node.props
        return "\n".join([f"{i18n.text('flags', lang)} {node.key}",
                          f"{i18n.kind_caption(flag.get('kind', ''), lang)}",
                          f"{i18n.text('score', lang)}: {flag.get('score', 0):.2f}",
                          f"{i18n.text('status', lang)}: "
                          f"{i18n.status_caption(flag.get('status', ''), lang)}"])
    spec = node_type(node.label)
    lines = [i18n.node_caption(spec, lang)]
    if node.title:
        lines.append(str(node.title))
    lines.append(f"{i18n.text('key', lang)}: {node.key}")
    props = node.props
    if props.get("nationality"):
        lines.append(f"{i18n.text('nationality', lang)}: {_country(props['nationality'])}")
    if props.get("date_of_birth"):
        lines.append(f"{i18n.text('born', lang)}: {props['date_of_birth']}")
    when = record_date(node.label, props)
    if when:
        lines.append(when)
    for fact in _ENTITY_FACTS:
        if fact not in ("nationality", "date_of_birth") and props.get(fact) not in (None, ""):
            if props[fact] != node.title:
                lines.append(f"{fact}: {_short(props[fact], 60)}")
    if node.role:
        lines.append(f"{i18n.text('role', lang)}: {i18n.role_caption(node.role, lang)}"
                     + (f" ({i18n.role_caption(node.facilitator_role, lang)})"
                        if node.facilitator_role else ""))
    if node.centrality is not None:
        lines.append(f"{i18n.text('centrality', lang)}: {node.centrality:.3f}")
    for flag_id, kind, score, role, status in node.flags[:5]:
        lines.append(f"⚑ {i18n.kind_caption(kind, lang)} {score:.2f} "
                     f"({i18n.role_caption(role, lang)}, {i18n.status_caption(status, lang)})"
                     f" {flag_id}")
    refs = [props["ref"]] if props.get("ref") else list(props.get("records") or [])
    if refs:
        more = f" … +{len(refs) - 6}" if len(refs) > 6 else ""
        lines.append(f"{i18n.text('sources', lang)}: {', '.join(map(str, refs[:6]))}{more}")
    return "\n".join(lines)


def _label(node: VizNode, lang: str) -> str:
    if node.kind == "aggregate":
        return f"{i18n.node_caption(node.label, lang)}\n× {node.count}"
    if node.kind == "hidden":
        return "+ " + i18n.text("more_hidden", lang, n=node.count)
    if node.kind == "flag":
        return (f"{i18n.kind_caption(node.props.get('kind', ''), lang)}\n"
                f"⚑ {node.props.get('score', 0):.2f}")
    spec = node_type(node.label)
    if spec.is_record:
        lines = [node.key.split(":", 1)[-1], record_date(node.label, node.props) or ""]
    else:
        lines = [_short(node.title or node.key)]
        if node.props.get("nationality"):
            lines.append(str(node.props["nationality"]))
    if node.facilitator_role:
        lines.append(i18n.role_caption(node.facilitator_role, lang))
    if node.score is not None:
        lines.append(f"⚑ {node.score:.2f}")
    return "\n".join(x for x in lines if x)


def node_vis(node: VizNode, lang: str) -> dict[str, Any]:
    """The vis-network options of one node."""
    out: dict[str, Any] = {"label": _label(node, lang), "title": _tooltip(node, lang),
                           "kind": node.kind, "borderWidth": 1}
    if node.kind == "hidden":
        out.update(shape="box", ntype="_hidden", color={"background": HIDDEN_NODE,
                   "border": "#888888"}, shapeProperties={"borderDashes": [4, 3]},
                   font={"color": "#444444", "size": 11})
    elif node.kind == "flag":
        out.update(shape="star", ntype="Flag", size=30, color={"background": FLAG_NODE,
                   "border": FLAGGED}, borderWidth=3, font={"size": 14, "bold": True})
    else:
        spec = node_type(node.label)
        out.update(shape=spec.shape, ntype=spec.label, size=14,
                   color={"background": spec.colour, "border": "#333333",
                          "highlight": {"background": spec.colour, "border": "#000000"}})
        if spec.is_record:
            out["font"] = {"size": 10}
        if node.kind == "aggregate":
            out.update(size=26, borderWidth=2, shapeProperties={"borderDashes": [6, 3]},
                       font={"size": 13, "bold": True})
    if node.flags:
        out.update(borderWidth=5, size=out.get("size", 14) + 6,
                   color={**out["color"], "border": FLAGGED},
                   font={"color": FLAGGED, "size": 13, "strokeWidth": 3})
    if node.centrality is not None:
        out["size"] = 12 + round(40 * node.centrality, 1)
    if node.kind == "entity" and node.expandable and is_node_label(node.label):
        out["expand"] = [node.label.lower(), node.key]
    elif node.kind == "hidden" and node.parent and not node.parent.startswith("Flag:"):
        label, _, key = node.parent.partition(":")
        out["expand"] = [label.lower(), key]
    if node.parent:
        out["parent"] = node.parent
    return out


def _edge_label(edge: VizEdge, graph: VizGraph, lang: str) -> str:
    if edge.type == "EVIDENCE":
        return ", ".join(edge.signals)
    if edge.type == "ROLE":
        return i18n.role_caption(edge.role, lang)
    if edge.type == "MORE" or not is_rel_type(edge.type):
        return ""
    parts = [i18n.rel_caption(edge.type, lang)]
    if edge.role and edge.role not in ("subject", "self"):
        parts[0] += f" ({i18n.role_caption(edge.role, lang)})"
    when = edge.date or _edge_date(edge, graph)
    if when:
        parts.append(when)
    return "\n".join(parts)


def _edge_date(edge: VizEdge, graph: VizGraph) -> str | None:
    for end in (edge.source, edge.target):
        node = graph.nodes.get(end)
        if node is not None and node.kind == "entity":
            when = record_date(node.label, node.props)
            if when:
                return when
    return None


def edge_vis(edge: VizEdge, graph: VizGraph, lang: str) -> dict[str, Any]:
    label = _edge_label(edge, graph, lang)
    out: dict[str, Any] = {"id": edge.id, "label": label, "title": label.replace("\n", " · ")}
    if edge.type == "EVIDENCE":
        out.update(color={"color": FLAGGED, "highlight": FLAGGED}, width=2,
                   font={"color": FLAGGED},
                   title="\n\n".join(edge.text) or label)
    elif edge.type == "ROLE":
        out.update(color={"color": "#555555"}, width=2, dashes=[2, 4])
    elif edge.type == "MORE":
        out.update(dashes=True, arrows="", color={"color": "#aaaaaa"})
    return out


_SWATCH = {"dot": "dot", "square": "square", "box": "box", "triangle": "triangle",
           "diamond": "diamond", "star": "star", "hexagon": "hexagon"}


def legend(graph: VizGraph, lang: str) -> list[dict[str, Any]]:
    """One row per node type on screen (with its filter), then the markers."""
    present = {n.label for n in graph.nodes.values() if n.kind in ("entity", "aggregate")}
    rows = [{"group": spec.label, "caption": i18n.node_caption(spec, lang),
             "colour": spec.colour, "shape": _SWATCH.get(spec.shape, "dot"),
             "count": sum(1 for n in graph.nodes.values() if n.label == spec.label)}
            for spec in NODE_TYPES if spec.label in present]
    kinds = {n.kind for n in graph.nodes.values()}
    rows.append({"group": None, "caption": i18n.text("flagged", lang), "colour": "#ffffff",
                 "shape": "flagged", "count": None})
    if "flag" in kinds:
        rows.append({"group": None, "caption": i18n.node_caption("Flag", lang),
                     "colour": FLAG_NODE, "shape": "star", "count": None})
    if "aggregate" in kinds:
        rows.append({"group": None, "caption": i18n.text("aggregate", lang),
                     "colour": "#dddddd", "shape": "aggregate", "count": None})
    if "hidden" in kinds:
        rows.append({"group": None, "caption": i18n.text("hidden_marker", lang),
                     "colour": HIDDEN_NODE, "shape": "hidden", "count": None})
    return rows


def options(node_count: int) -> dict[str, Any]:
    """Physics that settles quickly, then stops (the page turns it off once stable)."""
    big = node_count > 400
    # Each iteration costs O(n log n): fewer for big graphs keeps 2,000 nodes near 3 s.
    iterations = 300 if node_count <= 150 else 200 if node_count <= 400 else \
        120 if node_count <= 1000 else 60
    return {
        "autoResize": True,
        "layout": {"improvedLayout": node_count <= 150, "randomSeed": 7},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -150 if node_count <= 60 else -70,
                                 "centralGravity": 0.008,
                                 # small graphs get room for their edge labels
                                 "springLength": 170 if node_count <= 60 else 120,
                                 "springConstant": 0.05,
                                 "avoidOverlap": 0.3 if not big else 0.0},
            "minVelocity": 1.5, "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": iterations,
                              "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "navigationButtons": False, "keyboard": False},
        "nodes": {"font": {"size": 12, "face": "Noto Sans, DejaVu Sans, Arial, sans-serif",
                           "strokeWidth": 2, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "color": {"color": "#9aa5b1", "highlight": "#333333"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "font": {"size": 9, "align": "middle", "color": "#555555",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
    }
