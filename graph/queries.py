"""Every Cypher statement of the graph layer, named.

Statements whose label or type is formatted in take it from
:mod:`graph.schema` (Cypher cannot parameterise labels); values always travel
as parameters.
"""

from __future__ import annotations

from graph.schema import NODE_TYPES, REL_TYPES

__all__ = [
    "NODE_COUNT_BY_LABEL",
    "REL_COUNT_BY_TYPE",
    "DELETE_ALL_IN_TRANSACTIONS",
    "SHOW_CONSTRAINTS",
    "SHOW_INDEXES",
    "PING",
]

PING = "RETURN 1 AS ok"

SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name RETURN name"
SHOW_INDEXES = "SHOW INDEXES YIELD name, state RETURN name, state"

# Labels and types cannot be Cypher parameters: these are formatted from the
# schema's own declarations (graph/schema.py), never from input.
NODE_COUNT_BY_LABEL: dict[str, str] = {
    n.label: f"MATCH (n:{n.label}) RETURN count(n) AS count" for n in NODE_TYPES
}

REL_COUNT_BY_TYPE: dict[str, str] = {
    r.type: f"MATCH ()-[r:{r.type}]->() RETURN count(r) AS count" for r in REL_TYPES
}

# Used by tests and by `resolve --all`-style rebuilds on a real Neo4j, where a
# database cannot be dropped and recreated cheaply. Must run in auto-commit
# (session.run): CALL … IN TRANSACTIONS manages its own transactions.
DELETE_ALL_IN_TRANSACTIONS = (
    "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
)
