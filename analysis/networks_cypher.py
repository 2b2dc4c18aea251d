"""Every Cypher statement of the illegal-entry network detector, named and parameterised.

The database hands over a bounded subgraph: the apprehensions up to
``as_of`` (one row per event, with the resolved person, the role the event
gives them, and its case, group, vehicle and phone), the household
declarations of the people caught, and what a flag names each person by.
Grouping the cases into networks is done by pure functions on a NetworkX
graph (:mod:`analysis.network_algorithms`).

Which events count: APPREHENDED events at a trail or inland point, or with
no travel document at all. Refusals at a gate are the border working, and
ordinary crossings are legal; neither is read. Both statements start from
keyed entities (the apprehension cases; the trail and inland points), never
from a scan of every crossing. An event's point kind is taken from the row,
else from its point.

``occurred_at`` is stored at +07:00 as ISO text, so its first ten characters
are the local date and compare correctly with ``$as_of``.
"""

from __future__ import annotations

__all__ = ["APPREHENSIONS_IN_CASES", "APPREHENSIONS_AT_POINTS", "HOUSEHOLD_STAYS", "PERSONS"]

_EVENT_ROW = """
MATCH (b)-[:NAMES {role: 'subject'}]->(m:Mention)
OPTIONAL MATCH (m)-[:RESOLVES_TO]->(p:Person)
RETURN b.ref AS ref, b.case_ref AS case_ref, b.group_ref AS group_ref,
       b.vehicle_plate AS plate, b.phone AS phone, substring(b.occurred_at, 0, 10) AS day,
       b.border_point_code AS point, kind AS point_kind, b.document_type AS document_type,
       coalesce(m.event_role, b.role, 'TRAVELLER') AS role,
       coalesce(p.person_id, 'mention:' + m.mention_id) AS person_id"""

# Apprehensions that carry a case number.
APPREHENSIONS_IN_CASES = """
MATCH (:ApprehensionCase)<-[:IN_CASE]-(b:BorderEvent)
WHERE b.event_type = 'APPREHENDED' AND substring(b.occurred_at, 0, 10) <= $as_of
OPTIONAL MATCH (b)-[:AT_POINT]->(bp:BorderPoint)
WITH b, coalesce(b.border_point_kind, bp.kind) AS kind
WHERE kind IN $kinds OR b.document_type = 'NONE'""" + _EVENT_ROW

# Apprehensions at trail and inland points that carry no case number.
APPREHENSIONS_AT_POINTS = """
MATCH (bp:BorderPoint)<-[:AT_POINT]-(b:BorderEvent)
WHERE bp.kind IN $kinds AND b.case_ref IS NULL AND b.event_type = 'APPREHENDED'
  AND substring(b.occurred_at, 0, 10) <= $as_of
WITH b, coalesce(b.border_point_kind, bp.kind) AS kind""" + _EVENT_ROW

# Household declarations (by as_of) of the people caught: who put them up.
# A host known only by name stays a mention, never merged with anyone.
HOUSEHOLD_STAYS = """
UNWIND $ids AS pid
MATCH (:Person {person_id: pid})<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'guest'}]-(s:Stay)
WHERE s.establishment_type = 'HOUSEHOLD' AND s.arrived_on <= $as_of
MATCH (s)-[:NAMES {role: 'host'}]->(h:Mention)
OPTIONAL MATCH (h)-[:RESOLVES_TO]->(hp:Person)
RETURN pid AS guest, s.ref AS ref, coalesce(hp.person_id, 'mention:' + h.mention_id) AS host,
       s.establishment_name AS place"""

# What a flag names each person by.
PERSONS = """
UNWIND $ids AS pid
MATCH (p:Person {person_id: pid})
RETURN pid AS person_id, p.full_name AS full_name, p.nationality AS nationality,
       p.passport_nos AS passport_nos, p.id_nos AS id_nos"""
