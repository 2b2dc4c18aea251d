"""Graph views in headless Chromium: time from navigation to a settled layout, and page size.

A synthetic neighbourhood of 100, 500 and 2,000 nodes (people, source rows,
enterprises, phones, addresses; a few flagged) goes through the same styling and
template as ``lienket viz`` and is opened from disk in Debian's chromium. The
clock is the page's own: ``performance.now()`` (milliseconds since navigation
started) when vis-network reports ``stabilizationIterationsDone``/``stabilized``.
Every request the page makes is recorded; anything not ``file:`` or ``data:`` is
counted as external. Targets: 500 nodes settled in under 3 s, no external request.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from viz.model import VizEdge, VizGraph, VizNode
from viz.render import ASSETS, render_file, render_page

SIZES = (100, 500, 2000)
RUNS = 3
CHROMIUM = "/usr/bin/chromium"
_KINDS = (("Person", 0.3), ("Stay", 0.2), ("BorderEvent", 0.2), ("ResidenceRecord", 0.1),
          ("Enterprise", 0.05), ("Phone", 0.1), ("Address", 0.05))
_RELS = {"Stay": "NAMES", "BorderEvent": "NAMES", "ResidenceRecord": "NAMES",
         "Enterprise": "ABOUT", "Phone": "USES_PHONE", "Address": "AT_ADDRESS",
         "Person": "NAMES"}


def synthetic(n: int, seed: int = 7) -> VizGraph:
    """A connected graph of ``n`` nodes shaped like a neighbourhood (a tree plus 30 %
    cross links), with one person in twenty flagged."""
    rng = random.Random(seed)
    labels, weights = zip(*_KINDS)
    graph = VizGraph("entity", heading=f"Bench {n}", cap=n)
    for i in range(n):
        label = "Person" if i == 0 else rng.choices(labels, weights)[0]
        key = f"{label.lower()}:{i}" if label not in ("Person",) else f"p_{i:06d}"
        node = graph.add_node(VizNode(f"{label}:{key}", label, key,
                                      title=f"NGUYỄN VĂN {i}" if label == "Person" else None,
                                      props={"nationality": "VNM", "occurred_at": "2025-03-01",
                                             "arrived_on": "2025-01-02"}))
        if label == "Person" and rng.random() < 0.05:
            node.flags = [("f_bench", "illegal_entry_network", 0.9, "facilitator", "new")]
    ids = list(graph.nodes)
    graph.center = [ids[0]]
    for i, nid in enumerate(ids[1:], start=1):
        other = ids[rng.randrange(0, i)]
        graph.add_edge(VizEdge(other, nid, _RELS[graph.nodes[nid].label]))
    for _ in range(int(0.3 * n)):
        a, b = rng.sample(ids, 2)
        graph.add_edge(VizEdge(a, b, _RELS[graph.nodes[b].label]))
    return graph


def _measure(browser, path: Path) -> tuple[float, int]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    external: list[str] = []
    page.on("request", lambda r: r.url.startswith(("file:", "data:")) or external.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-stabilized]", timeout=120_000)
    settled = page.evaluate("window.lienketViz.stabilizedMs")
    context.close()
    return settled / 1000, len(external)


def run(out_dir: Path) -> dict:
    from playwright.sync_api import sync_playwright

    folder = Path(out_dir) / "viz"
    folder.mkdir(parents=True, exist_ok=True)
    figures: dict[str, dict] = {}
    assets = sum(p.stat().st_size for p in ASSETS.values())
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        for n in SIZES:
            graph = synthetic(n)
            started = time.perf_counter()
            html = render_file(graph, "vi")
            build = time.perf_counter() - started
            path = folder / f"bench-{n}.html"
            path.write_text(html, encoding="utf-8")
            served = len(render_page(graph, "vi", principal=None, purpose="", csrf="",
                                     can_flags=False, lang_query=lambda code: code).encode())
            runs = [_measure(browser, path) for _ in range(RUNS)]
            settled = statistics.median(s for s, _ in runs)
            external = max(e for _, e in runs)
            figures[str(n)] = {"nodes": n, "edges": len(graph.edges),
                               "settled_s": round(settled, 2),
                               "settled_runs_s": [round(s, 2) for s, _ in runs],
                               "render_s": round(build, 3),
                               "page_bytes": len(html.encode()),
                               "served_html_bytes": served,
                               "external_requests": external}
            print(f"   {n:>5} nodes, {len(graph.edges):>5} edges: settled in {settled:.2f} s "
                  f"(median of {RUNS}), file {len(html.encode()) / 1e6:.2f} MB "
                  f"(served page {served / 1e3:.0f} kB + {assets / 1e3:.0f} kB cached assets), "
                  f"rendered in {build:.2f} s, external requests {external}", flush=True)
        browser.close()
    ok = figures["500"]["settled_s"] < 3 and all(f["external_requests"] == 0
                                                 for f in figures.values())
    print(f"   target (500 nodes < 3 s, no external request): {'met' if ok else 'MISSED'}")
    return {"sizes": figures, "asset_bytes": assets, "target_met": ok}
