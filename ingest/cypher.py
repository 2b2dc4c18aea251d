"""Every Cypher statement of ingest, named and parameterised.

A feed's rows are written by one statement: it creates the record node and,
in unit subqueries, the mentions and the links to entities merged by their
exact keys. Labels are formatted in from :mod:`ingest.contract` (which names
schema labels), never from input.
"""

from __future__ import annotations

from graph.schema import node_type
from ingest.contract import FEEDS

__all__ = ["EXISTING_RECORDS", "ANY_RECORD", "LOAD_ROWS", "LINKS_BY_FEED"]

# A branch code (NNNNNNNNNN-NNN) also links its parent enterprise.
_BRANCH_OF_PARENT = """
  WITH t, e WHERE e.parent IS NOT NULL
  MERGE (p:Enterprise {enterprise_code: e.parent}) ON CREATE SET p.parent_code = e.parent
  MERGE (t)-[:BRANCH_OF]->(p) }"""

_LINKS = {
    "mentions": """
CALL { WITH r, row UNWIND row.mentions AS m
  CREATE (x:Mention) SET x = m
  CREATE (r)-[:NAMES {role: m.role}]->(x) }""",
    "addresses": """
CALL { WITH r, row UNWIND row.addresses AS a
  MERGE (t:Address {address_key: a.key}) ON CREATE SET t += a.props
  CREATE (r)-[:AT_ADDRESS {role: a.role}]->(t) }""",
    "phones": """
CALL { WITH r, row UNWIND row.phones AS p
  MERGE (t:Phone {e164: p.e164})
  CREATE (r)-[:USES_PHONE {role: p.role}]->(t) }""",
    "emails": """
CALL { WITH r, row UNWIND row.emails AS e
  MERGE (t:Email {address: e.address})
  CREATE (r)-[:USES_EMAIL {role: e.role}]->(t) }""",
    "enterprises": """
CALL { WITH r, row UNWIND row.enterprises AS e
  MERGE (t:Enterprise {enterprise_code: e.code})
  ON CREATE SET t.name = e.name, t.parent_code = coalesce(e.parent, e.code)
  CREATE (r)-[:ABOUT {role: e.role, as_given: e.as_given}]->(t)"""
    + _BRANCH_OF_PARENT,
    "registration": """
CALL { WITH r, row UNWIND row.registration AS e
  MERGE (t:Enterprise {enterprise_code: e.code})
  SET t += e.details, t.parent_code = coalesce(e.parent, e.code)
  CREATE (r)-[:ABOUT {role: e.role, as_given: e.as_given}]->(t)"""
    + _BRANCH_OF_PARENT,
    "organisations": """
CALL { WITH r, row UNWIND row.organisations AS o
  MERGE (t:Organisation {org_code: o.code}) ON CREATE SET t.name = o.name
  CREATE (r)-[:ABOUT {role: o.role}]->(t) }""",
    "vehicles": """
CALL { WITH r, row UNWIND row.vehicles AS v
  MERGE (t:Vehicle {plate: v.plate})
  CREATE (r)-[:USES_VEHICLE]->(t) }""",
    "points": """
CALL { WITH r, row UNWIND row.points AS p
  MERGE (t:BorderPoint {code: p.code}) ON CREATE SET t += p.props
  CREATE (r)-[:AT_POINT]->(t) }""",
    "cases": """
CALL { WITH r, row UNWIND row.cases AS c
  MERGE (t:ApprehensionCase {case_ref: c.case_ref})
  CREATE (r)-[:IN_CASE]->(t) }""",
    "groups": """
CALL { WITH r, row UNWIND row.groups AS g
  MERGE (t:CrossingGroup {group_ref: g.group_ref})
  CREATE (r)-[:IN_GROUP]->(t) }""",
    "establishments": """
CALL { WITH r, row UNWIND row.establishments AS s
  MERGE (t:Establishment {establishment_key: s.key}) ON CREATE SET t += s.props
  MERGE (a:Address {address_key: s.address_key}) ON CREATE SET a += s.address
  MERGE (t)-[:AT_ADDRESS {role: 'premises'}]->(a)
  CREATE (r)-[:AT_ESTABLISHMENT]->(t)
  WITH t, s WHERE s.enterprise IS NOT NULL
  MERGE (e:Enterprise {enterprise_code: s.enterprise})
  ON CREATE SET e.parent_code = s.enterprise
  MERGE (t)-[:RUN_BY]->(e) }""",
}

LINKS_BY_FEED: dict[str, tuple[str, ...]] = {
    "foreigners": ("mentions", "addresses", "phones", "enterprises", "organisations"),
    "sponsorships": ("mentions", "enterprises", "organisations"),
    "enterprises": ("registration", "addresses", "phones", "emails"),
    "enterprise_people": ("mentions", "addresses", "phones", "enterprises"),
    "work_permits": ("mentions", "addresses", "enterprises"),
    "residence_declarations": ("mentions", "phones", "establishments"),
    "border_events": ("mentions", "phones", "points", "vehicles", "cases", "groups"),
    "marriages": ("mentions", "addresses"),
}


# Each feed's record label, as the schema spells it: labels cannot be Cypher
# parameters, and only the schema's own (node_type refuses any other) are
# formatted into the statements below.
_RECORD_LABEL: dict[str, str] = {f.name: node_type(f.record_label).label for f in FEEDS}


def _load_statement(feed: str) -> str:
    body = "".join(_LINKS[link] for link in LINKS_BY_FEED[feed])
    return (f"UNWIND $rows AS row\nCREATE (r:{_RECORD_LABEL[feed]}) SET r = row.props\n"
            f"WITH r, row{body}\nRETURN count(r) AS written")


LOAD_ROWS: dict[str, str] = {feed: _load_statement(feed) for feed in _RECORD_LABEL}

EXISTING_RECORDS: dict[str, str] = {
    feed: (f"UNWIND $refs AS ref MATCH (r:{label} {{ref: ref}}) "
           "RETURN r.ref AS ref, r.row_hash AS row_hash")
    for feed, label in _RECORD_LABEL.items()
}

ANY_RECORD: dict[str, str] = {
    feed: f"MATCH (r:{label}) RETURN r.ref AS ref LIMIT 1"
    for feed, label in _RECORD_LABEL.items()
}
