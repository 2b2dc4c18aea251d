"""Every view in headless Chromium: it loads with no console error, asks nothing of any
other origin, settles, shows its legend and flagged nodes, and hostile names stay text.

One screenshot per view is kept under build/test-artifacts/viz/.
"""

from __future__ import annotations

import pytest

from lienket.viz_cmd import write_view
from tests.viz.conftest import XSS_COMPANY, XSS_EVIDENCE, XSS_NAME

FLAGGED = "window.lienketViz.nodes.get().filter(n => n.borderWidth >= 5).length"


@pytest.fixture(scope="module")
def files(site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("views")
    xss = site.persons[XSS_NAME]
    targets = {
        "entity": dict(target="Enterprise:4900123456", depth=2),
        "aggregate": dict(target="BorderPoint:CKQT-HN"),
        "flag": dict(target=site.employment_flag),
        "network": dict(target=site.network_flag, lang="en"),
        "path": dict(target=f"Person:{xss}", to="Enterprise:4900123456"),
    }
    return {name: write_view(site.store, out=folder / f"{name}.html", **kw)
            for name, kw in targets.items()}


def _settled(w, url: str) -> None:
    w.page.goto(url)
    w.page.wait_for_selector("body[data-stabilized]", timeout=20_000)


@pytest.mark.parametrize("view", ["entity", "aggregate", "flag", "network", "path"])
def test_a_written_view_works_offline(files, watched, site, view):
    w = watched("file://")
    _settled(w, files[view].as_uri())
    assert w.errors == [] and w.dialogs == []
    assert w.foreign == [], "the page asked another origin for something"
    legend = w.page.locator("#legend")
    assert legend.is_visible()
    assert legend.inner_text().startswith("Legend" if view == "network" else "Chú giải")
    assert w.page.locator("img[src=x], svg[onload]").count() == 0
    if view in ("flag", "network", "path", "entity"):
        assert w.page.evaluate(FLAGGED) >= 1
    w.page.screenshot(path=str(site.artifacts / f"{view}.png"))


def test_hostile_text_in_a_written_view_stays_text(files, watched):
    w = watched("file://")
    _settled(w, files["flag"].as_uri())
    evidence = w.page.locator("#evidence").inner_text()
    assert XSS_EVIDENCE in evidence
    labels = w.page.evaluate("window.lienketViz.nodes.get().map(n => n.label).join('\\n')")
    assert XSS_NAME in labels
    w.page.hover("#graph")
    assert w.dialogs == [] and w.page.locator("script:not([type]):not([src])").count() == 2


def _login(w, site, role: str, then: str = "/viz/") -> None:
    w.page.goto(site.url + then)
    w.page.fill("input[name=key]", site.keys[role])
    w.page.fill("input[name=purpose]", "VV-2026-07 xác minh")
    w.page.click("form.stack button[type=submit]")
    w.page.wait_for_load_state()


def test_an_investigator_searches_opens_and_expands(site, watched):
    w = watched(site.url)
    _login(w, site, "investigator")
    w.page.goto(site.url + "/viz/?type=person&q=" + "img onerror")
    results = w.page.locator("#results")
    assert XSS_NAME in results.inner_text()
    w.page.click("#results a >> nth=0")
    assert w.page.locator("#entity-title").inner_text().endswith(XSS_NAME)
    w.page.goto(site.url + "/viz/graph/enterprise/4900123456?depth=1")
    w.page.wait_for_selector("body[data-stabilized]", timeout=20_000)
    before = w.page.evaluate("window.lienketViz.nodes.length")
    point = w.page.evaluate("""() => {
        const v = window.lienketViz;
        const id = v.nodes.get().find(n => n.kind === 'entity' && n.id.startsWith('EnterpriseRole:')).id;
        const p = v.network.canvasToDOM(v.network.getPositions([id])[id]);
        const box = document.getElementById('graph').getBoundingClientRect();
        return [id, p.x + box.left, p.y + box.top]; }""")
    w.page.mouse.click(point[1], point[2])
    w.page.wait_for_selector("body[data-expanded]", timeout=20_000)
    assert w.page.evaluate("window.lienketViz.nodes.length") > before
    assert w.page.locator("input[data-type-filter=Person]").count() == 1  # a new legend row
    assert point[0].split(":", 1)[1] in w.page.locator("#details-text").inner_text()
    assert w.page.locator("img[src=x], svg[onload]").count() == 0
    shown = w.page.evaluate("window.lienketViz.view.length")
    w.page.uncheck("input[data-type-filter=EnterpriseRole]")
    roles = w.page.evaluate("window.lienketViz.nodes.get().filter(n => n.ntype === 'EnterpriseRole').length")
    assert roles and w.page.evaluate("window.lienketViz.view.length") == shown - roles
    w.page.check("input[data-type-filter=EnterpriseRole]")
    assert w.errors == [] and w.dialogs == [] and w.foreign == []
    w.page.screenshot(path=str(site.artifacts / "workspace-graph.png"))


def test_a_reviewer_filters_flags_opens_the_evidence_and_moves_the_status(site, watched):
    w = watched(site.url)
    _login(w, site, "reviewer", then="/viz/flags?kind=unlicensed_employment")
    assert w.page.url.endswith("/viz/flags?kind=unlicensed_employment")
    rows = w.page.locator("#flags tr")
    assert rows.count() == 2  # header + the one flag of that kind
    w.page.click("#flags a")
    w.page.wait_for_selector("body[data-stabilized]", timeout=20_000)
    assert XSS_EVIDENCE in w.page.locator("#evidence").inner_text()
    w.page.screenshot(path=str(site.artifacts / "workspace-flag.png"))
    w.page.select_option("select[name=to]", "in_review")
    w.page.fill("textarea[name=reason]", "Đã giao cho tổ công tác <b>2</b>")
    w.page.click("#move-form button")
    w.page.wait_for_selector("body[data-stabilized]", timeout=20_000)
    history = w.page.locator("#history").inner_text()
    assert "Đã giao cho tổ công tác <b>2</b>" in history
    assert "Đang xem xét" in w.page.locator("#evidence").inner_text()
    w.page.goto(site.url + f"/viz/flags/{site.network_flag}?lang=en")
    w.page.wait_for_selector("body[data-stabilized]", timeout=20_000)
    assert w.page.locator("#ranking li").first.inner_text().startswith("Nông Văn Hùng")
    w.page.screenshot(path=str(site.artifacts / "workspace-network.png"))
    assert w.errors == [] and w.dialogs == [] and w.foreign == []
    assert XSS_COMPANY not in w.page.content()
