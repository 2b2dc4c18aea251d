"""Why a person is who they are: the keys and scored merges behind them.

A person is its mentions joined two ways: by an exact key they share (a
passport in its nationality, a citizen ID: listed per key), and by scored
merges (``ResolutionDecision`` kind ``merge``: the two mentions, each field's
agreement level and weight, and the total). Reviewers' splits that touch the
person are listed too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore
from ingest.resolve import cypher
from ingest.resolve.service import PersonNotFound

__all__ = ["Explanation", "explain_person", "explanation_from", "format_explanation"]


@dataclass
class Explanation:
    person: dict[str, Any]
    mentions: list[dict[str, Any]]
    # exact key -> the mention ids sharing it (only keys shared by two or more)
    shared_keys: dict[str, list[str]] = field(default_factory=dict)
    merges: list[dict[str, Any]] = field(default_factory=list)
    splits: list[dict[str, Any]] = field(default_factory=list)


def explain_person(store: GraphStore, person_id: str) -> Explanation:
    params = {"person_id": person_id}
    return explanation_from(person_id, *store.read_many(
        [(cypher.PERSON, params), (cypher.PERSON_MENTIONS, params),
         (cypher.PERSON_DECISIONS, params)]))


def explanation_from(person_id: str, rows: list[dict[str, Any]],
                     mentions: list[dict[str, Any]],
                     decisions: list[dict[str, Any]]) -> Explanation:
    """The explanation from a person's row (``{"person": properties}``), its mentions
    as :data:`~ingest.resolve.cypher.PERSON_MENTIONS` gives them, and its decision
    rows (``{"decision": properties}``): for a caller that read them itself."""
    if not rows:
        raise PersonNotFound(f"No person has the id {person_id}; "
                             "`lienket export persons` lists them.")
    keys: dict[str, list[str]] = {}
    for m in mentions:
        if m["passport_no"]:
            keys.setdefault(f"passport {m['nationality'] or '?'} {m['passport_no']}",
                            []).append(m["mention_id"])
        if m["id_no"]:
            keys.setdefault(f"citizen id {m['id_no']}", []).append(m["mention_id"])
    explanation = Explanation(rows[0]["person"], mentions,
                              {k: v for k, v in sorted(keys.items()) if len(v) > 1})
    for row in decisions:
        decision = dict(row["decision"])
        if decision.get("kind") == "merge" and decision.get("person_id") == person_id:
            decision["fields"] = json.loads(decision.get("fields") or "{}")
            explanation.merges.append(decision)
        elif decision.get("kind") == "split":
            decision["cannot_link"] = json.loads(decision.get("cannot_link") or "{}")
            explanation.splits.append(decision)
    explanation.merges.sort(key=lambda d: (-d["score"], d["decision_id"]))
    explanation.splits.sort(key=lambda d: d.get("created_at") or "")
    return explanation


def format_explanation(e: Explanation) -> str:
    """The explanation as text for a terminal."""
    p = e.person
    lines = [f"{p['person_id']}  {p.get('full_name') or '(no name)'}  "
             f"{p.get('nationality') or '?'}  born {p.get('date_of_birth') or '?'}",
             f"passports: {', '.join(p.get('passport_nos') or []) or '-'}   "
             f"citizen ids: {', '.join(p.get('id_nos') or []) or '-'}",
             "", f"mentions ({len(e.mentions)}):"]
    for m in e.mentions:
        lines.append(f"  {m['mention_id']:<40} {m['method']:<13} {m['score']:>6}  "
                     f"{m['full_name'] or ''}  {m['date_of_birth'] or ''}")
    if e.shared_keys:
        lines += ["", "joined by a shared key:"]
        for key, ids in e.shared_keys.items():
            lines.append(f"  {key}: {', '.join(ids)}")
    if e.merges:
        lines += ["", "joined by score (bits; a merge needs the threshold):"]
        for d in e.merges:
            lines.append(f"  {d['mention_a']} + {d['mention_b']}: {d['score']} bits")
            for name, f in sorted(d["fields"].items(), key=lambda kv: -abs(kv[1]["weight"])):
                lines.append(f"      {name:<14} {f['level']:<20} {f['weight']:+.2f}")
    for s in e.splits:
        sides = s["cannot_link"]
        lines += ["", f"split {s['decision_id']} by {s.get('user')} at {s.get('created_at')}: "
                      f"{s.get('reason')}",
                  f"  kept apart: {', '.join(sides.get('left', []))}",
                  f"  from:       {', '.join(sides.get('right', []))}"]
    return "\n".join(lines)
