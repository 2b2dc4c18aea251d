"""Every Cypher statement of entity resolution, named and parameterised.

Big reads go by ranges of a node's key (see :mod:`ingest.resolve.ranges` for
why): ``COUNT_IN_RANGE``, ``BOUNDS_IN_RANGE`` and ``KEYS_IN_RANGE`` cut the key
space; the ``*_IN_RANGE`` reads return one row holding a list of lists, not
one Bolt record per node, to keep the transfer small.

What a run last wrote is known from each person's ``signature`` (a hash of
its properties and of its mentions' links), so the reader needs no join to
the current links, and mentions keep the 16 properties ingest gives them
(more slows the engine's writes of that label).
"""

from __future__ import annotations

__all__ = [
    "COUNT_IN_RANGE", "BOUNDS_IN_RANGE", "KEYS_IN_RANGE", "MENTION_FIELDS", "MENTIONS_IN_RANGE",
    "MENTION_COUNT", "UNRESOLVED_COUNT", "SEEN_ON", "PASSPORT_PERIODS",
    "SPLITS",
    "PERSON_SIGNATURES", "MERGE_SIGNATURES", "CREATE_TERMS", "CREATE_PERSONS", "LINK_MENTIONS",
    "WRITE_PERSONS", "SIGN_PERSONS",
    "DELETE_PERSONS", "CREATE_MERGES", "UPDATE_MERGES", "DELETE_DECISIONS",
    "CREATE_SPLIT", "PERSON", "PERSON_MENTIONS", "EXPLAINED_MENTION", "PERSON_DECISIONS",
    "PERSONS_IN_RANGE", "MENTION_PERSONS",
]

# ------------------------------------------------------------------ ranges
# label and key per kind of node read in ranges; from this module only.
_KEYED = {"mention": ("Mention", "mention_id"), "person": ("Person", "person_id"),
          "decision": ("ResolutionDecision", "decision_id")}
_RANGE = "MATCH (n:{label}) WHERE n.{key} >= $lo AND n.{key} < $hi "
COUNT_IN_RANGE = {kind: _RANGE.format(label=label, key=key) + "RETURN count(n) AS n"
                  for kind, (label, key) in _KEYED.items()}
BOUNDS_IN_RANGE = {kind: _RANGE.format(label=label, key=key)
                   + f"RETURN min(n.{key}) AS first, max(n.{key}) AS last"
                   for kind, (label, key) in _KEYED.items()}
KEYS_IN_RANGE = {kind: _RANGE.format(label=label, key=key) + f"RETURN collect(n.{key}) AS keys"
                 for kind, (label, key) in _KEYED.items()}

# ------------------------------------------------------------------ reading

# One row per range, a list of lists: one Bolt record per mention costs the
# driver and the engine about twice as much (measured: 16k against 7k
# mentions/s). Field order is the unpacking in ingest.resolve.reader.facts_from_row.
MENTION_FIELDS = ("mention_id", "ref", "role", "full_name", "name_tokens", "nationality",
                  "date_of_birth", "sex", "passport_no", "id_no", "id_kind", "phone",
                  "address_key")
MENTIONS_IN_RANGE = ("MATCH (m:Mention) WHERE m.mention_id >= $lo AND m.mention_id < $hi\n"
                     "RETURN collect([" + ", ".join(f"m.{f}" for f in MENTION_FIELDS)
                     + "]) AS rows")

MENTION_COUNT = "MATCH (m:Mention) RETURN count(m) AS n"

# Anti-join by pattern: 4x faster than NOT EXISTS { } on the embedded engine.
UNRESOLVED_COUNT = "MATCH (m:Mention) WHERE NOT (m)-[:RESOLVES_TO]->() RETURN count(m) AS n"

# When each record was true, to list a person's passports newest first.
SEEN_ON = """
UNWIND $ids AS mid
MATCH (m:Mention {mention_id: mid})<-[:NAMES]-(r)
RETURN mid, coalesce(r.valid_from, r.stay_from, r.arrived_on, r.occurred_at, r.since,
                     r.submitted_on, r.registered_on) AS seen"""

# First and last date each passport was seen on (to tell a renewal from two
# namesakes): only asked for the few passports such a pair involves.
PASSPORT_PERIODS = """
UNWIND $keys AS key
MATCH (m:Mention {passport_key: key})<-[:NAMES]-(r)
WITH key, coalesce(r.valid_from, r.stay_from, r.arrived_on, r.occurred_at, r.since,
                   r.submitted_on, r.registered_on) AS seen
WHERE seen IS NOT NULL
RETURN key, min(seen) AS first, max(seen) AS last"""

SPLITS = """
MATCH (d:ResolutionDecision {kind: 'split'})
RETURN d.decision_id AS decision_id, d.cannot_link AS cannot_link"""

PERSON_SIGNATURES = """
MATCH (p:Person) WHERE p.person_id >= $lo AND p.person_id < $hi
RETURN collect([p.person_id, p.signature]) AS rows"""

MERGE_SIGNATURES = """
MATCH (d:ResolutionDecision) WHERE d.decision_id >= $lo AND d.decision_id < $hi
  AND d.kind = 'merge'
RETURN collect([d.decision_id, d.signature]) AS rows"""

# ------------------------------------------------------------------ writing
# People no Person holds yet (ingest.resolve.writer): their search terms
# (keys and name from ingest.resolve.search_terms) first, then each Person
# with its signature; MERGE for the Person is a cheap guard against a
# concurrent run.
CREATE_TERMS = """
UNWIND $rows AS row
UNWIND row.terms AS key
CREATE (:PersonTerm {key: key, person_id: row.person_id, name: row.name})"""

CREATE_PERSONS = """
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id})
SET p += row.props"""

# Their links, one row per mention, in mention-id order: flat rows in key
# order were faster than links nested under their person. Rows are maps: the
# engine looks up ``link.mention_id`` in the index, not ``link[0]``.
LINK_MENTIONS = """
UNWIND $links AS link
MATCH (m:Mention {mention_id: link.mention_id})
MATCH (p:Person {person_id: link.person_id})
CREATE (m)-[:RESOLVES_TO {method: link.method, score: link.score}]->(p)"""

# A changed person is rewritten whole: its properties, and its incoming
# links replaced by its current mentions' (a mention that moved away from it
# loses its old link here, or when its old person is deleted). Rows are
# grouped by person: one person lookup per person, not per mention (2x faster).
# The signature is written after (SIGN_PERSONS), once the links are in: a run
# killed in between leaves the old signature, and the next run redoes the person.
WRITE_PERSONS = """
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id})
SET p += row.props
WITH p, row
CALL { WITH p MATCH (p)<-[old:RESOLVES_TO]-() DELETE old }
WITH p, row
UNWIND row.links AS link
MATCH (m:Mention {mention_id: link.mention_id})
CREATE (m)-[:RESOLVES_TO {method: link.method, score: link.score}]->(p)"""

SIGN_PERSONS = """
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
SET p.signature = row.signature"""

DELETE_PERSONS = """
UNWIND $ids AS pid
MATCH (p:Person {person_id: pid})
DETACH DELETE p"""

CREATE_MERGES = """
UNWIND $rows AS row
MATCH (a:Mention {mention_id: row.props.mention_a})
MATCH (b:Mention {mention_id: row.props.mention_b})
CREATE (d:ResolutionDecision)
SET d = row.props
CREATE (d)-[:DECIDES]->(a)
CREATE (d)-[:DECIDES]->(b)"""

UPDATE_MERGES = """
UNWIND $rows AS row
MATCH (d:ResolutionDecision {decision_id: row.props.decision_id})
SET d += row.props"""

DELETE_DECISIONS = """
UNWIND $ids AS did
MATCH (d:ResolutionDecision {decision_id: did})
DETACH DELETE d"""

CREATE_SPLIT = """
CREATE (d:ResolutionDecision)
SET d = $props
WITH d
UNWIND $mention_ids AS mid
MATCH (m:Mention {mention_id: mid})
CREATE (d)-[:DECIDES]->(m)
WITH d LIMIT 1
MATCH (p:Person {person_id: $person_id})
CREATE (d)-[:DECIDES]->(p)"""

# ------------------------------------------------------------ explain, export
PERSON = "MATCH (p:Person {person_id: $person_id}) RETURN properties(p) AS person"

# What an explanation shows of each mention of a person (``m``) and its link
# (``r``): as columns here, as one map per mention in a caller's own statement.
_EXPLAINED = (("mention_id", "m.mention_id"), ("ref", "m.ref"), ("role", "m.role"),
              ("full_name", "m.full_name"), ("date_of_birth", "m.date_of_birth"),
              ("nationality", "m.nationality"), ("passport_no", "m.passport_no"),
              ("id_no", "m.id_no"), ("phone", "m.phone"), ("method", "r.method"),
              ("score", "r.score"))
EXPLAINED_MENTION = "{" + ", ".join(f"{name}: {expr}" for name, expr in _EXPLAINED) + "}"

PERSON_MENTIONS = ("MATCH (m:Mention)-[r:RESOLVES_TO]->(:Person {person_id: $person_id})\n"
                   "RETURN " + ", ".join(f"{expr} AS {name}" for name, expr in _EXPLAINED)
                   + "\nORDER BY mention_id")

PERSON_DECISIONS = """
MATCH (:Person {person_id: $person_id})<-[:RESOLVES_TO]-(:Mention)<-[:DECIDES]-(d:ResolutionDecision)
RETURN DISTINCT properties(d) AS decision"""

MENTION_PERSONS = """
UNWIND $ids AS mid
MATCH (m:Mention {mention_id: mid})-[:RESOLVES_TO]->(p:Person)
RETURN m.mention_id AS mention_id, p.person_id AS person_id"""

PERSONS_IN_RANGE = """
MATCH (p:Person) WHERE p.person_id >= $lo AND p.person_id < $hi
RETURN p.person_id AS person_id, p.full_name AS full_name, p.nationality AS nationality,
       p.date_of_birth AS date_of_birth, p.passport_nos AS passport_nos,
       p.id_nos AS id_nos, p.records AS records
ORDER BY person_id"""
