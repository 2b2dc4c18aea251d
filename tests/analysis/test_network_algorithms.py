"""The pure network functions on toy graphs: linking, grouping, ranking, ids, look-alikes."""

from __future__ import annotations

import random

import pytest

from analysis.model import stable_id
from analysis.network_algorithms import (
    build_graph, case_graph, case_links, find_networks, network_id, rank_facilitators,
)


def ev(ref, case, person, role="TRAVELLER", *, kind="TRAIL", doc="NONE", etype="APPREHENDED",
       plate="", phone="", group=""):
    return {"ref": ref, "case_ref": case, "group_ref": group, "person_id": person, "role": role,
            "point_kind": kind, "document_type": doc, "event_type": etype, "plate": plate,
            "phone": phone}


def network_events():
    """Three cases tied by a guide, a van and the organiser's phone; a one-off case."""
    out = []
    for i, case in enumerate(["VV-1", "VV-2", "VV-3"]):
        out += [ev(f"{case}-t{j}", case, f"t{i}{j}", phone="+84900" if j == 0 and i != 1 else "")
                for j in range(3)]
    out += [ev("g1", "VV-1", "guide", "GUIDE"), ev("g2", "VV-2", "guide", "GUIDE"),
            ev("d2", "VV-2", "driver", "DRIVER", kind="INLAND", plate="12A34567"),
            ev("d3", "VV-3", "driver", "DRIVER", kind="INLAND", plate="12A34567"),
            ev("o3", "VV-3", "boss", "ORGANISER", kind="INLAND", phone="+84900")]
    out += [ev("x1", "VV-9", "lone", kind="INLAND"),
            ev("x2", "VV-9", "taxi", "DRIVER", kind="INLAND", plate="99Z99999", phone="+84999")]
    return out


def tour_groups():
    """Legal tour groups at the gate: a licensed leader recorded as GUIDE in every one."""
    return [ev(f"tg{g}-{j}", None, f"tourist{g}{j}", group=f"NH-{g}", kind="INTERNATIONAL_GATE",
               doc="PASSPORT", etype="ENTRY")
            for g in range(3) for j in range(10)] + [
        ev(f"lead{g}", None, "leader", "GUIDE", group=f"NH-{g}", kind="INTERNATIONAL_GATE",
           doc="PASSPORT", etype="ENTRY") for g in range(3)]


def test_build_graph_marks_illegal_cases_and_links_entities():
    g = build_graph(network_events() + tour_groups())
    assert g.nodes["case:VV-1"]["illegal"] and not g.nodes["case:group:NH-0"]["illegal"]
    assert g.edges["person:driver", "case:VV-2"]["roles"] == {"DRIVER"}
    assert set(g["vehicle:12A34567"]) == {"case:VV-2", "case:VV-3"}
    assert g.nodes["phone:+84900"]["kind"] == "phone"


def test_links_are_facilitators_vehicles_and_phones_in_two_cases():
    links = case_links(build_graph(network_events() + tour_groups()))
    assert {n: sorted(c) for n, c in links.items()} == {
        "person:driver": ["case:VV-2", "case:VV-3"], "person:guide": ["case:VV-1", "case:VV-2"],
        "phone:+84900": ["case:VV-1", "case:VV-3"], "vehicle:12A34567": ["case:VV-2", "case:VV-3"]}


def test_one_network_and_no_one_off_case_or_tour_group():
    nets = find_networks(build_graph(network_events() + tour_groups()))
    assert len(nets) == 1
    (net,) = nets
    assert net.cases == ("case:VV-1", "case:VV-2", "case:VV-3")
    assert "person:lone" not in net.members and "person:leader" not in net.members
    assert {r.person: r.role for r in net.facilitators} == {
        "person:guide": "GUIDE", "person:driver": "DRIVER", "person:boss": "ORGANISER"}
    assert len(net.members) == 9 + 3


def test_a_recurring_tour_leader_at_the_gates_is_not_a_network():
    assert find_networks(build_graph(tour_groups())) == []
    assert case_graph(build_graph(tour_groups())).number_of_nodes() == 0


def test_cases_linked_only_by_a_traveller_are_not_a_network():
    events = [ev("a", "VV-1", "repeat"), ev("b", "VV-2", "repeat"), ev("c", "VV-2", "other")]
    assert find_networks(build_graph(events)) == []


def test_a_lone_case_is_a_network_only_when_a_facilitator_moved_five_people():
    five = [ev(f"t{j}", "VV-1", f"t{j}") for j in range(5)] + [ev("g", "VV-1", "g", "GUIDE")]
    assert [n.cases for n in find_networks(build_graph(five))] == [("case:VV-1",)]
    assert find_networks(build_graph(five[1:])) == []
    assert find_networks(build_graph(five[:5])) == []  # five people caught, nobody leading


def test_a_household_putting_up_people_from_two_cases_ties_them():
    events = [ev("a", "VV-1", "t1"), ev("b", "VV-2", "t2", kind="INLAND")]
    stays = [{"ref": "KB1", "host": "h", "guest": "t1"}, {"ref": "KB2", "host": "h", "guest": "t2"}]
    (net,) = find_networks(build_graph(events, stays))
    assert net.members == ("person:h", "person:t1", "person:t2")
    assert [(r.person, r.role, r.cases) for r in net.facilitators] == [("person:h", "HOST", 2)]


def test_brokers_outrank_hubs():
    # the host put up eight travellers of one case (degree 9); the guide joins three cases
    events = [ev(f"g{i}", f"VV-{i}", "guide", "GUIDE") for i in (1, 2, 3)]
    events += [ev(f"t{i}{j}", f"VV-{i}", f"t{i}{j}") for i in (1, 2, 3) for j in range(2)]
    events += [ev("h", "VV-1", "host", "HOST", kind="INLAND")]
    stays = [{"ref": f"KB{j}", "host": "host", "guest": f"x{j}"} for j in range(8)]
    g = build_graph(events, stays)
    assert g.degree("person:host") > g.degree("person:guide")
    ranked = rank_facilitators(g, ["case:VV-1", "case:VV-2", "case:VV-3"])
    assert [r.person for r in ranked] == ["person:guide", "person:host"]
    assert ranked[0].betweenness > ranked[1].betweenness and ranked[0].cases == 3
    assert ranked[0].score == pytest.approx(0.5 * 1 + 0.5 * 3 / 3)


def test_ids_are_stable_and_do_not_depend_on_row_order():
    events = network_events()
    first = find_networks(build_graph(events))
    random.Random(3).shuffle(events)
    second = find_networks(build_graph(events))
    assert [(n.network_id, n.members, n.facilitators) for n in first] == [
        (n.network_id, n.members, n.facilitators) for n in second]
    assert first[0].network_id == network_id(["case:VV-3", "case:VV-1"]) == stable_id("n", "case:VV-1")


def test_a_large_component_joined_by_one_link_is_split_into_its_communities():
    events = []
    for side in "AB":
        for i in range(15):
            case = f"VV-{side}{i:02d}"
            events += [ev(f"{case}-d", case, f"driver{side}", "DRIVER", kind="INLAND",
                          plate=f"{side}-PLATE"), ev(f"{case}-t", case, f"t{side}{i}")]
    events += [ev("bridge1", "VV-A00", "guideX", "GUIDE"), ev("bridge2", "VV-B00", "guideX", "GUIDE")]
    g = build_graph(events)
    split = find_networks(g, split_above=25, seed=1)
    assert len(split) == 2 and {len(n.cases) for n in split} == {15}
    assert find_networks(g, split_above=25, seed=1) == split  # a fixed seed, the same answer
    assert len(find_networks(g, split_above=100)) == 1


def test_the_docstring_examples_run():
    import doctest

    import analysis.network_algorithms as module

    assert doctest.testmod(module).failed == 0
