"""HTML for the views: pyvis holds the nodes, edges and options, lienket's own templates
draw the page.

pyvis's stock template loads Bootstrap and tom-select from a CDN, so it is not
used. A file written by the CLI inlines vis-network, the page script and the
stylesheet, and its Content-Security-Policy forbids every network request; a
served page loads the same files from ``/viz/static``. Graph data travels as
JSON in a ``<script type="application/json">`` block with ``<``, ``>``, ``&`` and
the line separators escaped, so no value can close the block.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from viz import i18n, style
from viz.model import VizGraph

__all__ = ["graph_json", "render_file", "render_page", "safe_json", "asset", "ASSETS",
           "templates"]

HERE = Path(__file__).parent
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
# Files a page may load, by the name it asks for: nothing else is served.
ASSETS: dict[str, Path] = {
    "vis-network.min.js": VIS_DIR / "vis-network.min.js",
    "vis-network.css": VIS_DIR / "vis-network.css",
    "graph.js": HERE / "static" / "graph.js",
    "viz.css": HERE / "static" / "viz.css",
}
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
            "\u2029": "\\u2029"}


def safe_json(value: Any) -> str:
    """JSON that can sit inside a <script> block whatever the strings in it hold."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return ASSETS[name].read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["kind"] = i18n.kind_caption
    env.filters["status"] = i18n.status_caption
    env.filters["role"] = i18n.role_caption
    env.filters["node"] = i18n.node_caption
    env.filters["pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1)
    return env


def graph_json(graph: VizGraph, lang: str) -> dict[str, Any]:
    """Nodes, edges and options as vis-network takes them, built through pyvis."""
    # pyvis only builds the data here: its own page template, which loads from a
    # CDN, is never rendered (lienket's templates inline or serve vis-network).
    net = Network(directed=True)
    for node in graph.nodes.values():
        vis = style.node_vis(node, lang)
        net.add_node(node.id, **vis)
    for edge in graph.edges.values():
        net.add_edge(edge.source, edge.target, **style.edge_vis(edge, graph, lang))
    net.options = style.options(len(graph.nodes))
    nodes, edges, *_ = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": net.options, "view": graph.view,
            "center": graph.center, "hidden": graph.hidden}


def _context(graph: VizGraph, lang: str, *, workspace: bool) -> dict[str, Any]:
    data = {**graph_json(graph, lang), "lang": lang, "workspace": workspace}
    words = i18n.words(lang)
    return {"graph": graph, "lang": lang, "t": words, "words_json": safe_json(words),
            "data_json": safe_json(data), "legend": style.legend(graph, lang),
            "node_count": len(graph.nodes), "edge_count": len(graph.edges),
            "generated": dt.datetime.now().astimezone().isoformat(timespec="seconds")}


def render_file(graph: VizGraph, lang: str = "vi") -> str:
    """A self-contained page: opens from disk, loads nothing from anywhere."""
    return templates().get_template("graph.html").render(
        standalone=True, assets={k: asset(k) for k in ASSETS},
        **_context(graph, lang, workspace=False))


def render_page(graph: VizGraph, lang: str = "vi", *, template: str = "graph.html",
                **page: Any) -> str:
    """The same view inside the workspace (assets from /viz/static, expansion on click)."""
    return templates().get_template(template).render(
        standalone=False, **page, **_context(graph, lang, workspace=True))
