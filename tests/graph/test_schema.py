"""Invariants over the whole graph model."""

from graph.schema import (
    NODE_TYPES, REL_TYPES, NodeType, RelType, constraint_statements, index_statements, node_type,
)

import pytest


def test_every_relationship_end_is_a_declared_node_type():
    labels = {n.label for n in NODE_TYPES}
    for rel in REL_TYPES:
        assert set(rel.sources) <= labels, rel.type
        assert set(rel.targets) <= labels, rel.type


def test_labels_and_types_are_unique_and_keys_required():
    assert len({n.label for n in NODE_TYPES}) == len(NODE_TYPES)
    assert len({r.type for r in REL_TYPES}) == len(REL_TYPES)
    for node in NODE_TYPES:
        assert node.key in node.required, node.label
        assert node.colour.startswith("#") and len(node.colour) == 7


def test_every_record_type_is_keyed_by_its_source_reference():
    for node in NODE_TYPES:
        if node.is_record:
            assert node.key == "ref"


def test_one_constraint_per_node_type_and_indexes_from_declarations():
    assert len(constraint_statements()) == len(NODE_TYPES)
    assert len(index_statements()) == sum(len(n.indexed) for n in NODE_TYPES)


def test_unknown_label_is_refused_with_the_known_ones():
    with pytest.raises(KeyError, match="known: .*Person"):
        node_type("Persn")


def test_only_plain_identifiers_can_be_declared_for_formatting_into_cypher():
    with pytest.raises(ValueError, match="not a plain Cypher identifier"):
        NodeType("Person) DETACH DELETE (n", "key", "x", "x", "#000000")
    with pytest.raises(ValueError, match="not a plain Cypher identifier"):
        NodeType("Person", "key", "x", "x", "#000000", indexed=("name` OR 1=1",))
    with pytest.raises(ValueError, match="not a plain Cypher identifier"):
        RelType("KNOWS]->() DELETE r//", ("Person",), ("Person",), "x", "x")
