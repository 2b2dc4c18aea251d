"""The views as graphs, over the real database: folding, aggregation, caps, flags, paths."""

from __future__ import annotations

from graph.schema import node_type
from tests.viz.conftest import CROWD, XSS_EVIDENCE, XSS_NAME
from viz.render import render_file, safe_json
from viz.style import record_date
from viz.views import entity_view, flag_view, path_view


def test_a_crowd_of_neighbours_becomes_one_counted_node(site):
    graph = entity_view(site.store, node_type("BorderPoint"), "CKQT-HN", depth=1)
    crowds = [(n.label, n.count) for n in graph.nodes.values() if n.kind == "aggregate"]
    assert crowds == [("BorderEvent", CROWD)]
    assert not [n for n in graph.nodes.values() if n.kind == "entity" and n.label == "BorderEvent"]
    wider = entity_view(site.store, node_type("BorderPoint"), "CKQT-HN", depth=2)
    assert set(wider.nodes) == set(graph.nodes)  # what hung only from the crowd goes with it


def test_a_person_is_drawn_straight_from_the_rows_naming_them(site):
    person = site.persons["Hoàng Văn Minh"]
    graph = entity_view(site.store, node_type("Person"), person, depth=1)
    assert not [n for n in graph.nodes.values() if n.label == "Mention"]
    rows = {e.source for e in graph.edges.values() if e.target == f"Person:{person}"}
    assert {"Marriage:marriages:HN22", "EnterpriseRole:enterprise_people:1",
            "Sponsorship:sponsorships:A18"} <= rows
    assert graph.hidden == 0


def test_the_cap_keeps_the_nearest_nodes_and_counts_the_rest(site):
    graph = entity_view(site.store, node_type("Enterprise"), "4900123456", depth=2, cap=6)
    entities = [n for n in graph.nodes.values() if n.kind == "entity"]
    assert len(entities) <= 6 and graph.truncated
    assert graph.hidden > 0
    assert "Enterprise:4900123456" in graph.nodes


def test_a_flag_view_highlights_suspects_and_puts_evidence_on_edges(site):
    graph = flag_view(site.store, site.employment_flag)
    person = graph.nodes[f"Person:{site.persons[XSS_NAME]}"]
    assert person.title == XSS_NAME and person.score == 0.75
    evidence = [e for e in graph.edges.values() if e.type == "EVIDENCE"]
    assert {e.target for e in evidence} == {"ResidenceRecord:foreigners:R001",
                                            "Stay:residence_declarations:KB992"}
    assert all(XSS_EVIDENCE in e.text[0] for e in evidence)


def test_a_network_ranks_its_facilitators_by_centrality(site):
    graph = flag_view(site.store, site.network_flag)
    assert graph.view == "network"
    assert [(n.title, n.facilitator_role) for n in graph.ranking] == [("Nông Văn Hùng", "GUIDE")]
    assert graph.ranking[0].centrality == 1.0
    assert {"ApprehensionCase:VV-2025-02", "Vehicle:12A34567"} <= set(graph.nodes)


def test_paths_join_the_two_entities(site):
    person = site.persons[XSS_NAME]
    graph = path_view(site.store, node_type("Person"), person, node_type("Enterprise"),
                      "4900123456")
    assert graph.center == [f"Person:{person}", "Enterprise:4900123456"]
    assert len(graph.edges) >= 2
    assert not [n for n in graph.nodes.values() if n.label == "Mention"]


def test_json_in_a_page_cannot_close_its_script_block():
    text = safe_json({"name": "</script><img src=x>&\u2028\u2029"})
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert "\\u003c/script\\u003e" in text


def test_a_file_loads_nothing_from_anywhere(site):
    html = render_file(flag_view(site.store, site.employment_flag), "en")
    assert "default-src 'none'" in html
    assert "<script src" not in html and 'href="http' not in html
    assert XSS_NAME not in html and XSS_EVIDENCE not in html


def test_rows_show_the_dates_they_stand_for():
    assert record_date("Stay", {"arrived_on": "2025-01-02", "left_on": "2025-02-01"}) == \
        "2025-01-02 → 2025-02-01"
    assert record_date("BorderEvent", {"occurred_at": "2025-03-01T22:10:00+07:00"}) == "2025-03-01"
    assert record_date("Address", {}) is None
