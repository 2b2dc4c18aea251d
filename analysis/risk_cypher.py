"""Every Cypher statement of the named risk queries, parameterised.

Each statement returns the source references (``ref``) behind every row, so
an analyst can open the rows that make the claim. Dates are ISO text;
timestamps ISO text at +07:00, compared against ``$as_of_end``
(``<as_of>T99``, after any time of that day). Every result is capped with
``LIMIT`` and every variable-length pattern is bounded.
"""

from __future__ import annotations

from functools import lru_cache

from graph.schema import node_type

__all__ = [
    "PERMITS_EXPIRING", "EXPIRED_BUT_DECLARED", "SPONSORS_WITHOUT_PERMITS", "TRAIL_CROSSERS",
    "SHARED_PHONES", "SHARED_VEHICLES", "SHARED_ADDRESSES", "STAYS_AND_CROSSINGS",
    "PATH_TYPES", "shortest_paths", "MAX_PATH_LENGTH", "PERSON_EXISTS",
]

# Permits whose valid_to falls in [as_of, until], with any later permit of
# the same person (a renewal already issued).
PERMITS_EXPIRING = """
MATCH (w:WorkPermit)
WHERE w.valid_to >= $as_of AND w.valid_to <= $until AND coalesce(w.valid_from, '') <= $as_of
  AND (w.revoked_on IS NULL OR w.revoked_on > $as_of) AND coalesce(w.status, '') <> 'REVOKED'
MATCH (w)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
OPTIONAL MATCH (w)-[:ABOUT {role: 'employer'}]->(e:Enterprise)
RETURN w.ref AS ref, w.permit_no AS permit_no, w.kind AS kind, w.status AS status,
       w.valid_to AS valid_to, w.employer_code AS employer_code, e.name AS employer_name,
       p.person_id AS person_id, p.full_name AS full_name, p.passport_nos AS passport_nos,
       COLLECT { MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'subject'}]-(n:WorkPermit)
                 WHERE n.valid_to > w.valid_to
                 RETURN n.ref } AS later
ORDER BY valid_to, ref
LIMIT $limit"""

# People declared in a stay after the last of their residence documents
# (visa, card, exemption) ran out. `end` is the departure, or as_of for a
# stay still open; the night of valid_to itself is covered.
EXPIRED_BUT_DECLARED = """
MATCH (r:ResidenceRecord)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
WHERE coalesce(r.valid_from, '') <= $as_of AND r.valid_to IS NOT NULL
WITH p, collect(r) AS docs
WITH p, reduce(last = head(docs), d IN docs |
                CASE WHEN d.valid_to > last.valid_to THEN d ELSE last END) AS last
WHERE last.valid_to < $as_of
MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'guest'}]-(s:Stay)
WITH p, last, s, CASE WHEN s.left_on IS NULL OR s.left_on > $as_of THEN $as_of
                      ELSE s.left_on END AS stay_end
WHERE s.arrived_on <= $as_of AND stay_end > last.valid_to
WITH p, last, s, stay_end,
     CASE WHEN s.arrived_on > last.valid_to THEN s.arrived_on
          ELSE toString(date(last.valid_to) + duration({days: 1})) END AS from_night
WITH p, last, s, stay_end, from_night,
     duration.inDays(date(from_night), date(stay_end)).days AS nights
WHERE nights > $grace_days
RETURN p.person_id AS person_id, p.full_name AS full_name, p.nationality AS nationality,
       p.passport_nos AS passport_nos, last.ref AS document_ref,
       last.residence_symbol AS symbol, last.valid_to AS valid_to, s.ref AS stay_ref,
       s.establishment_name AS place, s.arrived_on AS arrived_on, s.left_on AS left_on,
       nights
ORDER BY nights DESC, stay_ref
LIMIT $limit"""

# Foreigners an enterprise (or a branch) sponsored, and whether any permit
# or exemption naming the same parent enterprise exists for them.
SPONSORS_WITHOUT_PERMITS = """
CALL {
  MATCH (x:Sponsorship)-[:ABOUT {role: 'sponsor'}]->(e:Enterprise)
  WHERE coalesce(x.submitted_on, x.stay_from, '') <= $as_of
    AND (NOT $work_only OR x.purpose_symbol STARTS WITH 'LD')
  RETURN x, e
  UNION
  MATCH (x:ResidenceRecord)-[:ABOUT {role: 'sponsor'}]->(e:Enterprise)
  WHERE coalesce(x.valid_from, '') <= $as_of
    AND (NOT $work_only OR x.residence_symbol STARTS WITH 'LD')
  RETURN x, e
}
MATCH (x)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
WITH e.parent_code AS code, p, collect(x.ref) AS refs
WITH code, p, refs, COLLECT {
    MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'subject'}]-(w:WorkPermit)
    MATCH (w)-[:ABOUT {role: 'employer'}]->(we:Enterprise)
    WHERE we.parent_code = code AND coalesce(w.valid_from, '') <= $as_of
    RETURN w.ref } AS permits
WITH code, count(p) AS sponsored,
     collect(CASE WHEN size(permits) = 0 THEN [p.person_id, p.full_name] END) AS without,
     reduce(acc = [], r IN collect(CASE WHEN size(permits) = 0 THEN refs END) | acc + r)
       AS evidence
WHERE size(without) >= $min_foreigners
MATCH (e:Enterprise {enterprise_code: code})
RETURN code AS enterprise_code, e.name AS name, e.status AS status, sponsored,
       size(without) AS without_permit, without AS persons, evidence
ORDER BY without_permit DESC, enterprise_code
LIMIT $limit"""

# Crossings and apprehensions at unofficial trails and inland: starts from
# the few border points of those kinds (or of unknown kind), not every event.
TRAIL_CROSSERS = """
MATCH (bp:BorderPoint) WHERE bp.kind IS NULL OR bp.kind IN $kinds
MATCH (bp)<-[:AT_POINT]-(b:BorderEvent)
WHERE coalesce(b.border_point_kind, bp.kind) IN $kinds
  AND b.occurred_at <= $as_of_end AND ($since IS NULL OR b.occurred_at >= $since)
MATCH (b)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
WITH p, b ORDER BY b.occurred_at
WITH p, collect(b) AS events
RETURN p.person_id AS person_id, p.full_name AS full_name, p.nationality AS nationality,
       p.passport_nos AS passport_nos, p.id_nos AS id_nos, size(events) AS events,
       [e IN events | e.event_type] AS event_types,
       [e IN events | e.border_point_code] AS points,
       [e IN events WHERE e.case_ref IS NOT NULL | e.case_ref] AS cases,
       [e IN events WHERE e.role IS NOT NULL | e.role] AS roles,
       events[0].occurred_at AS first_at, events[-1].occurred_at AS last_at,
       [e IN events | e.ref] AS evidence
ORDER BY events DESC, last_at DESC, person_id
LIMIT $limit"""

# Who a phone, vehicle or address link belongs to: a household's host phone
# to the host, every other phone and personal address to the row's subject
# (the citizen, in a marriage). A guest owns no phone of the row.
PERSON_EXISTS = "MATCH (p:Person {person_id: $person_id}) RETURN p.person_id AS person_id"

_OWNS_PHONE = "(u.role = 'host_phone') = (n.role = 'host') AND n.role <> 'guest'"

SHARED_PHONES = f"""
MATCH (p:Person {{person_id: $person_id}})<-[:RESOLVES_TO]-(:Mention)<-[n:NAMES]-(r)
MATCH (r)-[u:USES_PHONE]->(x:Phone) WHERE {_OWNS_PHONE}
WITH p, x, collect(DISTINCT r.ref) AS mine
CALL {{
  WITH p, x
  MATCH (x)<-[u:USES_PHONE]-(r)-[n:NAMES]->(:Mention)-[:RESOLVES_TO]->(q:Person)
  WHERE q.person_id <> p.person_id AND {_OWNS_PHONE}
  RETURN 'Person' AS label, q.person_id AS key, q.full_name AS name, r.ref AS ref
  UNION
  WITH p, x
  MATCH (x)<-[:USES_PHONE]-(r:Registration)-[:ABOUT {{role: 'registers'}}]->(e:Enterprise)
  RETURN 'Enterprise' AS label, e.enterprise_code AS key, e.name AS name, r.ref AS ref
}}
RETURN 'phone' AS via, x.e164 AS value, label, key, name, mine, collect(DISTINCT ref) AS theirs
LIMIT $limit"""

SHARED_VEHICLES = """
MATCH (p:Person {person_id: $person_id})<-[:RESOLVES_TO]-(:Mention)
      <-[:NAMES {role: 'subject'}]-(r:BorderEvent)-[:USES_VEHICLE]->(x:Vehicle)
WITH p, x, collect(DISTINCT r.ref) AS mine
MATCH (x)<-[:USES_VEHICLE]-(r:BorderEvent)-[:NAMES {role: 'subject'}]->(:Mention)
      -[:RESOLVES_TO]->(q:Person)
WHERE q.person_id <> p.person_id
RETURN 'vehicle' AS via, x.plate AS value, 'Person' AS label, q.person_id AS key,
       q.full_name AS name, mine, collect(DISTINCT r.ref) AS theirs
LIMIT $limit"""

# Personal addresses: a residence record's temporary address, an owner's or
# officer's address, a citizen's address on a marriage, and the premises of a
# household the person stayed at or hosted. Work addresses on permits and
# hotels are not personal and are left out.
_MY_ADDRESS = """
  MATCH (r)-[a:AT_ADDRESS]->(x:Address)
  WHERE a.role IN ['address', 'vn_address'] AND n.role IN ['subject', 'citizen']
    AND NOT r:Registration
  RETURN x, r.ref AS ref
  UNION
  WITH r, n
  MATCH (r:Stay)-[:AT_ESTABLISHMENT]->(est:Establishment)-[:AT_ADDRESS]->(x:Address)
  WHERE est.kind = 'HOUSEHOLD' AND n.role IN ['guest', 'host']
  RETURN x, r.ref AS ref"""

SHARED_ADDRESSES = f"""
MATCH (p:Person {{person_id: $person_id}})<-[:RESOLVES_TO]-(:Mention)<-[n:NAMES]-(r)
CALL {{ WITH r, n{_MY_ADDRESS} }}
WITH p, x, collect(DISTINCT ref) AS mine
CALL {{
  WITH p, x
  MATCH (x)<-[a:AT_ADDRESS]-(r)-[n:NAMES]->(:Mention)-[:RESOLVES_TO]->(q:Person)
  WHERE q.person_id <> p.person_id AND a.role IN ['address', 'vn_address']
    AND n.role IN ['subject', 'citizen']
  RETURN 'Person' AS label, q.person_id AS key, q.full_name AS name, r.ref AS ref
  UNION
  WITH p, x
  MATCH (x)<-[:AT_ADDRESS]-(est:Establishment)<-[:AT_ESTABLISHMENT]-(r:Stay)
  WHERE est.kind = 'HOUSEHOLD'
  MATCH (r)-[n:NAMES]->(:Mention)-[:RESOLVES_TO]->(q:Person)
  WHERE q.person_id <> p.person_id AND n.role IN ['guest', 'host']
  RETURN 'Person' AS label, q.person_id AS key, q.full_name AS name, r.ref AS ref
  UNION
  WITH p, x
  MATCH (x)<-[:AT_ADDRESS]-(r:Registration)-[:ABOUT {{role: 'registers'}}]->(e:Enterprise)
  RETURN 'Enterprise' AS label, e.enterprise_code AS key, e.name AS name, r.ref AS ref
}}
RETURN 'address' AS via, coalesce(x.display, x.address_key) AS value, label, key, name, mine,
       collect(DISTINCT ref) AS theirs
LIMIT $limit"""

# Every foreign guest's declared stays with their entries and exits, one
# row per person; the comparison is done in Python.
STAYS_AND_CROSSINGS = """
MATCH (s:Stay)-[:NAMES {role: 'guest'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
WHERE s.arrived_on <= $as_of
WITH p, collect([s.ref, s.arrived_on, s.left_on, s.establishment_name]) AS stays
RETURN p.person_id AS person_id, p.full_name AS full_name, p.nationality AS nationality,
       p.passport_nos AS passport_nos, stays,
       COLLECT { MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'subject'}]-(b:BorderEvent)
                 WHERE b.event_type IN ['ENTRY', 'EXIT'] AND b.occurred_at <= $as_of_end
                 RETURN [b.ref, b.event_type, b.occurred_at] } AS crossings"""

# Paths go through evidence and entities, never through analysis nodes, and
# not through border points (a gate thousands cross links no one).
PATH_TYPES = ("NAMES|RESOLVES_TO|ABOUT|AT_ADDRESS|USES_PHONE|USES_EMAIL|USES_VEHICLE|"
              "AT_ESTABLISHMENT|IN_CASE|IN_GROUP|BRANCH_OF|RUN_BY")
MAX_PATH_LENGTH = 10


@lru_cache(maxsize=None)
def shortest_paths(from_label: str, to_label: str, max_length: int) -> str:
    """Up to ``$limit`` shortest paths between two nodes found by their keys.

    Labels and keys come from :mod:`graph.schema` (``node_type`` refuses any
    other) and the length is an int in 1..MAX_PATH_LENGTH: a bound cannot be
    a parameter in Cypher, so it is formatted in.
    """
    a, b = node_type(from_label), node_type(to_label)
    if not 1 <= int(max_length) <= MAX_PATH_LENGTH:
        raise ValueError(f"max_length must be 1 to {MAX_PATH_LENGTH}")
    return f"""
MATCH (a:{a.label} {{{a.key}: $from_key}})
MATCH (b:{b.label} {{{b.key}: $to_key}})
MATCH path = allShortestPaths((a)-[:{PATH_TYPES}*..{int(max_length)}]-(b))
WHERE all(x IN nodes(path) WHERE NOT x:BorderPoint)
RETURN [x IN nodes(path) | [labels(x)[0], properties(x)]] AS nodes,
       [r IN relationships(path) | [type(r), r.role]] AS rels
LIMIT $limit"""

# ---------------------------------------------------------------------------
# Naive one-rule baselines, used by analysis.evaluate to show what the
# detectors add over the obvious query an analyst would write first.

# "A sponsored foreigner with no permit naming the sponsor."
BASELINE_UNLICENSED = """
CALL {
  MATCH (x:Sponsorship)-[:ABOUT {role: 'sponsor'}]->(e:Enterprise)
  WHERE coalesce(x.submitted_on, x.stay_from, '') <= $as_of
  RETURN x, e
  UNION
  MATCH (x:ResidenceRecord)-[:ABOUT {role: 'sponsor'}]->(e:Enterprise)
  WHERE coalesce(x.valid_from, '') <= $as_of
  RETURN x, e
}
MATCH (x)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
WITH DISTINCT p, e.parent_code AS code
WHERE NOT EXISTS {
  MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'subject'}]-(w:WorkPermit)
  MATCH (w)-[:ABOUT {role: 'employer'}]->(we:Enterprise)
  WHERE we.parent_code = code AND coalesce(w.valid_from, '') <= $as_of }
RETURN p.person_id AS person_id, p.passport_nos AS passport_nos, p.records AS records,
       code AS enterprise_code"""

# "A Vietnamese sole owner of an enterprise that sponsors foreigners."
BASELINE_NOMINEE = """
MATCH (o:EnterpriseRole)-[:ABOUT]->(e:Enterprise)
WHERE (o.role = 'OWNER' OR o.share_pct = 100) AND o.id_type IN ['CCCD', 'CMND']
  AND coalesce(o.since, '') <= $as_of AND (o.until IS NULL OR o.until > $as_of)
WITH DISTINCT e
WHERE EXISTS { MATCH (e)<-[:BRANCH_OF*0..1]-(s:Enterprise)<-[:ABOUT {role: 'sponsor'}]-(x)
               WHERE x:Sponsorship OR x:ResidenceRecord }
RETURN e.enterprise_code AS enterprise_code"""

# Apprehension cases and the people in them, for "connected components of
# cases sharing any person".
BASELINE_CASE_MEMBERS = """
MATCH (c:ApprehensionCase)<-[:IN_CASE]-(b:BorderEvent)
WHERE b.occurred_at <= $as_of_end
MATCH (b)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
RETURN DISTINCT c.case_ref AS case_ref, p.person_id AS person_id, p.records AS records"""
