"""Every Cypher statement of the unlicensed-employment detector, named and parameterised.

The database does the pattern matching: which foreigners lodge at which
enterprise's premises, who is sponsored for work by whom, and, for those
candidates only, their permits, residence documents, stays, exits and
ownership stakes. Deciding whether a working period was covered is interval
arithmetic on a handful of rows per person, done in Python
(:mod:`analysis.unlicensed`).

Dates are stored as ISO text (``YYYY-MM-DD``), so ``<= $as_of`` compares them
correctly; the ``--as-of`` rule (only facts dated on or before it count) is
applied here where a date says when a fact became known, and in Python for
the ends of intervals.
"""

from __future__ import annotations

__all__ = [
    "LODGING_BY_RUNNER", "LODGING_AT_HEAD_OFFICE", "WORK_SPONSORED", "PERSON_FACTS",
]

# Stays at an establishment the enterprise runs (its code is the
# establishment's code): a dormitory, or quarters typed OTHER. Hotels and
# guesthouses are excluded (a guest is not a worker) and households too (a
# household is coded by the host's citizen ID, never an enterprise's).
# Starts from the few establishments with RUN_BY, not from every stay.
LODGING_BY_RUNNER = """
MATCH (est:Establishment)-[:RUN_BY]->(e:Enterprise)
MATCH (s:Stay)-[:AT_ESTABLISHMENT]->(est)
WHERE s.arrived_on <= $as_of AND NOT coalesce(s.establishment_type, 'OTHER') IN $not_work
MATCH (s)-[:NAMES {role: 'guest'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
RETURN p.person_id AS person_id, e.parent_code AS enterprise_code, s.ref AS ref,
       s.arrived_on AS arrived_on, s.left_on AS left_on,
       coalesce(s.establishment_type, 'OTHER') AS kind, est.name AS place,
       est.establishment_key AS establishment_key, 'runs' AS via"""

# Stays at an establishment whose premises are an address the enterprise (or
# one of its branches) registered as its head office: living quarters on the
# company's site. Same exclusions: a hotel at its own head office is a hotel.
LODGING_AT_HEAD_OFFICE = """
MATCH (g:Registration)-[:ABOUT {role: 'registers'}]->(e:Enterprise)
MATCH (g)-[:AT_ADDRESS]->(:Address)<-[:AT_ADDRESS {role: 'premises'}]-(est:Establishment)
MATCH (s:Stay)-[:AT_ESTABLISHMENT]->(est)
WHERE s.arrived_on <= $as_of AND NOT coalesce(s.establishment_type, 'OTHER') IN $not_work
MATCH (s)-[:NAMES {role: 'guest'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
RETURN p.person_id AS person_id, e.parent_code AS enterprise_code, s.ref AS ref,
       s.arrived_on AS arrived_on, s.left_on AS left_on,
       coalesce(s.establishment_type, 'OTHER') AS kind, est.name AS place,
       est.establishment_key AS establishment_key, 'head_office' AS via"""

# Residence documents and sponsorship applications that name an enterprise
# as sponsor for a work purpose (LĐ): the enterprise asked for this person
# to work for it. Other purposes (DN visitors, DL tour groups) are not
# evidence of work and are not candidates on that ground.
WORK_SPONSORED = """
MATCH (x:ResidenceRecord)-[:ABOUT {role: 'sponsor'}]->(e:Enterprise)
WHERE x.residence_symbol STARTS WITH 'LD' AND coalesce(x.valid_from, '') <= $as_of
MATCH (x)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
RETURN DISTINCT p.person_id AS person_id, e.parent_code AS enterprise_code
UNION
MATCH (x:Sponsorship)-[:ABOUT {role: 'sponsor'}]->(e:Enterprise)
WHERE x.purpose_symbol STARTS WITH 'LD' AND coalesce(x.submitted_on, x.stay_from, '') <= $as_of
MATCH (x)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
RETURN DISTINCT p.person_id AS person_id, e.parent_code AS enterprise_code"""

# Everything the decision needs about a batch of candidate people, one row
# per person. Records dated after as_of are left out here; the ends of
# intervals are cut at as_of in Python.
PERSON_FACTS = """
UNWIND $person_ids AS pid
MATCH (p:Person {person_id: pid})
RETURN pid AS person_id, p.passport_nos AS passport_nos, p.id_nos AS id_nos,
       p.records AS records, p.full_name AS full_name,
  COLLECT {
    MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'subject'}]-(w:WorkPermit)
    WHERE coalesce(w.valid_from, '') <= $as_of
    OPTIONAL MATCH (w)-[:ABOUT {role: 'employer'}]->(e:Enterprise)
    RETURN [w.ref, w.kind, w.status, e.parent_code, w.valid_from, w.valid_to, w.revoked_on,
            w.employer_code]
  } AS permits,
  COLLECT {
    MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'subject'}]-(r:ResidenceRecord)
    WHERE coalesce(r.valid_from, '') <= $as_of
    OPTIONAL MATCH (r)-[:ABOUT {role: 'sponsor'}]->(e:Enterprise)
    RETURN [r.ref, r.residence_doc_type, r.residence_symbol, r.valid_from, r.valid_to,
            e.parent_code]
  } AS documents,
  COLLECT {
    MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'subject'}]-(x:Sponsorship)
    WHERE coalesce(x.submitted_on, x.stay_from, '') <= $as_of
    MATCH (x)-[:ABOUT {role: 'sponsor'}]->(e:Enterprise)
    RETURN [x.ref, x.purpose_symbol, x.stay_from, x.stay_to, e.parent_code]
  } AS sponsorships,
  COLLECT {
    MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'guest'}]-(s:Stay)
    WHERE s.arrived_on <= $as_of
    RETURN [s.ref, s.arrived_on, s.left_on]
  } AS stays,
  COLLECT {
    MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'subject'}]-(b:BorderEvent)
    WHERE b.event_type = 'EXIT' AND b.occurred_at <= $as_of_end
    RETURN [b.ref, substring(b.occurred_at, 0, 10)]
  } AS exits,
  COLLECT {
    MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'subject'}]-(o:EnterpriseRole)
    WHERE o.role IN ['OWNER', 'MEMBER', 'SHAREHOLDER'] AND coalesce(o.since, '') <= $as_of
    MATCH (o)-[:ABOUT]->(e:Enterprise)
    RETURN [o.ref, e.parent_code, o.capital_vnd, o.share_pct, e.charter_capital_vnd, o.since,
            o.until]
  } AS stakes"""
