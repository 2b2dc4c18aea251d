"""Search, entity records, neighbourhoods and paths: the investigator's reads.

Labels and relationship types that come from a request are looked up in
:mod:`graph.schema` and only the schema's own spelling is formatted into
Cypher (labels cannot be parameters); every variable-length pattern is
bounded and every result capped. Every statement returns values (maps,
lists, scalars), never a node, so rows are read plain (``read_plain``).
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from analysis.risk_queries import run_query
from api.errors import BadRequest, NotFound
from api.term_index import TermIndex, Words
from graph.cursors import decode_cursor, encode_cursor
from graph.schema import NODE_TYPES, REL_TYPES, NodeType, is_rel_type
from graph.store import GraphStore
from ingest.normalize import identifiers, names, phones
from ingest.normalize.errors import NormalizationError
from ingest.normalize.text import fold
from ingest.resolve import cypher as resolve_cypher
from ingest.resolve import search_terms
from ingest.resolve.explain import explanation_from

__all__ = ["ENTITY_TYPES", "entity_type", "search", "get_entity", "neighbourhood", "paths",
           "SEARCH_TYPES", "MAX_DEPTH", "MAX_PATH_LENGTH", "MAX_PATHS"]

# Analysis and operations nodes are never reached through exploration.
HIDDEN = ("Flag", "FlagEvent", "FlagLedger", "ResolutionDecision", "ApiKey", "AuditEntry",
          "WebhookCursor", "DeadLetter", "PersonTerm", "TermLedger", "WorkspaceSession")
ENTITY_TYPES: dict[str, NodeType] = {n.label.lower(): n for n in NODE_TYPES
                                     if n.label not in HIDDEN}
SEARCH_TYPES = ("person", "enterprise", "address", "phone", "vehicle")
MAX_DEPTH, MAX_PATH_LENGTH, MAX_PATHS = 3, 6, 5
# Each node's own key and title, chosen by its label: a source row may also carry
# another type's key property (an enterprise role has an enterprise_code).
_KEY_EXPR = ("CASE labels(x)[0] " + " ".join(f"WHEN '{n.label}' THEN x.{n.key}"
                                             for n in NODE_TYPES) + " END")
_TITLE_EXPR = ("CASE labels(x)[0] " + " ".join(f"WHEN '{n.label}' THEN x.{n.title}"
                                               for n in NODE_TYPES if n.title) + " END")


def entity_type(name: str) -> NodeType:
    spec = ENTITY_TYPES.get(name.lower())
    if spec is None:
        raise NotFound(f"'{name}' is not an entity type; use one of "
                       f"{', '.join(sorted(ENTITY_TYPES))}.")
    return spec


# ------------------------------------------------------------------ search
def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    values = decode_cursor(cursor, 1)
    if values is None or not isinstance(values[0], int) or values[0] < 0:
        raise BadRequest(f"'{cursor}' is not a cursor this service gave out; "
                         "search again without one.")
    return values[0]


def _safe(fn, q: str) -> Any:
    try:
        return fn(q)
    except NormalizationError:  # text that is not this kind of value: no match
        return None


# Candidates come from the term index (ingest/resolve/search_terms.py), ranked
# by the names their terms carry; the people of the page and of the pages
# before it are then scored here against their own properties. Any difference
# (a term left stale by a killed run, or written before terms carried names)
# and every candidate is scored here instead. Reading only the page's people
# costs the engine 1.4 ms a search against 3.3 ms for all of them (about 180).
# What the check cannot see: a person whose terms carry a new name she does
# not have yet ranks by it, below the page, until resolution rewrites her.
_PERSON_PAGE = """
UNWIND $candidates AS pid
MATCH (p:Person {person_id: pid})
WITH p, split(coalesce(p.name_folded, ''), ' ') AS toks
WITH p, toks, size([t IN $tokens WHERE t IN toks]) AS hits,
     ($ident IS NOT NULL AND ($ident IN coalesce(p.passport_nos, [])
                              OR $ident IN coalesce(p.id_nos, []))) AS by_id
WHERE by_id OR hits > 0
WITH p, CASE WHEN by_id THEN 1.0
             ELSE toFloat(hits) / CASE WHEN size(toks) > size($tokens) THEN size(toks)
                                       ELSE size($tokens) END END AS score
WITH p, score ORDER BY score DESC, p.person_id SKIP $skip LIMIT $limit"""
_PEOPLE = """collect({key: p.person_id, title: p.full_name, score: score,
                extra: {nationality: p.nationality, date_of_birth: p.date_of_birth}}) AS people"""
PERSON_SEARCH = f"{_PERSON_PAGE}\nRETURN {_PEOPLE}"
# The people of a page ranked by the process's term index (api/term_index.py),
# as they are, for the API to score (0.13 ms of the engine's CPU less than
# scoring them here), with the term ledger's token, which says whether that
# index is up to date. Without candidates the page has no row.
PAGE_WITH_LEDGER = """
OPTIONAL MATCH (ledger:TermLedger {key: 'terms'})
RETURN true AS ledger, ledger.change AS change, [] AS people
UNION ALL
UNWIND $candidates AS pid
MATCH (p:Person {person_id: pid})
RETURN false AS ledger, NULL AS change,
       collect([p.person_id, p.name_folded, p.full_name, p.nationality,
                p.date_of_birth]) AS people"""
# People taken per word: everyone with a rare word, a sample (by id) of a word
# as common as Nguyễn or Thị, which alone says little. The whole name (its
# words in any order) and a document number are looked up as one term each.
PEOPLE_PER_WORD = 100
PEOPLE_PER_NAME = 1000
MAX_WORDS = 8

@dataclass
class _Candidates:
    words: dict[str, Words | None]  # person id -> the words of the name its terms carry
    by_id: set[str]  # found by the document number


def _name_lookups(tokens: list[str], ident: str | None) -> list[tuple[str, int]]:
    whole = search_terms.name_term(tokens)
    return ([(ident, PEOPLE_PER_NAME)] if ident else []) + (
        [(whole, PEOPLE_PER_NAME)] if whole else []) + [
        (token, PEOPLE_PER_WORD) for token in tokens[:MAX_WORDS]]


def _candidates(found: list[list[tuple[str, Words | None]]], ident: str | None) -> _Candidates:
    """``found``: each lookup's people, in the order of :func:`_name_lookups`."""
    words: dict[str, Words | None] = {}
    for pairs in reversed(found):  # so the first lookup's name stays
        words.update(pairs)
    return _Candidates(words, {pid for pid, _ in found[0]} if ident else set())


def _person_candidates(store: GraphStore, tokens: list[str], ident: str | None) -> _Candidates:
    lookups = _name_lookups(tokens, ident)
    if not lookups:
        return _Candidates({}, set())
    statement, params = search_terms.candidate_lookup(lookups)
    rows = {row["n"]: row["found"] for row in store.read_plain(statement, **params)}
    return _candidates([[(pid, None if name is None else tuple(name.split(" ")))
                         for pid, name in rows.get(i, [])]  # a term no one has: no row
                        for i in range(len(lookups))], ident)


def _ranked(candidates: _Candidates, tokens: list[str],
            first: int) -> list[tuple[float, str]] | None:
    """The ``first`` ``(-score, person id)``, best first, as PERSON_SEARCH scores
    and orders them, from the names the terms carry; None when a term has no
    name."""
    if None in candidates.words.values():
        return None
    by_id = candidates.by_id
    return heapq.nsmallest(first, [(-1.0, pid) for pid in by_id] + _scores(
        ((pid, toks) for pid, toks in candidates.words.items() if pid not in by_id),
        tokens))  # type: ignore[arg-type]


def _scores(named: Iterable[tuple[str, Words]], tokens: list[str]) -> list[tuple[float, str]]:
    """``(-score, person id)`` of the people with a word of the search, as
    PERSON_SEARCH scores them by name: the share of words in common."""
    intersection, size = set(tokens).intersection, len(tokens)
    scored = []
    for pid, toks in named:  # per candidate, so spelled out: 0.1 ms of a search
        if hits := len(intersection(toks)):
            scored.append((-hits / (len(toks) if len(toks) > size else size), pid))
    return scored


def _is_page(rows: list[dict[str, Any]], chosen: list[tuple[float, str]]) -> bool:
    """Whether the people, scored by their own properties, come in the order
    and with the scores their terms gave them."""
    return [(r["key"], r["score"]) for r in rows] == [(pid, -score) for score, pid in chosen]


def _people_page(store: GraphStore, candidates: _Candidates, tokens: list[str],
                 ident: str | None, skip: int, limit: int) -> list[dict[str, Any]]:
    # The pages before this one too: a page's place depends on them.
    chosen = _ranked(candidates, tokens, skip + limit)
    if chosen is not None:
        rows = _people(store, tokens=tokens, ident=ident, skip=0, limit=len(chosen),
                       candidates=[pid for _, pid in chosen]) if chosen else []
        if _is_page(rows, chosen):
            return rows[skip:]
    return _people(store, tokens=tokens, ident=ident, skip=skip, limit=limit,
                   candidates=list(candidates.words))


def _indexed_page(store: GraphStore, index: TermIndex, tokens: list[str], skip: int,
                  limit: int) -> list[dict[str, Any]] | None:
    """A name search's page in one round trip, ranked by the process's term
    index; None when the index is not there or not up to date, or ranks a
    person otherwise than her properties do."""
    found = index.lookup(_name_lookups(tokens, None))
    if found is None:
        return None
    change, entries = found
    chosen = _ranked(_candidates(entries, None), tokens, skip + limit) or []
    rows = store.read_plain(PAGE_WITH_LEDGER, candidates=[pid for _, pid in chosen])
    ledger = next(row["change"] for row in rows if row["ledger"])
    people = next((row["people"] for row in rows if not row["ledger"]), [])
    if ledger != change:
        index.out_of_date(ledger)
        return None
    # Scored by their own names, the people come as their terms ranked them.
    if sorted(_scores(((p[0], (p[1] or "").split(" ")) for p in people), tokens)) != chosen:
        return None
    by_pid = {p[0]: p for p in people}
    return [{"key": pid, "title": by_pid[pid][2], "score": -score,
             "extra": {"nationality": by_pid[pid][3], "date_of_birth": by_pid[pid][4]}}
            for score, pid in chosen[skip:]]


def _people(store: GraphStore, **params: Any) -> list[dict[str, Any]]:
    """PERSON_SEARCH's rows, sent as one list: a record message costs the
    driver about 40 µs, and a page was 21 of them."""
    return store.read_plain(PERSON_SEARCH, **params)[0]["people"]


ENTERPRISE_SEARCH = """
MATCH (e:Enterprise)
WITH e, CASE WHEN e.enterprise_code = $code OR e.name_key = $name_key THEN 1.0
             WHEN $name_key <> '' AND e.name_key STARTS WITH $name_key THEN 0.8
             WHEN $name_key <> '' AND e.name_key CONTAINS $name_key THEN 0.5
             ELSE 0.0 END AS score
WHERE score > 0
RETURN e.enterprise_code AS key, e.name AS title, score, {status: e.status} AS extra
ORDER BY score DESC, key SKIP $skip LIMIT $limit"""

ENTERPRISE_BY_CODE = """
MATCH (e:Enterprise {enterprise_code: $code})
RETURN e.enterprise_code AS key, e.name AS title, 1.0 AS score, {status: e.status} AS extra
SKIP $skip LIMIT $limit"""

ADDRESS_SEARCH = """
MATCH (a:Address)
WHERE a.address_key CONTAINS $folded OR toLower(coalesce(a.display, '')) CONTAINS $lower
RETURN a.address_key AS key, a.display AS title, 1.0 AS score, {} AS extra
ORDER BY key SKIP $skip LIMIT $limit"""

PHONE_SEARCH = """
MATCH (x:Phone {e164: $value})
RETURN x.e164 AS key, x.e164 AS title, 1.0 AS score, {} AS extra SKIP $skip LIMIT $limit"""

VEHICLE_SEARCH = """
MATCH (x:Vehicle {plate: $value})
RETURN x.plate AS key, x.plate AS title, 1.0 AS score, {} AS extra SKIP $skip LIMIT $limit"""


def search(store: GraphStore, *, q: str, type: str, limit: int, cursor: str | None,
           index: TermIndex | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """A page of ``type`` matches for ``q``; ``index``: the process's person
    search terms (api/term_index.py), if it keeps them."""
    q = q.strip()
    if not q:
        raise BadRequest("Give something to search for in q.")
    skip = _offset(cursor)
    page = dict(skip=skip, limit=limit + 1)
    if type == "person":
        # Every passport and citizen-id format has a digit (DOMAIN.md); without
        # one, "LI DONGXUE" is a name, not the passport number LIDONGXUE.
        number = any(ch.isdigit() for ch in q)
        ident = _safe(identifiers.passport_no, q) if number else None
        cid = _safe(identifiers.citizen_id, q) if number else None
        tokens = sorted(set((fold(q) or "").split()))
        idents = [x for x in dict.fromkeys((cid.number if cid else None, ident)) if x]
        rows = []
        rows = None
        if index and tokens and not idents:
            rows = _indexed_page(store, index, tokens, skip, limit + 1)
        if rows is None:
            for value in idents or [None]:  # digits can be either kind of number
                candidates = _person_candidates(store, tokens, value)
                rows = _people_page(store, candidates, tokens, value, skip, limit + 1)
                if rows:
                    break
    elif type == "enterprise":
        code = _safe(identifiers.enterprise_code, q)
        # A code is a key lookup; only a name needs the scan (80 ms at 6,500).
        rows = store.read_plain(ENTERPRISE_BY_CODE, code=code.code, **page) if code else []
        if not rows:
            rows = store.read_plain(ENTERPRISE_SEARCH, code=code.code if code else q,
                                    name_key=_safe(names.company_name_key, q) or "", **page)
    elif type == "address":
        rows = store.read_plain(ADDRESS_SEARCH, folded=fold(q) or "", lower=q.lower(), **page)
    elif type == "phone":
        value = _safe(phones.phone_e164, q)
        if value is None:
            raise BadRequest(f"'{q}' is not a phone number; write it as +84912345678 "
                             "or 0912 345 678.")
        rows = store.read_plain(PHONE_SEARCH, value=value, **page)
    else:
        value = _safe(identifiers.vehicle_plate, q)
        if value is None:
            raise BadRequest(f"'{q}' is not a vehicle plate; write it as 12A-345.67.")
        rows = store.read_plain(VEHICLE_SEARCH, value=value, **page)
    items = [{"type": type, **r, "score": round(float(r["score"]), 3)} for r in rows[:limit]]
    return items, (encode_cursor([skip + limit]) if len(rows) > limit else None)


# ------------------------------------------------------------------ entity
# What an entity's record shows of each flag (``f``) on it (``x``).
_FLAG_FIELDS = (("flag_id", "f.flag_id"), ("kind", "f.kind"), ("score", "f.score"),
                ("status", "f.status"), ("role", "x.role"))
_FLAG_MAP = "{" + ", ".join(f"{name}: {expr}" for name, expr in _FLAG_FIELDS) + "}"

# A person's whole record in one statement: six statements cost the driver
# three times the CPU of one (2.2 ms against 0.75 ms a record) for the same
# answer. Each mention as the explanation expects it (ingest.resolve.cypher).
PERSON_RECORD = f"""
MATCH (p:Person {{person_id: $key}})
CALL {{ WITH p
  OPTIONAL MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[n:NAMES]-(r)
  WITH DISTINCT labels(r)[0] AS label, r.ref AS ref, r.feed AS feed, n.role AS role,
       r.source AS source
  WHERE ref IS NOT NULL
  WITH label, ref, feed, role, source ORDER BY ref LIMIT 500
  RETURN collect({{label: label, ref: ref, feed: feed, role: role, source: source}}) AS records }}
CALL {{ WITH p
  OPTIONAL MATCH (f:Flag)-[x:FLAGS]->(p)
  WITH f, x WHERE f IS NOT NULL
  WITH f, x ORDER BY f.score DESC, f.flag_id LIMIT 200
  RETURN collect({_FLAG_MAP}) AS flags }}
CALL {{ WITH p
  OPTIONAL MATCH (m:Mention)-[r:RESOLVES_TO]->(p)
  WITH m, r WHERE m IS NOT NULL
  WITH m, r ORDER BY m.mention_id
  RETURN collect({resolve_cypher.EXPLAINED_MENTION}) AS mentions }}
CALL {{ WITH p
  OPTIONAL MATCH (p)<-[:RESOLVES_TO]-(:Mention)<-[:DECIDES]-(d:ResolutionDecision)
  WITH DISTINCT d WHERE d IS NOT NULL
  RETURN collect(properties(d)) AS decisions }}
RETURN properties(p) AS props, records, flags, mentions, decisions"""

FLAGS_OF = ("MATCH (f:Flag)-[x:FLAGS]->(n:{label} {{{key}: $key}})\n"
            "RETURN " + ", ".join(f"{expr} AS {name}" for name, expr in _FLAG_FIELDS)
            + "\nORDER BY f.score DESC, f.flag_id LIMIT 200")

RECORDS_OF = """
MATCH (n:{label} {{{key}: $key}})-[x]-(r)
WHERE r.ref IS NOT NULL AND r.source IS NOT NULL
RETURN DISTINCT labels(r)[0] AS label, r.ref AS ref, r.feed AS feed, x.role AS role,
       r.source AS source
ORDER BY ref LIMIT 500"""


def _records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        try:
            original = json.loads(r["source"]) if r["source"] else None
        except ValueError:
            original = r["source"]
        out.append({"label": r["label"], "ref": r["ref"], "feed": r["feed"],
                    "role": r["role"], "original": original})
    return out


def get_entity(store: GraphStore, spec: NodeType, key: str) -> dict[str, Any]:
    if spec.label == "Person":
        return _person(store, key)
    # Every read of the answer in one transaction: one view of the graph, and one
    # begin and commit for the lot.
    own = (f"MATCH (n:{spec.label} {{{spec.key}: $key}}) "  # type: ignore[arg-type]
           "RETURN properties(n) AS props")
    reads = [(own, {"key": key}), (FLAGS_OF.format(label=spec.label, key=spec.key),
                                   {"key": key})]
    if not spec.is_record:  # a source row is its own record
        reads.append((RECORDS_OF.format(label=spec.label, key=spec.key), {"key": key}))
    rows, flags, *linked = store.read_many(reads, plain=True)
    if not rows:
        raise NotFound(f"No {spec.label.lower()} has the key {key}; find it with "
                       "/api/v1/search first.")
    props = rows[0]["props"]
    records = linked[0] if linked else [{"label": spec.label, "ref": props.get("ref"),
                                         "feed": props.get("feed"), "role": "self",
                                         "source": props.get("source")}]
    return {"type": spec.label.lower(), "key": key, "properties": props,
            "records": _records(records), "resolution": None, "flags": flags}


def _person(store: GraphStore, key: str) -> dict[str, Any]:
    rows = store.read_plain(PERSON_RECORD, key=key)
    if not rows:
        raise NotFound(f"No person has the key {key}; find it with /api/v1/search first.")
    row = rows[0]
    explanation = explanation_from(key, [{"person": row["props"]}], row["mentions"],
                                   [{"decision": d} for d in row["decisions"]])
    return {"type": "person", "key": key, "properties": row["props"],
            # Its fields as they are: asdict's deep copy of every mention and
            # decision was a third of the API's own time on a person record.
            "records": _records(row["records"]), "resolution": dict(vars(explanation)),
            "flags": row["flags"]}


# ------------------------------------------------------------ neighbourhood
def _exists(store: GraphStore, spec: NodeType, key: str) -> bool:
    return bool(store.read_plain(f"MATCH (n:{spec.label} {{{spec.key}: $key}}) "  # type: ignore
                                 "RETURN 1 AS ok", key=key))


def _labels(text: str | None, what: str) -> list[str] | None:
    if not text:
        return None
    out = []
    for name in (t.strip() for t in text.split(",") if t.strip()):
        out.append(entity_type(name).label if what == "node" else _rel(name))
    return out


def _rel(name: str) -> str:
    upper = name.upper()
    if not is_rel_type(upper) or upper in ("FLAGS", "HISTORY", "DECIDES"):
        allowed = sorted(r.type for r in REL_TYPES
                         if r.type not in ("FLAGS", "HISTORY", "DECIDES"))
        raise BadRequest(f"'{name}' is not a relationship type you can follow; use "
                         f"{', '.join(allowed)}.")
    return upper


def neighbourhood(store: GraphStore, spec: NodeType, key: str, *, depth: int,
                  node_types: str | None, rel_types: str | None, limit: int) -> dict[str, Any]:
    if not 1 <= depth <= MAX_DEPTH:
        raise BadRequest(f"depth must be 1 to {MAX_DEPTH}.")
    wanted_nodes = _labels(node_types, "node")
    wanted_rels = _labels(rel_types, "rel")
    types = (":" + "|".join(wanted_rels)) if wanted_rels else ""
    path_cap = limit * 4
    query = f"""
MATCH p = (n:{spec.label} {{{spec.key}: $key}})-[{types}*1..{int(depth)}]-(m)
WHERE all(x IN nodes(p) WHERE NOT labels(x)[0] IN $hidden)
  AND ($node_types IS NULL OR labels(m)[0] IN $node_types)
WITH p LIMIT $path_cap
RETURN collect({{
  nodes: [x IN nodes(p) | [elementId(x), labels(x)[0], {_KEY_EXPR}, {_TITLE_EXPR}]],
  rels: [r IN relationships(p) | [elementId(startNode(r)), elementId(endNode(r)), type(r)]]
}}) AS paths"""
    # One row of paths, not a row each: a record message costs the driver about
    # 40 µs, and a 2-hop neighbourhood is tens of paths.
    rows = store.read_plain(query, key=key, hidden=list(HIDDEN),  # type: ignore[arg-type]
                            node_types=wanted_nodes, path_cap=path_cap)[0]["paths"]
    # Whether the entity exists is asked only when nothing came back: most
    # neighbourhoods are not empty, and the question cost a round trip each.
    if not rows and not _exists(store, spec, key):
        raise NotFound(f"No {spec.label.lower()} has the key {key}.")
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    truncated = len(rows) >= path_cap
    for row in rows:
        new = [n for n in row["nodes"] if n[0] not in nodes]
        if len(nodes) + len(new) > limit:
            truncated = True
            continue
        for eid, label, nkey, title in new:
            nodes[eid] = {"id": f"{label}:{nkey}", "type": label.lower(), "key": nkey,
                          "title": title}
        for start, end, rtype in row["rels"]:
            if start in nodes and end in nodes:
                a, b = nodes[start]["id"], nodes[end]["id"]
                edges[(a, b, rtype)] = {"from": a, "to": b, "type": rtype}
    return {"center": f"{spec.label}:{key}", "depth": depth, "nodes": list(nodes.values()),
            "edges": list(edges.values()), "truncated": truncated}


# ------------------------------------------------------------------- paths
def paths(store: GraphStore, a: NodeType, a_key: str, b: NodeType, b_key: str, *,
          max_length: int, limit: int) -> list[dict[str, Any]]:
    for spec, key in ((a, a_key), (b, b_key)):
        if not _exists(store, spec, key):
            raise NotFound(f"No {spec.label.lower()} has the key {key}.")
    result = run_query(store, "shortest_connections",
                       {"from": f"{a.label}:{a_key}", "to": f"{b.label}:{b_key}",
                        "max_length": max_length, "limit": limit})
    return result.rows
