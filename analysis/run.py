"""One analysis run: every detector asked for, as of a date, its flags saved.

Each kind is detected and saved on its own, so a kind that fails leaves the
others' flags saved and its own untouched (nothing is marked stale by a run
that did not finish). The run records on every flag the rule version of its
detector and a fingerprint of the data it read (:func:`data_fingerprint`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field

from analysis import flags_cypher
from analysis.detectors import available
from analysis.flags_store import ANALYSIS_USER, HCM, KindTally, save_flags
from graph.store import GraphStore

__all__ = ["AnalysisRun", "run_analysis", "data_fingerprint", "today"]


@dataclass
class AnalysisRun:
    as_of: dt.date
    data_fingerprint: str
    tallies: dict[str, KindTally] = field(default_factory=dict)
    rule_versions: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def total_seconds(self) -> float:
        return round(sum(self.seconds.values()), 2)


def today() -> dt.date:
    """Today in Vietnam: the default ``--as-of``."""
    return dt.datetime.now(HCM).date()


def data_fingerprint(store: GraphStore) -> str:
    """A short hash of what the graph holds: per record label, row count and largest
    row hash; for people, count and largest resolution signature.

    Equal fingerprints mean the same rows and the same people (a new or changed
    row changes a count or a maximum, save for a collision of hashes), so a
    reviewer can tell which data a flag's score came from.
    """
    parts = []
    for label, query in sorted(flags_cypher.FINGERPRINT_BY_LABEL.items()):
        row = store.read(query)[0]  # type: ignore[arg-type]  # from flags_cypher only
        parts.append(f"{label}={row['n']}:{row['h'] or ''}")
    return hashlib.blake2b("|".join(parts).encode(), digest_size=8).hexdigest()


def run_analysis(store: GraphStore, *, as_of: dt.date | None = None,
                 kinds: list[str] | None = None, user: str = ANALYSIS_USER,
                 now: str | None = None) -> AnalysisRun:
    """Run the detectors of ``kinds`` (all by default) and save their flags."""
    as_of = as_of or today()
    detectors, missing = available(kinds)
    clock = time.perf_counter()
    run = AnalysisRun(as_of, data_fingerprint(store), missing=missing)
    run.seconds["fingerprint"] = round(time.perf_counter() - clock, 2)
    for kind, detector in detectors.items():
        clock = time.perf_counter()
        candidates = detector(store, as_of=as_of)
        for c in candidates:
            c.rule_version = c.rule_version or detector.rule_version
        run.tallies[kind] = save_flags(store, candidates, kinds=[kind],
                                       data_fingerprint=run.data_fingerprint, user=user,
                                       now=now)[kind]
        run.rule_versions[kind] = detector.rule_version
        run.seconds[kind] = round(time.perf_counter() - clock, 2)
    return run
