"""Every Cypher statement of the nominee-investment detector, named and parameterised.

The database finds the facts; :mod:`analysis.nominee` weighs them. Reading
goes in three steps, each bounded by the one before:

1. every enterprise role started by ``as_of`` (who owns, represents or works
   for which enterprise) and every enterprise's registry details;
2. for the candidate enterprises only (a Vietnamese principal, no declared
   foreign owner or capital), the foreigners they sponsor, employ or house,
   and the foreigners who share their phone or live at their head office;
3. for the candidates' Vietnamese principals only, their marriages to
   foreigners and the foreigners their households declare.

Dates are stored as ISO text (``YYYY-MM-DD``), so ``<= $as_of`` compares them
correctly on both engines; a fact dated after ``as_of`` is not known yet.
Enterprises are reported by their parent code (a branch's ties are its
parent's), following contract/FEEDS.md.
"""

from __future__ import annotations

__all__ = [
    "ROLES", "ENTERPRISES", "TIES", "HOUSED", "PHONE_SHARERS", "ADDRESS_RESIDENTS",
    "ADDRESS_STAYS", "MARRIAGES", "HOSTED", "PERSONS",
]

# Who holds which role in which enterprise, for every role started by as_of;
# ``until`` is returned so that Python can tell current roles from past ones
# (a past role still shows who worked for whom). Unresolved mentions give no
# person and are skipped by the caller.
ROLES = """
MATCH (r:EnterpriseRole)-[:ABOUT]->(e:Enterprise)
WHERE coalesce(r.since, '') <= $as_of
MATCH (r)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person)
RETURN coalesce(e.parent_code, e.enterprise_code) AS code, r.ref AS ref, r.role AS role,
       r.share_pct AS share, r.until AS until, p.person_id AS person_id, p.kind AS kind"""

# Registry details of the enterprises named in the roles (parent codes).
ENTERPRISES = """
UNWIND $codes AS c
MATCH (e:Enterprise {enterprise_code: c})
RETURN c AS code, e.name AS name, e.foreign_capital_pct AS foreign_pct, e.phone AS phone,
       e.email AS email, e.address_key AS address_key, e.registration_ref AS registration_ref"""

# Foreigners an enterprise (or one of its branches) sponsors or employs:
# residence records and applications naming it as sponsor, permits naming it
# as employer. ``position`` is the permit's job position.
TIES = """
UNWIND $codes AS c
MATCH (e:Enterprise {enterprise_code: c})
OPTIONAL MATCH (b:Enterprise)-[:BRANCH_OF]->(e)
WITH c, [e] + collect(b) AS units
UNWIND units AS u
MATCH (u)<-[a:ABOUT]-(r)
WHERE a.role IN ['sponsor', 'employer']
  AND coalesce(r.valid_from, r.stay_from, r.submitted_on, '') <= $as_of
MATCH (r)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person {kind: 'foreigner'})
RETURN c AS code, p.person_id AS person_id, r.ref AS ref, a.role AS how, r.position AS position"""

# Foreigners declared at an establishment the enterprise runs (dormitory or
# quarters typed OTHER). Hotels and guesthouses are excluded: a guest of a
# hotel company is a customer, not a tie.
HOUSED = """
UNWIND $codes AS c
MATCH (e:Enterprise {enterprise_code: c})
OPTIONAL MATCH (b:Enterprise)-[:BRANCH_OF]->(e)
WITH c, [e] + collect(b) AS units
UNWIND units AS u
MATCH (u)<-[:RUN_BY]-(est:Establishment)<-[:AT_ESTABLISHMENT]-(s:Stay)
WHERE coalesce(s.establishment_type, 'OTHER') IN ['ENTERPRISE_DORMITORY', 'OTHER']
  AND s.arrived_on <= $as_of
MATCH (s)-[:NAMES {role: 'guest'}]->(:Mention)-[:RESOLVES_TO]->(p:Person {kind: 'foreigner'})
RETURN c AS code, p.person_id AS person_id, s.ref AS ref, 'housed' AS how, null AS position"""

# Foreigners whose own phone (on any row naming them) is the enterprise's
# registered phone. The mention must carry the number itself, so a host's
# phone on a guest's declaration does not count.
PHONE_SHARERS = """
UNWIND $codes AS c
MATCH (e:Enterprise {enterprise_code: c}) WHERE e.phone IS NOT NULL
MATCH (:Phone {e164: e.phone})<-[:USES_PHONE]-(r)-[:NAMES]->(m:Mention)
WHERE m.phone = e.phone
MATCH (m)-[:RESOLVES_TO]->(p:Person {kind: 'foreigner'})
RETURN DISTINCT c AS code, p.person_id AS person_id, r.ref AS ref, e.phone AS phone,
       e.registration_ref AS registration_ref"""

# Foreigners whose residence record gives the head office as their address.
# ``dormitory`` says whether a workers' dormitory is declared at that address,
# which explains the address without any tie to the owner.
ADDRESS_RESIDENTS = """
UNWIND $codes AS c
MATCH (e:Enterprise {enterprise_code: c}) WHERE e.address_key IS NOT NULL
MATCH (a:Address {address_key: e.address_key})<-[:AT_ADDRESS {role: 'address'}]-(r:ResidenceRecord)
WHERE coalesce(r.valid_from, '') <= $as_of
MATCH (r)-[:NAMES {role: 'subject'}]->(:Mention)-[:RESOLVES_TO]->(p:Person {kind: 'foreigner'})
RETURN c AS code, p.person_id AS person_id, r.ref AS ref, 'RESIDENCE' AS kind,
       EXISTS { MATCH (a)<-[:AT_ADDRESS]-(d:Establishment)
                WHERE d.kind = 'ENTERPRISE_DORMITORY' } AS dormitory"""

# Foreigners declared at an establishment on the head-office premises that is
# not a hotel or guesthouse.
ADDRESS_STAYS = """
UNWIND $codes AS c
MATCH (e:Enterprise {enterprise_code: c}) WHERE e.address_key IS NOT NULL
MATCH (:Address {address_key: e.address_key})<-[:AT_ADDRESS {role: 'premises'}]-(est:Establishment)
MATCH (est)<-[:AT_ESTABLISHMENT]-(s:Stay)
WHERE s.arrived_on <= $as_of AND NOT coalesce(s.establishment_type, 'OTHER') IN ['HOTEL', 'GUESTHOUSE']
MATCH (s)-[:NAMES {role: 'guest'}]->(:Mention)-[:RESOLVES_TO]->(p:Person {kind: 'foreigner'})
RETURN c AS code, p.person_id AS person_id, s.ref AS ref,
       coalesce(s.establishment_type, 'OTHER') AS kind, false AS dormitory"""

# Marriages registered by as_of between a Vietnamese principal and a foreigner.
MARRIAGES = """
UNWIND $ids AS pid
MATCH (:Person {person_id: pid})<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'citizen'}]-(m:Marriage)
WHERE coalesce(m.registered_on, '') <= $as_of
MATCH (m)-[:NAMES {role: 'foreigner'}]->(:Mention)-[:RESOLVES_TO]->(f:Person)
RETURN pid AS person_id, f.person_id AS other_id, m.ref AS ref"""

# Foreign guests declared by a Vietnamese principal's household (the host
# mention of a HOUSEHOLD declaration resolves to the principal).
HOSTED = """
UNWIND $ids AS pid
MATCH (:Person {person_id: pid})<-[:RESOLVES_TO]-(:Mention)<-[:NAMES {role: 'host'}]-(s:Stay)
WHERE s.arrived_on <= $as_of
MATCH (s)-[:NAMES {role: 'guest'}]->(:Mention)-[:RESOLVES_TO]->(f:Person {kind: 'foreigner'})
RETURN pid AS person_id, f.person_id AS other_id, s.ref AS ref"""

# What a flag names each person by.
PERSONS = """
UNWIND $ids AS pid
MATCH (p:Person {person_id: pid})
RETURN pid AS person_id, p.full_name AS full_name, p.passport_nos AS passport_nos,
       p.id_nos AS id_nos, p.records AS records"""
