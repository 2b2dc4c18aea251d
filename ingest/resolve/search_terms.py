"""The person search index: one ``PersonTerm`` node per (term, person).

A person's terms are the tokens of its folded display name, the whole name
(its distinct tokens sorted and joined with ``+``), and its passport and
citizen-id numbers. The node's key is ``"<term> <person_id>"``, so the
key's own uniqueness index answers ``key STARTS WITH "<term> "`` (ENGINE.md:
equality and STARTS WITH use a RANGE index; a list property or ``CONTAINS``
does not, and scanning every Person was about 0.5 s at 50k people). No
second index, no relationship: nothing traverses into it. Each term also
carries the person's folded name (``name``), so a search ranks its candidates
from the terms alone and reads only the people of the page it gives.

Resolution writes a new person's terms in the statement that creates it
(:mod:`ingest.resolve.writer`), and calls :func:`replace_terms` just before
it rewrites or deletes a person: the old terms come from the Person as the
graph still holds it. A run killed in between can leave a stale term; search
scores the people it shows against their own properties (api/explore.py), so
a stale term cannot show a person under a name she does not have, and the
next run rewrites the person and her terms.
:func:`ensure_terms` fills the index for a graph resolved before it existed,
and names the terms of a graph indexed before terms carried names.

Every term write is followed by :func:`renew_ledger`, once it has committed:
a new random token on the one ``TermLedger`` node, which tells each API
process that the name terms it keeps (api/term_index.py) may be out of date.
After the write, not before: a search that reads the old token then reads
terms at least as old as the write, and the new token drops them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from graph.store import GraphStore

__all__ = ["terms_of", "term_keys", "term_name", "name_term", "replace_terms",
           "ensure_terms", "candidate_lookup", "renew_ledger", "ledger_change"]

BATCH = 2000

OLD_PROPS = """
UNWIND $ids AS pid
MATCH (p:Person {person_id: pid})
RETURN p.person_id AS person_id, p.name_folded AS name_folded,
       p.passport_nos AS passport_nos, p.id_nos AS id_nos"""

REPLACE = """
UNWIND $rows AS row
CALL { WITH row
  UNWIND row.gone AS gone
  MATCH (x:PersonTerm {key: gone})
  DELETE x }
WITH row
UNWIND row.keys AS key
MERGE (x:PersonTerm {key: key})
SET x.person_id = row.person_id, x.name = row.name"""

# A token, not a counter: a counter restarts after a reset and could meet an
# old value.
_RENEW_LEDGER = "MERGE (ledger:TermLedger {key: 'terms'}) SET ledger.change = randomUUID()"
_LEDGER_CHANGE = "MATCH (ledger:TermLedger {key: 'terms'}) RETURN ledger.change AS change"

# Person ids and names of each term of a search, for it to rank, one list per
# term (``n``: the term's place in the lookups): a thousand records cost the
# driver more than the engine's lookup. Each term's
# prefix and cap are parameters of their own: the engine uses the index for
# STARTS WITH a parameter, not for an UNWIND variable (2.5 ms against 170 ms
# at 55k people), nor inside CALL { }. The terms go as one statement, their
# lookups joined by UNION ALL: one round trip for all of them (the driver's
# CPU 0.37 ms a search against 0.87 ms for one statement a term).
_CANDIDATES_OF_TERM = """MATCH (x:PersonTerm) WHERE x.key STARTS WITH $prefix{i}
WITH x LIMIT $cap{i}
RETURN {i} AS n, collect([x.person_id, x.name]) AS found"""


@cache
def _candidates_statement(terms: int) -> str:
    return "\nUNION ALL\n".join(_CANDIDATES_OF_TERM.format(i=i) for i in range(terms))


def candidate_lookup(lookups: list[tuple[str, int]]) -> tuple[str, dict[str, Any]]:
    """The statement and parameters that look up ``(term, cap)`` pairs: up to
    ``cap`` ``[person_id, name]`` pairs per term, one row (``n``: the pair's
    place in ``lookups``; ``found``) per term that has any. Needs a term."""
    params: dict[str, Any] = {}
    for i, (term, cap) in enumerate(lookups):
        params[f"prefix{i}"], params[f"cap{i}"] = term + " ", cap
    return _candidates_statement(len(lookups)), params


def ledger_change(store: GraphStore) -> str | None:
    """The ledger's token; None before any term write made the ledger."""
    rows = store.read_plain(_LEDGER_CHANGE)
    return rows[0]["change"] if rows else None


def renew_ledger(store: GraphStore) -> None:
    """After terms were written: tell every API process the terms it keeps
    may be out of date."""
    store.write(_RENEW_LEDGER)


_ANY_TERM = "MATCH (x:PersonTerm) RETURN x.key AS key LIMIT 1"
# A scan, but of small nodes: under 0.1 s for the province's 593k terms.
_UNNAMED_TERM = "MATCH (x:PersonTerm) WHERE x.name IS NULL RETURN x.key AS key LIMIT 1"
# Left unnamed after every person's terms were named: terms of no person.
_DROP_UNNAMED = "MATCH (x:PersonTerm) WHERE x.name IS NULL DELETE x"
_ANY_PERSON = "MATCH (p:Person) RETURN p.person_id AS person_id LIMIT 1"
_PERSONS_AFTER = """
MATCH (p:Person) WHERE p.person_id > $after
RETURN p.person_id AS person_id, p.name_folded AS name_folded,
       p.passport_nos AS passport_nos, p.id_nos AS id_nos
ORDER BY p.person_id LIMIT $limit"""


def name_term(tokens: Iterable[str]) -> str | None:
    """The whole name as one term, its tokens in any order: the one lookup that
    finds every "Nguyễn Văn Minh" when each of the three words alone is shared
    by thousands."""
    distinct = sorted(set(tokens))
    return "+".join(distinct) if len(distinct) > 1 else None


def term_name(props: dict[str, Any]) -> str:
    """The name every term of a Person with these properties carries."""
    return props.get("name_folded") or ""


def terms_of(props: dict[str, Any]) -> list[str]:
    """The search terms of a Person with these properties."""
    tokens = (props.get("name_folded") or "").split()
    ids = list(props.get("passport_nos") or []) + list(props.get("id_nos") or [])
    whole = name_term(tokens)
    return sorted(set(tokens + ids + ([whole] if whole else [])))


def term_keys(person_id: str, props: dict[str, Any]) -> list[str]:
    """The ``PersonTerm`` keys of a Person with this id and these properties."""
    return [f"{t} {person_id}" for t in terms_of(props)]


def replace_terms(store: GraphStore, rows: Iterable[dict[str, Any]]) -> None:
    """Before people are written: ``rows`` of ``person_id`` and ``props`` (the new
    properties; None for a person about to be deleted)."""
    rows = list(rows)
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        old = {r["person_id"]: set(terms_of(r)) for r in store.read(
            OLD_PROPS, ids=[r["person_id"] for r in batch])}
        out = []
        for r in batch:
            pid, new = r["person_id"], set(terms_of(r["props"] or {}))
            out.append({"person_id": pid, "name": term_name(r["props"] or {}),
                        "gone": [f"{t} {pid}" for t in old.get(pid, set()) - new],
                        "keys": term_keys(pid, r["props"] or {})})
        store.write(REPLACE, rows=out)
        renew_ledger(store)


def ensure_terms(store: GraphStore) -> int:
    """Index every person when people exist but no term does, or some term has
    no name (an index written before terms carried names); returns how many."""
    if not store.read(_ANY_PERSON) or (store.read(_ANY_TERM)
                                       and not store.read(_UNNAMED_TERM)):
        return 0
    after, done = "", 0
    while rows := store.read(_PERSONS_AFTER, after=after, limit=BATCH):
        replace_terms(store, ({"person_id": r["person_id"], "props": r} for r in rows))
        after, done = rows[-1]["person_id"], done + len(rows)
    store.write(_DROP_UNNAMED)
    renew_ledger(store)
    return done
