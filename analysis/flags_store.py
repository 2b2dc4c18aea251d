"""Flags live in the graph: upserted by id, reviewed with a recorded history.

A detector's :class:`~analysis.model.FlagCandidate` becomes a ``Flag`` node keyed
by its stable ``flag_id`` (kind + subject), so re-running analysis never
duplicates a flag. A new id starts as ``new``, version 1. A known id whose
content (score, subject, reasons, persons, enterprises, evidence, rule version)
changed is updated in place and its ``version`` bumped; unchanged, it only gets
the new data fingerprint. Status, case reference and notes belong to reviewers
and analysis never touches them.

A flag of a kind that ran but was not produced is **not deleted** (a reviewer
may be acting on it): it gets ``stale_since``, keeps its status, leaves default
listings, and is exported with ``"stale": true``; produced again, it is
"revived". A worker's passport renewal continues the earlier flag (see
:func:`_renewed_passports`) instead of opening a new one. Every change (created, updated, stale, revived, each transition) is
a ``FlagEvent`` (who, when, from, to, why) linked by ``HISTORY``. Status moves
only ``new → in_review → confirmed | dismissed``, with a reason and a user;
anything else raises :class:`IllegalTransition`. Flag nodes keep at most 16
properties (wider nodes write 2.5x slower): content is JSON text, review
details (case reference, notes) one JSON property.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from analysis import flags_cypher as cypher
from analysis.model import KINDS, FlagCandidate
from graph.cursors import decode_cursor, encode_cursor
from graph.errors import LienketError
from graph.store import GraphStore
from ingest.contract import FEEDS
from ingest.normalize.dates import VIETNAM_TZ

__all__ = [
    "STATUSES", "TRANSITIONS", "KindTally", "FlagPage", "save_flags", "list_flags",
    "export_flags", "get_flag", "flag_history", "review", "FlagNotFound",
    "IllegalTransition", "ReviewIncomplete", "BadFlagQuery", "now_local",
]

HCM = VIETNAM_TZ  # every time lienket writes is at +07:00
STATUSES = ("new", "in_review", "confirmed", "dismissed")
TRANSITIONS: dict[str, tuple[str, ...]] = {"new": ("in_review",), "in_review": (
    "confirmed", "dismissed"), "confirmed": (), "dismissed": ()}
ANALYSIS_USER = "lienket-analyze"
_LABEL_OF_FEED = {f.name: f.record_label for f in FEEDS}
WRITE_BATCH = 200  # a flag carries its links: keep transactions small


class FlagNotFound(LienketError):
    """No flag has the id given."""


class IllegalTransition(LienketError):
    """A status change the review workflow does not allow."""


class ReviewIncomplete(LienketError):
    """A status change without its reason or its user."""


class BadFlagQuery(LienketError):
    """A listing filter or cursor that cannot be used."""


def now_local() -> str:
    return dt.datetime.now(HCM).isoformat(timespec="seconds")


@dataclass
class KindTally:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    revived: int = 0
    stale: int = 0
    top: list[tuple[float, str]] = field(default_factory=list)


@dataclass
class FlagPage:
    items: list[dict[str, Any]]
    next_cursor: str | None


# ------------------------------------------------------------------- saving
# What analysis owns on a flag; a change in any of them bumps the version.
_CONTENT = ("score", "rule_version", "subject_json", "reasons", "persons_json", "enterprises",
            "evidence_json")


def _props(c: FlagCandidate, at: str, data_fingerprint: str) -> dict[str, Any]:
    """The node properties analysis writes (JSON text is deterministic, so comparable)."""
    out = c.to_json()
    return {"flag_id": out["flag_id"], "kind": c.kind, "score": out["score"], "updated_at": at,
            "rule_version": c.rule_version, "data_fingerprint": data_fingerprint,
            "subject_json": json.dumps(c.subject, ensure_ascii=False, sort_keys=True),
            "reasons": list(c.reasons), "enterprises": list(c.enterprises),
            "persons_json": json.dumps(out["persons"], ensure_ascii=False),
            "evidence_json": json.dumps(out["evidence"], ensure_ascii=False)}


def _links(c: FlagCandidate) -> dict[str, list[dict[str, str]]]:
    """What the flag points at, by label: people, enterprises, records, other nodes."""
    seen: dict[tuple[str, str], str] = {}
    subject_code = c.subject.get("enterprise_code")
    for p in c.persons:
        seen.setdefault(("Person", p.person_id), p.role)
    for code in c.enterprises:
        seen.setdefault(("Enterprise", code), "subject" if code == subject_code else "related")
    for ref in c.records:
        label = _LABEL_OF_FEED.get(ref.split(":", 1)[0])
        if label:
            seen.setdefault((label, ref), "evidence")
    for node in c.evidence_nodes:
        label, _, key = node.partition(":")
        if label in cypher.LINKED_LABELS and key:
            seen.setdefault((label, key), "evidence")
    links: dict[str, list[dict[str, str]]] = {}
    for (label, key), role in seen.items():
        links.setdefault(label, []).append({"key": key, "role": role})
    return links


def _event(flag_id: str, at: str, user: str, action: str, *, version: int,
           from_status: str | None = None, to_status: str | None = None,
           reason: str | None = None) -> dict[str, Any]:
    event = {"event_id": "e_" + uuid.uuid4().hex[:16], "flag_id": flag_id, "at": at,
             "user": user, "action": action, "version": version, "from_status": from_status,
             "to_status": to_status, "reason": reason}
    return {k: v for k, v in event.items() if v is not None}


def save_flags(store: GraphStore, candidates: Iterable[FlagCandidate], *, kinds: Iterable[str],
               data_fingerprint: str, user: str = ANALYSIS_USER,
               now: str | None = None) -> dict[str, KindTally]:
    """Upsert ``candidates`` (all of ``kinds``, one run); mark the rest of those kinds stale."""
    at = now or now_local()
    kinds = sorted(set(kinds))
    tally = {k: KindTally() for k in kinds}
    best: dict[str, FlagCandidate] = {}
    for c in candidates:
        if c.kind not in tally:
            raise BadFlagQuery(f"A {c.kind} flag came from a run of {', '.join(kinds)}.")
        if c.flag_id not in best or c.score > best[c.flag_id].score:
            best[c.flag_id] = c
    existing = {r["flag_id"]: r for r in store.read(cypher.FLAGS_OF_KINDS, kinds=kinds)}
    renewed = _renewed_passports(best, existing)
    continued = set(renewed.values())
    create, update, touch = [], [], []
    for new_id, c in best.items():
        flag_id = renewed.get(new_id, new_id)
        props, old = _props(c, at, data_fingerprint), existing.get(flag_id)
        props["flag_id"] = flag_id
        tally[c.kind].top.append((props["score"], flag_id))
        if old is None:
            props.update(status="new", created_at=at, version=1)
            create.append({"props": props, "links": _links(c),
                           "event": _event(flag_id, at, user, "created", version=1,
                                           to_status="new")})
            tally[c.kind].new += 1
            continue
        changed = any(old[k] != props[k] for k in _CONTENT)
        if not changed and not old["stale_since"]:
            touch.append({"flag_id": flag_id, "data_fingerprint": data_fingerprint})
            tally[c.kind].unchanged += 1
            continue
        props["version"] = old["version"] + changed
        why = ("the worker's passport was renewed; the flag continues under the new number"
               if new_id in renewed else "the data or the rules changed" if changed
               else "produced again by analysis")
        update.append({"props": props, "links": _links(c), "event": _event(
            flag_id, at, user, "updated" if changed else "revived", version=props["version"],
            reason=why)})
        tally[c.kind].updated += changed
        tally[c.kind].revived += bool(old["stale_since"])
    stale = [{"flag_id": fid, "at": at,
              "event": _event(fid, at, user, "stale", version=row["version"],
                              reason="no longer produced by analysis of the current data")}
             for fid, row in existing.items()
             if fid not in best and fid not in continued and not row["stale_since"]]
    for row in stale:
        tally[existing[row["flag_id"]]["kind"]].stale += 1
    if now is None:  # a run's own clock: each change stamped as it is written
        create, update = _stamped(create, "props"), _stamped(update, "props")
        stale = _stamped(stale, None)
    store.write_rows(cypher.CREATE_FLAGS, create, batch_size=WRITE_BATCH)
    store.write_rows(cypher.UPDATE_FLAGS, update, batch_size=WRITE_BATCH)
    store.write_rows(cypher.TOUCH_FLAGS, touch, batch_size=2000)
    store.write_rows(cypher.MARK_STALE, stale, batch_size=2000)
    for t in tally.values():
        t.top.sort(key=lambda s: (-s[0], s[1]))
    return tally


def _stamped(rows: list[dict[str, Any]], inner: str | None) -> Iterator[dict[str, Any]]:
    """``rows`` with their ``updated_at`` (stale rows: ``at``) set to the time each
    batch is taken for writing.

    The case-system feed pages by ``updated_at``: a flag stamped when the run
    began but committed later, in a later batch, would sort behind changes a
    reader may already have paged past, and be missed. Stamped as written, a
    change is late by no more than its own batch's transaction, which the feed's
    settling time covers.
    """
    for row in rows:
        if inner is None:
            row["at"] = now_local()
        else:
            row[inner]["updated_at"] = now_local()
        yield row


def _worker_passports(persons: list[dict[str, Any]]) -> set[str]:
    return {n for p in persons if p.get("role") == "worker" for n in p.get("passport_nos", ())}


def _renewed_passports(best: dict[str, FlagCandidate],
                       existing: dict[str, dict[str, Any]]) -> dict[str, str]:
    """New flag id -> the earlier flag it continues, for renewed passports.

    An unlicensed-employment flag is keyed on the worker's most recent passport
    (OUTPUTS.md), so a renewal would otherwise open a fresh flag and strand the
    reviewer's status on a stale one. A new candidate continues an earlier flag
    of the same enterprise that is no longer produced when their workers share
    any passport number (any of them identifies the person), and only when
    exactly one earlier flag fits: an ambiguous lineage is left alone.
    """
    earlier: dict[tuple[str, str], set[str]] = {}
    for flag_id, row in existing.items():
        if row["kind"] != "unlicensed_employment" or flag_id in best:
            continue
        code = json.loads(row["subject_json"] or "{}").get("enterprise_code")
        for number in _worker_passports(json.loads(row["persons_json"] or "[]")):
            earlier.setdefault((code, number), set()).add(flag_id)
    fit: dict[str, str] = {}
    for new_id, c in best.items():
        if c.kind != "unlicensed_employment" or new_id in existing:
            continue
        code = c.subject.get("enterprise_code")
        fits = set().union(*(earlier.get((code, n), set())
                             for n in _worker_passports([p.to_json() for p in c.persons])))
        if len(fits) == 1:
            fit[new_id] = fits.pop()
    wanted = Counter(fit.values())
    return {new_id: old_id for new_id, old_id in fit.items() if wanted[old_id] == 1}


# ------------------------------------------------------------------ reading
# Properties stored as JSON text: (output field, stored property, when empty).
STORED_JSON = (("subject", "subject_json", "{}"), ("persons", "persons_json", "[]"),
               ("evidence", "evidence_json", "[]"))


def flag_summary(row: dict[str, Any]) -> dict[str, Any]:
    """A stored flag's output fields except those stored as JSON text (:data:`STORED_JSON`),
    for a caller that writes those as they are."""
    review_state = json.loads(row["review_json"]) if row["review_json"] else {}
    out = {"flag_id": row["flag_id"], "kind": row["kind"], "score": row["score"],
           "status": row["status"], "created_at": row["created_at"],
           "updated_at": row["updated_at"], "reasons": list(row["reasons"] or []),
           "enterprises": list(row["enterprises"] or []),
           "rule_version": row["rule_version"], "version": row["version"],
           "data_fingerprint": row["data_fingerprint"], "stale": bool(row["stale_since"]),
           "stale_since": row["stale_since"]}
    out.update({k: v for k, v in review_state.items() if k in ("case_ref", "notes") and v})
    return out


def _output(row: dict[str, Any]) -> dict[str, Any]:
    """A stored flag in the OUTPUTS.md shape (plus version, rule_version, stale, review)."""
    return {**flag_summary(row), **{name: json.loads(row[stored] or empty)
                                    for name, stored, empty in STORED_JSON}}


def _uncursor(cursor: str) -> tuple[float, str]:
    values = decode_cursor(cursor, 2)
    if values is not None:
        try:
            return float(values[0]), str(values[1])
        except (ValueError, TypeError):
            pass
    raise BadFlagQuery(f"'{cursor}' is not a cursor this service gave out.")


def list_flags(store: GraphStore, *, kind: str | None = None, status: str | None = None,
               min_score: float | None = None, include_stale: bool = False,
               cursor: str | None = None, limit: int = 50) -> FlagPage:
    """Flags by score (highest first), filtered; ``next_cursor`` fetches the next page."""
    if kind is not None and kind not in KINDS:
        raise BadFlagQuery(f"'{kind}' is not a flag kind; use one of {', '.join(KINDS)}.")
    if status is not None and status not in STATUSES:
        raise BadFlagQuery(f"'{status}' is not a status; use one of {', '.join(STATUSES)}.")
    if not 1 <= limit <= 1000:
        raise BadFlagQuery(f"limit {limit} is out of range; use 1 to 1000.")
    after_score, after_id = _uncursor(cursor) if cursor else (None, None)
    rows = store.read(cypher.LIST_FLAGS, kind=kind, status=status, min_score=min_score,
                      include_stale=include_stale, after_score=after_score,
                      after_id=after_id, limit=limit)
    items = [_output(r) for r in rows]
    last = rows[-1] if len(rows) == limit else None
    return FlagPage(items, encode_cursor([last["score"], last["flag_id"]]) if last else None)


def export_flags(store: GraphStore, *, kind: str | None = None, status: str | None = None,
                 include_stale: bool = True, page: int = 500) -> Iterator[dict[str, Any]]:
    """Every flag in the OUTPUTS.md shape, page by page (never all in memory)."""
    cursor = None
    while True:
        result = list_flags(store, kind=kind, status=status, include_stale=include_stale,
                            cursor=cursor, limit=page)
        yield from result.items
        if not result.next_cursor:
            return
        cursor = result.next_cursor


def get_flag(store: GraphStore, flag_id: str) -> dict[str, Any]:
    rows = store.read(cypher.FLAG, flag_id=flag_id)
    if not rows:
        raise FlagNotFound(f"No flag has the id {flag_id}; `lienket flags list` shows them.")
    return {**_output(rows[0]), "history": flag_history(store, flag_id)}


def flag_history(store: GraphStore, flag_id: str) -> list[dict[str, Any]]:
    return [r["event"] for r in store.read(cypher.HISTORY, flag_id=flag_id)]


# ------------------------------------------------------------------ review
def review(store: GraphStore, flag_id: str, *, to: str, reason: str, user: str,
           case_ref: str | None = None, note: str | None = None,
           now: str | None = None) -> dict[str, Any]:
    """Move a flag's status one step, recording who, when and why; returns the flag."""
    if to not in STATUSES:
        raise IllegalTransition(f"'{to}' is not a status; use in_review, confirmed or dismissed.")
    if not (reason or "").strip():
        raise ReviewIncomplete(f"Give the reason for moving {flag_id} to {to} (--reason).")
    if not (user or "").strip():
        raise ReviewIncomplete("Say who decides (--user).")
    at = now or now_local()

    def work(tx) -> None:
        rows = [r.data() for r in tx.run(cypher.FLAG, flag_id=flag_id)]
        if not rows:
            raise FlagNotFound(f"No flag has the id {flag_id}; `lienket flags list` shows them.")
        current = rows[0]["status"]
        if to not in TRANSITIONS[current]:
            allowed = TRANSITIONS[current]
            raise IllegalTransition(
                f"Flag {flag_id} is {current}; it can move only to {' or '.join(allowed)}."
                if allowed else
                f"Flag {flag_id} is {current}, a final status; it cannot move to {to}.")
        state = json.loads(rows[0]["review_json"] or "{}")
        if case_ref:
            state["case_ref"] = case_ref
        if note:
            state.setdefault("notes", []).append({"at": at, "user": user, "text": note})
        event = _event(flag_id, at, user, "transition", version=rows[0]["version"],
                       from_status=current, to_status=to, reason=reason.strip())
        tx.run(cypher.TRANSITION, flag_id=flag_id, from_status=current, to_status=to, at=at,
               review_json=json.dumps(state, ensure_ascii=False), event=event).consume()

    store.execute_write(work)
    return get_flag(store, flag_id)
