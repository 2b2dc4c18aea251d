"""How good the detectors are on synthetic data with a ground truth, against naive baselines.

``evaluate(store, truth_path, as_of)`` runs every installed detector as of
the date (without saving flags), runs one naive rule per kind in the same
pass, and scores both against ``ground_truth.json`` (written by
:func:`ingest.generate.generate`):

* precision, recall and F1 of the emitted set;
* average precision by score (the mean, over planted cases, of the precision
  at the rank where each was found; unfound cases count 0), for detectors;
  baselines emit no score, so theirs is ``None``;
* for unlicensed employment, how often the reasons match the planted ones.

Matching: unlicensed employment by (any passport of the flagged person,
enterprise code); nominee investment by enterprise code; networks by member
overlap, Jaccard >= 0.5 between the flagged members and a planted network
(people are mapped to truth ids through their passports, IDs and source
records). Each planted case is matched at most once: a second flag on it is
a false positive.

Baselines:

* unlicensed: a foreigner an enterprise sponsored, with no permit naming it;
* nominee: a Vietnamese sole owner of an enterprise that sponsors foreigners;
* networks: connected components of apprehension cases sharing any person.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from analysis import risk_cypher
from analysis.detectors import available
from analysis.model import KINDS
from graph.store import GraphStore

__all__ = ["evaluate", "score_matches", "JACCARD"]

JACCARD = 0.5


class _Truth:
    """Who is who in the ground truth: identifiers and records to truth ids."""

    def __init__(self, truth: dict[str, Any]) -> None:
        self.flags = truth["flags"]
        self.by_id: dict[str, str] = {}
        self.by_ref: dict[str, list[str]] = {}
        self.passports: dict[str, set[str]] = {}
        for p in truth["persons"]:
            for n in p["passport_nos"] + p["id_nos"]:
                self.by_id.setdefault(n, p["truth_id"])
            self.passports[p["truth_id"]] = set(p["passport_nos"])
            for ref in p["records"]:
                self.by_ref.setdefault(ref, []).append(p["truth_id"])

    def tid(self, ids: Iterable[str], records: Iterable[str]) -> str | None:
        for n in ids:
            if n in self.by_id:
                return self.by_id[n]
        votes = Counter(t for ref in records for t in self.by_ref.get(ref, []))
        return votes.most_common(1)[0][0] if votes else None


def score_matches(emitted: list[tuple[float | None, Any]], planted: list[Any],
                  match: Callable[[Any, Any], float]) -> dict[str, Any]:
    """P, R, F1 and AP of ``emitted`` ((score, item), best first) against ``planted``.

    ``match(item, truth)`` is a similarity; > 0 is a match, the best unused wins.
    """
    ranked = sorted(emitted, key=lambda e: -(e[0] or 0.0))
    used: set[int] = set()
    hits, precisions = 0, []
    for rank, (_, item) in enumerate(ranked, start=1):
        best = max(((match(item, t), i) for i, t in enumerate(planted) if i not in used),
                   default=(0.0, -1))
        if best[0] > 0:
            used.add(best[1])
            hits += 1
            precisions.append(hits / rank)
    p = hits / len(ranked) if ranked else 0.0
    r = hits / len(planted) if planted else 0.0
    scored = all(s is not None for s, _ in emitted)
    return {"emitted": len(ranked), "planted": len(planted), "true_positives": hits,
            "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "average_precision": round(sum(precisions) / len(planted), 4)
            if scored and planted else None}


# ----------------------------------------------------------------- per kind
def _unlicensed(truth: _Truth, flags, baseline_rows) -> dict[str, Any]:
    planted = truth.flags["unlicensed_employment"]

    def match(item, t) -> float:
        passports, code, _ = item
        known = truth.passports.get(t["truth_id"], set()) | {t["passport_no"]}
        return 1.0 if code == t["enterprise_code"] and passports & known else 0.0

    def item(f) -> tuple:
        passports = {n for p in f.persons for n in p.passport_nos} | {f.subject["passport_no"]}
        passports.discard(None)
        return passports, f.subject["enterprise_code"], f.reasons

    detector = score_matches([(f.score, item(f)) for f in flags], planted, match)
    same = sum(1 for f in flags for t in planted
               if match(item(f), t) and set(f.reasons) == set(t["reasons"]))
    detector["reasons_exact"] = round(same / detector["true_positives"], 4) \
        if detector["true_positives"] else None
    baseline = score_matches(
        [(None, (set(r["passport_nos"] or []), r["enterprise_code"], [])) for r in baseline_rows],
        planted, match)
    return {"detector": detector, "baseline": baseline}


def _nominee(truth: _Truth, flags, baseline_rows) -> dict[str, Any]:
    planted = truth.flags["nominee_investment"]

    def match(code, t) -> float:
        return 1.0 if code == t["enterprise_code"] else 0.0

    return {"detector": score_matches([(f.score, f.subject.get("enterprise_code"))
                                       for f in flags], planted, match),
            "baseline": score_matches([(None, r["enterprise_code"]) for r in baseline_rows],
                                      planted, match)}


def _jaccard(members: set[str], t: dict[str, Any]) -> float:
    theirs = set(t["members"])
    j = len(members & theirs) / len(members | theirs) if members | theirs else 0.0
    return j if j >= JACCARD else 0.0


def _networks(truth: _Truth, flags, baseline_rows) -> dict[str, Any]:
    planted = truth.flags["illegal_entry_network"]
    emitted = []
    for f in flags:
        members = {truth.tid(p.passport_nos + p.id_nos, p.records) for p in f.persons}
        emitted.append((f.score, members - {None}))
    graph = nx.Graph()
    for row in baseline_rows:
        person = ("p", truth.tid((), row["records"] or []) or row["person_id"])
        graph.add_edge(("c", row["case_ref"]), person)
    components = [{n[1] for n in comp if n[0] == "p"} for comp in nx.connected_components(graph)]
    return {"detector": score_matches(emitted, planted, _jaccard),
            "baseline": score_matches([(None, c) for c in components], planted, _jaccard)}


_BASELINES = {
    "unlicensed_employment": (risk_cypher.BASELINE_UNLICENSED, _unlicensed),
    "nominee_investment": (risk_cypher.BASELINE_NOMINEE, _nominee),
    "illegal_entry_network": (risk_cypher.BASELINE_CASE_MEMBERS, _networks),
}


def evaluate(store: GraphStore, truth_path: Path | str, as_of: dt.date | None = None,
             kinds: list[str] | None = None) -> dict[str, Any]:
    """Per kind: detector and baseline metrics, and seconds; see the module docstring."""
    raw = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    as_of = as_of or dt.date.fromisoformat(raw["as_of"])
    truth = _Truth(raw)
    detectors, missing = available(kinds)
    report: dict[str, Any] = {"as_of": as_of.isoformat(), "seed": raw.get("seed"),
                              "size": raw.get("size"), "kinds": {}}
    for kind in [k for k in KINDS if k in detectors or k in missing]:
        query, judge = _BASELINES[kind]
        clock = time.perf_counter()
        rows = store.read(query, as_of=as_of.isoformat(),  # type: ignore[arg-type]
                          as_of_end=as_of.isoformat() + "T99")
        baseline_seconds = time.perf_counter() - clock
        clock = time.perf_counter()
        flags = detectors[kind](store, as_of=as_of) if kind in detectors else []
        detector_seconds = time.perf_counter() - clock
        result = judge(truth, flags, rows)
        if kind in missing:
            result["detector"] = None
        result["seconds"] = {"detector": round(detector_seconds, 2),
                             "baseline": round(baseline_seconds, 2)}
        report["kinds"][kind] = result
    return report
