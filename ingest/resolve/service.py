"""Entity resolution against the graph: read, resolve, write only what changed.

``resolve_all`` rebuilds people from the evidence every time: every mention,
every reviewer's split. It is deterministic, so a re-run on the same data
writes nothing, and person ids stay the same. What it writes, in batches of
one managed transaction each:

1. new and changed ``Person`` nodes, with their mentions' ``RESOLVES_TO``
   links (a property ``signature``, a hash of the properties and of the
   links, tells which changed);
2. ``Person`` nodes no mention belongs to any more, deleted (DETACH);
3. ``ResolutionDecision`` merge nodes, created, updated or deleted to match;

and the people's ``PersonTerm`` search terms (:mod:`ingest.resolve.search_terms`):
a new person's with it, a changed or emptied one's just before. How people
are written: :mod:`ingest.resolve.writer`.

The steps are not one transaction (a province is too big for one), so a run
killed half-way leaves a mix of old and new links; the next run finishes the
job, as it compares against whatever the graph holds.

``resolve_pending`` is what ingest calls: if no mention is unresolved it does
nothing, otherwise it runs ``resolve_all``, with the mentions the ingest has
just written when they are all the graph holds (no read-back). A new row can change frequencies
and so any merge, and the full run is cheap enough that incremental
resolution would buy little for its risk. Measured on the generated province
(935,451 mentions, 138,031 people, 2 shared cores, embedded engine): as part
of ``lienket ingest`` into an empty graph, 1 min 50 s (mentions taken from
the ingest 10 s, resolve 25 s, write 75 s: the engine's creation of the
links is most of it). Earlier figures, before the write path and the handed-over
mentions: a first ``lienket resolve --all`` 2 min 31 s (read 41 s, resolve
33 s, write 76 s), a re-run with nothing to write 1 min 25 s, peak RSS
1.06 GB. A split re-runs everything too (1 min 27 s there).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import LienketError
from graph.file_lock import INGEST_LOCK, exclusive
from graph.store import GraphStore
from ingest.collector import collector_paused
from ingest.normalize.dates import VIETNAM_TZ
from ingest.resolve import cypher
from ingest.resolve.persons import person_properties, short_hash
from ingest.resolve.reader import (
    LoadedMentions, read_mentions, read_signatures, read_splits,
)
from ingest.resolve.resolver import Resolution, resolve_mentions
from ingest.resolve.search_terms import ensure_terms, replace_terms
from ingest.resolve.thresholds import Thresholds
from ingest.resolve.writer import PeopleWriter
from ingest.threads import prompt_thread_switches

__all__ = [
    "ResolveSummary", "ResolveProgress", "resolve_all", "resolve_pending", "load_and_resolve",
    "split_person",
    "SplitResult", "PersonNotFound", "BadSplit",
]

WRITE_BATCH = 2000
T = TypeVar("T")


class PersonNotFound(LienketError):
    """No person has the id given."""


class BadSplit(LienketError):
    """A split that names mentions the person does not have, or all of them."""


class ResolveProgress:
    """What a resolution run tells whoever watches (the CLI draws a bar)."""

    def stage(self, name: str, total: int | None = None) -> None: ...
    def advanced(self, n: int) -> None: ...


@dataclass
class ResolveSummary:
    mentions: int = 0
    persons: int = 0
    exact_groups: int = 0
    candidate_pairs: int = 0
    merges: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    splits: int = 0
    persons_written: int = 0
    persons_deleted: int = 0
    links_written: int = 0
    decisions_written: int = 0
    decisions_deleted: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)


def resolve_all(store: GraphStore, *, thresholds: Thresholds | None = None,
                progress: ResolveProgress | None = None,
                loaded: LoadedMentions | None = None) -> ResolveSummary:
    """Resolve every mention into people, keeping reviewers' splits, and write the changes.

    ``loaded``: the mentions the caller has just ingested; if they are every
    mention of the graph, they are used instead of reading the graph's (and
    taken: ``loaded`` is empty after).
    """
    progress = progress or ResolveProgress()
    summary = ResolveSummary()
    clock = time.perf_counter()
    total = store.read_value(cypher.MENTION_COUNT) or 0
    progress.stage("reading mentions", total)
    if loaded is not None and len(loaded) == total:
        _give_back_freed_memory()
        mentions = loaded.take()
        progress.advanced(total)
    else:
        mentions = read_mentions(store, progress.advanced)
    splits = read_splits(store)
    summary.seconds["read"] = round(time.perf_counter() - clock, 2)

    clock = time.perf_counter()
    progress.stage("resolving")
    # The cycle collector off: resolving makes no cyclic garbage, and each full
    # collection walked its millions of live objects (15-20% faster without).
    # Not while writing: the driver's garbage is cyclic (RSS grew by 200 MB
    # over a province's writes).
    with collector_paused():
        resolution = resolve_mentions(mentions, splits=splits, thresholds=thresholds,
                                      passport_periods=lambda keys: _passport_periods(store, keys))
    summary.seconds["resolve"] = round(time.perf_counter() - clock, 2)
    stats = resolution.stats
    summary.stats = stats
    summary.mentions, summary.persons = len(mentions), len(resolution.members)
    summary.exact_groups = stats["exact_groups"]
    summary.candidate_pairs = stats["candidate_pairs"]
    summary.merges = stats["merges"]
    summary.refused = stats["refused"]
    summary.splits = len(splits)

    clock = time.perf_counter()
    with prompt_thread_switches():  # the writer threads wait on the database
        _write(store, resolution, summary, progress)
    summary.seconds["write"] = round(time.perf_counter() - clock, 2)
    return summary


def resolve_pending(store: GraphStore, *, thresholds: Thresholds | None = None,
                    progress: ResolveProgress | None = None,
                    loaded: LoadedMentions | None = None) -> ResolveSummary | None:
    """After an ingest: a full run if any mention is unresolved, else nothing (None).
    ``loaded``: as for :func:`resolve_all`."""
    # Mentions just loaded are unresolved: no need to look for others.
    if not (loaded is not None and len(loaded)) and not store.read_value(cypher.UNRESOLVED_COUNT):
        return None
    return resolve_all(store, thresholds=thresholds, progress=progress, loaded=loaded)


def load_and_resolve(store: GraphStore, data_dir: Path,
                     load: Callable[[Callable[[list[dict[str, Any]]], None]], T], *,
                     on_wait: Callable[[], None] | None = None
                     ) -> tuple[T, ResolveSummary | None]:
    """A load and the resolution of the people in it, one at a time per data
    directory (``lienket ingest`` and the API's processes alike).

    ``load(on_written)`` runs :func:`ingest.pipeline.ingest_paths` the caller's
    way, passing ``on_written`` on, so that resolution is handed the mentions
    it wrote instead of reading them back. ``on_wait`` is told when another
    load holds the data directory. Returns what ``load`` returned and the
    resolution (None when nothing was left to resolve).
    """
    loaded = LoadedMentions()
    with exclusive(data_dir, INGEST_LOCK, on_wait=on_wait):
        outcome = load(loaded.add_rows)
        return outcome, resolve_pending(store, loaded=loaded)


def _give_back_freed_memory() -> None:
    """Return to the system what loading freed: glibc keeps freed heap for reuse,
    and resolution's own allocations land above it (20 MB off the peak of a
    border feed). A no-op where there is no glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass




def _passport_periods(store: GraphStore, keys: list[str]) -> dict[str, tuple[str, str]]:
    periods = {}
    for start in range(0, len(keys), WRITE_BATCH):
        for row in store.read(cypher.PASSPORT_PERIODS, keys=keys[start:start + WRITE_BATCH]):
            periods[row["key"]] = (str(row["first"])[:10], str(row["last"])[:10])
    return periods


# ------------------------------------------------------------------ writing
def _write(store: GraphStore, resolution: Resolution, summary: ResolveSummary,
           progress: ResolveProgress) -> None:
    ensure_terms(store)  # a graph resolved before people had search terms
    existing = read_signatures(store, "person")
    seen_on = _seen_on(store, resolution)

    progress.stage("writing people", len(resolution.members))
    with PeopleWriter(store) as writer:
        for p, members in enumerate(resolution.members):
            person_id = resolution.person_ids[p]
            facts = [resolution.mentions[i] for i in members]
            if seen_on:
                facts = [m._replace(seen_on=seen_on.get(m.mention_id)) for m in facts]
            props = person_properties(facts)
            links = [[resolution.mentions[i].mention_id, *resolution.links[i]] for i in members]
            signature = short_hash(props.pop("signature") + json.dumps(links))
            if existing.get(person_id) != signature:
                writer.add(person_id, props, links, signature, new=person_id not in existing)
            progress.advanced(1)
    summary.persons_written, summary.links_written = writer.written, writer.links

    stale = sorted(set(existing) - set(resolution.person_ids))
    progress.stage("deleting emptied people", len(stale))
    replace_terms(store, [{"person_id": pid, "props": None} for pid in stale])
    _delete(store, cypher.DELETE_PERSONS, stale, progress)
    summary.persons_deleted = len(stale)

    _write_decisions(store, resolution, summary, progress)


def _seen_on(store: GraphStore, resolution: Resolution) -> dict[str, str]:
    """Record dates for the mentions of people with two or more documents of a kind."""
    wanted = []
    for members in resolution.members:
        facts = [resolution.mentions[i] for i in members]
        if (len({m.passport_no for m in facts if m.passport_no}) > 1
                or len({m.id_no for m in facts if m.id_no}) > 1):
            wanted.extend(m.mention_id for m in facts if m.passport_no or m.id_no)
    seen: dict[str, str] = {}
    for start in range(0, len(wanted), WRITE_BATCH):
        for row in store.read(cypher.SEEN_ON, ids=wanted[start:start + WRITE_BATCH]):
            if row["seen"]:
                seen[row["mid"]] = str(row["seen"])[:10]
    return seen


def _write_decisions(store: GraphStore, resolution: Resolution, summary: ResolveSummary,
                     progress: ResolveProgress) -> None:
    existing = read_signatures(store, "decision")
    wanted: dict[str, dict[str, Any]] = {}
    for edge in resolution.edges:
        props = {
            "decision_id": edge.decision_id, "kind": "merge", "method": "probabilistic",
            "mention_a": edge.mention_a, "mention_b": edge.mention_b,
            "score": round(edge.comparison.bits, 2),
            "fields": json.dumps(edge.comparison.as_dict(), ensure_ascii=False, sort_keys=True),
            "person_id": resolution.person_ids[edge.person],
        }
        props["signature"] = short_hash(json.dumps(props, sort_keys=True, ensure_ascii=False))
        wanted[edge.decision_id] = props
    create = [{"props": p} for d, p in wanted.items() if d not in existing]
    update = [{"props": p} for d, p in wanted.items()
              if d in existing and existing[d] != p["signature"]]
    gone = sorted(set(existing) - set(wanted))
    progress.stage("writing decisions", len(create) + len(update) + len(gone))
    store.write_rows(cypher.CREATE_MERGES, create, batch_size=WRITE_BATCH,
                     on_batch=progress.advanced)
    store.write_rows(cypher.UPDATE_MERGES, update, batch_size=WRITE_BATCH,
                     on_batch=progress.advanced)
    _delete(store, cypher.DELETE_DECISIONS, gone, progress)
    summary.decisions_written = len(create) + len(update)
    summary.decisions_deleted = len(gone)


def _delete(store: GraphStore, query: str, ids: list[str], progress: ResolveProgress) -> None:
    for start in range(0, len(ids), WRITE_BATCH):
        batch = ids[start:start + WRITE_BATCH]
        store.write(query, ids=batch)  # type: ignore[arg-type]  # from cypher only
        progress.advanced(len(batch))


# ------------------------------------------------------------------ splits
@dataclass
class SplitResult:
    decision_id: str
    # person id -> its mention ids, for every person the split mentions ended in
    persons: dict[str, list[str]]
    summary: ResolveSummary


def split_person(store: GraphStore, person_id: str, mention_ids: list[str], *, user: str,
                 reason: str, thresholds: Thresholds | None = None,
                 progress: ResolveProgress | None = None) -> SplitResult:
    """Undo a wrong merge: ``mention_ids`` may never again share a person with the rest.

    The split is stored as a ``ResolutionDecision`` (kind ``split``: who, when,
    why, and the two sides) and resolution is run again, so the separated
    mentions land wherever the evidence now puts them; every later run keeps
    the two sides apart.
    """
    if not store.read(cypher.PERSON, person_id=person_id):
        raise PersonNotFound(f"No person has the id {person_id}; "
                             "`lienket export persons` lists them.")
    held = [r["mention_id"] for r in store.read(cypher.PERSON_MENTIONS, person_id=person_id)]
    chosen = sorted(set(mention_ids))
    foreign = [m for m in chosen if m not in set(held)]
    if foreign:
        raise BadSplit(f"Person {person_id} has no mention {', '.join(foreign)}; "
                       f"its mentions are {', '.join(held)}.")
    rest = sorted(set(held) - set(chosen))
    if not chosen or not rest:
        raise BadSplit(f"Name some but not all of the {len(held)} mentions of {person_id} "
                       "to split them off.")
    if not reason.strip():
        raise BadSplit("Give the reason for the split (--reason).")
    now = dt.datetime.now(VIETNAM_TZ).isoformat(timespec="seconds")
    decision_id = "s_" + short_hash(f"split|{person_id}|{'|'.join(chosen)}|{now}")
    props = {
        "decision_id": decision_id, "kind": "split", "method": "reviewer",
        "person_id": person_id, "user": user, "reason": reason, "created_at": now,
        "cannot_link": json.dumps({"left": chosen, "right": rest}, ensure_ascii=False),
    }
    store.write(cypher.CREATE_SPLIT, props=props, mention_ids=chosen + rest,
                person_id=person_id)
    summary = resolve_all(store, thresholds=thresholds, progress=progress)
    persons: dict[str, list[str]] = {}
    for row in store.read(cypher.MENTION_PERSONS, ids=chosen + rest):
        persons.setdefault(row["person_id"], []).append(row["mention_id"])
    return SplitResult(decision_id, persons, summary)
