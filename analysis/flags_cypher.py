"""Every Cypher statement of the flags store, named and parameterised.

A flag is one ``Flag`` node (its content as JSON text: the engine has no map
properties), ``FLAGS {role}`` links to the people, enterprises, records and
other entities of its evidence, and one ``FlagEvent`` node per change,
linked by ``HISTORY``. Labels are formatted in from :mod:`graph.schema`
(Cypher cannot parameterise them), never from input.
"""

from __future__ import annotations

from graph.schema import NODE_TYPES, rel_type

__all__ = [
    "FLAGS_OF_KINDS", "CREATE_FLAGS", "UPDATE_FLAGS", "TOUCH_FLAGS", "MARK_STALE",
    "FLAG", "FLAG_STATUS", "TRANSITION", "HISTORY", "LIST_FLAGS", "FINGERPRINT_BY_LABEL",
    "LINKED_LABELS", "EVIDENCE_NODES", "EVIDENCE_EDGES", "EVIDENCE_NAMED", "LEDGER_CHANGE",
    "OPEN_LEDGER",
]

# Labels a flag may point at, each with its key (FLAGS targets in the schema).
LINKED_LABELS: dict[str, str] = {
    n.label: n.key for n in NODE_TYPES if n.label in rel_type("FLAGS").targets
}

# The stored properties of a flag that every reader returns.
_FIELD_NAMES = ("flag_id", "kind", "score", "status", "created_at", "updated_at", "version",
                "rule_version", "data_fingerprint", "subject_json", "reasons", "persons_json",
                "enterprises", "evidence_json", "stale_since", "review_json")
_FIELDS = ", ".join(f"f.{name} AS {name}" for name in _FIELD_NAMES)
# The same as one map, for a page returned as one collected list: fifty rows
# cost the driver a third more than one list of fifty maps.
_FIELDS_MAP = "{" + ", ".join(f"{name}: f.{name}" for name in _FIELD_NAMES) + "}"

# The flags a run of these detectors owns; `kind` is indexed.
FLAGS_OF_KINDS = f"""
UNWIND $kinds AS k
MATCH (f:Flag {{kind: k}})
RETURN {_FIELDS}"""

# One subquery per linked label: rows carry `links: {{Label: [{{key, role}}]}}`.
_LINK = """
CALL {{ WITH f, row UNWIND coalesce(row.links.{label}, []) AS x
  MATCH (t:{label} {{{key}: x.key}})
  CREATE (f)-[:FLAGS {{role: x.role}}]->(t) }}"""
_LINKS = "".join(_LINK.format(label=label, key=key) for label, key in LINKED_LABELS.items())

# Every write that adds a flag or changes how flags list (kind, score, status,
# stale) gives the ledger a new random token in its own transaction: the API's
# listing index (api/flag_index.py) is rebuilt when the ledger's token is no
# longer the one it was built at. A token, not a counter: a counter restarts
# after a reset and could meet an old value.
_BUMP_LEDGER = """
MERGE (ledger:FlagLedger {key: 'flags'}) SET ledger.change = randomUUID()"""

LEDGER_CHANGE = "MATCH (ledger:FlagLedger {key: 'flags'}) RETURN ledger.change AS change"
OPEN_LEDGER = """
MERGE (ledger:FlagLedger {key: 'flags'})
ON CREATE SET ledger.change = randomUUID()"""

_EVENT = """
CREATE (e:FlagEvent) SET e = row.event
CREATE (f)-[:HISTORY]->(e)"""

# MERGE on the id (validated non-null), so a concurrent second run cannot
# duplicate a flag; ON MATCH does nothing: the caller saw no such flag, and
# the next run will compare and update it.
CREATE_FLAGS = f"""
UNWIND $rows AS row
MERGE (f:Flag {{flag_id: row.props.flag_id}})
ON CREATE SET f += row.props
WITH f, row WHERE f.created_at = row.props.created_at AND f.version = 1
{_EVENT}
WITH f, row{_LINKS}
WITH count(f) AS written{_BUMP_LEDGER}
RETURN written"""

# Content changed (or the flag came back): new content and links, version
# bumped by the caller, review state (status, review_json) untouched.
UPDATE_FLAGS = f"""
UNWIND $rows AS row
MATCH (f:Flag {{flag_id: row.props.flag_id}})
SET f += row.props
REMOVE f.stale_since
WITH f, row
CALL {{ WITH f MATCH (f)-[old:FLAGS]->() DELETE old }}
{_EVENT}
WITH f, row{_LINKS}
WITH count(f) AS written{_BUMP_LEDGER}
RETURN written"""

# Produced again with the same content: only the data fingerprint moves.
TOUCH_FLAGS = """
UNWIND $rows AS row
MATCH (f:Flag {flag_id: row.flag_id})
SET f.data_fingerprint = row.data_fingerprint"""

# No longer produced: kept with its review state, marked, and the change recorded.
MARK_STALE = f"""
UNWIND $rows AS row
MATCH (f:Flag {{flag_id: row.flag_id}})
SET f.stale_since = row.at, f.updated_at = row.at
WITH f, row
{_EVENT}
WITH count(f) AS written{_BUMP_LEDGER}
RETURN written"""

FLAG = f"""
MATCH (f:Flag {{flag_id: $flag_id}})
RETURN {_FIELDS}"""

FLAG_STATUS = "MATCH (f:Flag {flag_id: $flag_id}) RETURN f.status AS status"

# Conditional on the status the caller read in the same transaction.
TRANSITION = f"""
MATCH (f:Flag {{flag_id: $flag_id}}) WHERE f.status = $from_status
SET f.status = $to_status, f.updated_at = $at, f.review_json = $review_json
CREATE (e:FlagEvent) SET e = $event
CREATE (f)-[:HISTORY]->(e)
WITH f{_BUMP_LEDGER}
RETURN f.flag_id AS flag_id"""

HISTORY = """
MATCH (:Flag {flag_id: $flag_id})-[:HISTORY]->(e:FlagEvent)
RETURN properties(e) AS event
ORDER BY e.at, e.event_id"""

# Keyset pagination, score descending then id: stable while flags change.
# Null filters are "any".
LIST_FLAGS = f"""
MATCH (f:Flag)
WHERE ($kind IS NULL OR f.kind = $kind)
  AND ($status IS NULL OR f.status = $status)
  AND ($min_score IS NULL OR f.score >= $min_score)
  AND ($include_stale OR f.stale_since IS NULL)
  AND ($after_score IS NULL OR f.score < $after_score
       OR (f.score = $after_score AND f.flag_id > $after_id))
RETURN {_FIELDS}
ORDER BY f.score DESC, f.flag_id
LIMIT $limit"""

# What the data looked like when a run read it: per record label, how many
# rows and the largest row hash (a new or replaced row moves one of them);
# people too, by their resolution signatures.
FINGERPRINT_BY_LABEL: dict[str, str] = {
    n.label: f"MATCH (r:{n.label}) RETURN count(r) AS n, max(r.row_hash) AS h"
    for n in NODE_TYPES if n.is_record
}
FINGERPRINT_BY_LABEL["Person"] = (
    "MATCH (p:Person) RETURN count(p) AS n, max(p.signature) AS h")

# The nodes a flag points at: its evidence subgraph.
EVIDENCE_NODES = """
MATCH (f:Flag {flag_id: $flag_id})-[x:FLAGS]->(n)
RETURN elementId(n) AS eid, labels(n)[0] AS label, properties(n) AS props, x.role AS role"""

# Relationships among the nodes a flag points at, anchored on the flag.
EVIDENCE_EDGES = """
MATCH (f:Flag {flag_id: $flag_id})-[:FLAGS]->(a)-[r]->(b)
WHERE elementId(b) IN $ids
RETURN DISTINCT elementId(a) AS a, elementId(b) AS b, type(r) AS type, r.role AS role"""

# A source row names a person through a mention: drawn as one row -> person edge.
EVIDENCE_NAMED = """
MATCH (f:Flag {flag_id: $flag_id})-[:FLAGS]->(a)-[n:NAMES]->(:Mention)-[:RESOLVES_TO]->(p:Person)
WHERE elementId(p) IN $ids
RETURN DISTINCT elementId(a) AS a, elementId(p) AS b, 'NAMES' AS type, n.role AS role"""
