"""Entity resolution: which mentions in the feeds are one real person.

Public API (everything else is an implementation module):

* :func:`resolve_all`, :func:`resolve_pending` — run resolution on the graph;
* :func:`explain_person` — why a person's records were merged;
* :func:`split_person` — undo a wrong merge, for good;
* :class:`Thresholds` — the numbers that decide a merge;
* :func:`resolve_mentions` — the pure algorithm, for tests and tuning.

How it works: :mod:`ingest.resolve.resolver`; the weights and their reasons:
:mod:`ingest.resolve.features`; the thresholds: :mod:`ingest.resolve.thresholds`.
"""

from ingest.resolve.explain import explain_person
from ingest.resolve.resolver import resolve_mentions
from ingest.resolve.service import (
    BadSplit, PersonNotFound, ResolveProgress, ResolveSummary, SplitResult, resolve_all,
    resolve_pending, split_person,
)
from ingest.resolve.thresholds import Thresholds

__all__ = [
    "resolve_all", "resolve_pending", "explain_person", "split_person", "resolve_mentions",
    "Thresholds", "ResolveSummary", "ResolveProgress", "SplitResult", "PersonNotFound",
    "BadSplit",
]
