"""A flag's explanation bundle: everything a reviewer needs to check it by hand.

* the flag itself (OUTPUTS.md shape, with its review history);
* each signal with its weight, the legal rule it reflects, the sentence and
  the source rows it cites, and how the weights make the score;
* the evidence subgraph: the nodes the flag points at and the relationships
  among them (a row naming a person is drawn as one row → person edge);
* the resolution explanation of every person in it (which records were
  joined, by which key or with which score), so a wrong merge shows;
* the source rows as the agencies sent them.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from analysis import flags_cypher as cypher
from analysis.flags_store import get_flag
from analysis.scoring import combine
from graph.schema import node_type
from graph.store import GraphStore
from ingest.resolve.explain import explain_person
from ingest.resolve.service import PersonNotFound

__all__ = ["explain_flag", "SCORE_RULE"]

SCORE_RULE = ("noisy-OR: score = 1 - (1 - w1)(1 - w2)…, each independent signal "
              "closing part of the remaining doubt (analysis/scoring.py)")
# Bulky or internal properties the graph shows elsewhere (the row is in ``records``).
_NOT_SHOWN = ("source", "row_hash", "signature")


def _node(row: dict[str, Any]) -> dict[str, Any]:
    spec = node_type(row["label"])
    props = {k: v for k, v in row["props"].items() if k not in _NOT_SHOWN}
    return {"id": f"{spec.label}:{props.get(spec.key)}", "type": spec.label,
            "key": props.get(spec.key), "role": row["role"], "properties": props}


def _record(row: dict[str, Any]) -> dict[str, Any]:
    source = row["props"].get("source")
    try:
        original = json.loads(source) if source else None
    except ValueError:
        original = source
    return {"ref": row["props"].get("ref"), "feed": row["props"].get("feed"),
            "file": row["props"].get("file"), "row": row["props"].get("row"),
            "original": original}


def _person(store: GraphStore, person_id: str) -> dict[str, Any]:
    try:
        return dataclasses.asdict(explain_person(store, person_id))
    except PersonNotFound:  # re-resolved since the flag was raised
        return {"person": {"person_id": person_id}, "missing": True,
                "note": "This person no longer exists after a later resolution run; "
                        "run `lienket analyze` to bring the flag up to date."}


def explain_flag(store: GraphStore, flag_id: str) -> dict[str, Any]:
    flag = get_flag(store, flag_id)  # FlagNotFound names the way to list flags
    linked = store.read(cypher.EVIDENCE_NODES, flag_id=flag_id)
    ids = {row["eid"]: _node(row)["id"] for row in linked}
    edges = []
    for query in (cypher.EVIDENCE_EDGES, cypher.EVIDENCE_NAMED):
        for row in store.read(query, flag_id=flag_id, ids=list(ids)):
            edges.append({"from": ids[row["a"]], "to": ids[row["b"]], "type": row["type"],
                          "role": row["role"]})
    edges.sort(key=lambda e: (e["from"], e["to"], e["type"], e["role"] or ""))
    nodes = sorted((_node(row) for row in linked), key=lambda n: n["id"])
    records = sorted((_record(row) for row in linked if node_type(row["label"]).is_record),
                     key=lambda r: r["ref"] or "")
    signals = [{"signal": e.get("signal"), "weight": e.get("weight"), "rule": e.get("rule"),
                "text": e.get("text"), "records": e.get("records", [])}
               for e in flag["evidence"]]
    return {
        "flag": flag,
        "score": {"value": flag["score"], "rule": SCORE_RULE,
                  "recomputed": round(combine(s["weight"] or 0.0 for s in signals), 4)},
        "signals": signals,
        "evidence_graph": {"nodes": nodes, "edges": edges},
        "persons": [_person(store, p["person_id"]) for p in flag["persons"]],
        "records": records,
    }
