"""The Cypher the views add to :mod:`api.explore`: facts, flags and true degrees of the
nodes on screen, and a flag's evidence subgraph.

Labels and keys are formatted in only from :mod:`graph.schema` (Cypher cannot take
them as parameters); every value is a parameter. ``{label}``/``{key}`` are filled
with :func:`for_label`.
"""

from __future__ import annotations

from analysis.flags_cypher import EVIDENCE_EDGES, EVIDENCE_NAMED, EVIDENCE_NODES
from graph.schema import NodeType

__all__ = ["NODE_FACTS", "DEGREES", "PERSON_DEGREES", "RECORD_PERSON_DEGREES",
           "FLAG_LINKED", "FLAG_EDGES", "FLAG_NAMED", "for_label"]

# Facts for tooltips and the live (not stale) flags that name a node as their
# subject or a suspect: what makes a node "flagged" on screen. Rows cited as
# evidence, related enterprises and a network's travellers are not suspects.
NODE_FACTS = """
MATCH (n:{label}) WHERE n.{key} IN $keys
OPTIONAL MATCH (f:Flag)-[x:FLAGS]->(n)
WHERE f.stale_since IS NULL AND NOT x.role IN $not_suspect
RETURN n.{key} AS key, properties(n) AS props,
       collect([f.flag_id, f.kind, f.score, x.role, f.status]) AS flags"""

# How many neighbours of each kind a node really has, for counts on aggregate
# nodes and "N more hidden" markers (the neighbourhood itself is capped).
DEGREES = """
MATCH (n:{label})-[r]-(m) WHERE n.{key} IN $keys AND NOT labels(m)[0] IN $skip
RETURN n.{key} AS key, type(r) AS rel, labels(m)[0] AS other, count(*) AS n"""

# People are seen through mentions: a person's neighbours are the rows naming them.
PERSON_DEGREES = """
MATCH (p:Person)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES]-(r) WHERE p.person_id IN $keys
RETURN p.person_id AS key, 'NAMES' AS rel, labels(r)[0] AS other, count(DISTINCT r) AS n"""

RECORD_PERSON_DEGREES = """
MATCH (r:{label})-[:NAMES]->(:Mention)-[:RESOLVES_TO]->(p:Person) WHERE r.ref IN $keys
RETURN r.ref AS key, 'NAMES' AS rel, 'Person' AS other, count(DISTINCT p) AS n"""

# A flag's evidence subgraph is the flags store's: one definition for every reader.
FLAG_LINKED, FLAG_EDGES, FLAG_NAMED = EVIDENCE_NODES, EVIDENCE_EDGES, EVIDENCE_NAMED


def for_label(query: str, spec: NodeType) -> str:
    """``query`` for one schema node type (its label and key, never request text)."""
    return query.replace("{label}", spec.label).replace("{key}", spec.key)
