"""``lienket ingest``: files in, graph out, every bad row accounted for.

Per file: recognise the feed from the header, stream the records, validate
each with the feed's row model, shape it for the graph, and write batches
(:mod:`ingest.loader`). Bad rows go to the reject file and never stop the good
ones. Every file's header is checked before anything is written, so a folder
holding a file that is no feed is refused whole.
"""

from __future__ import annotations

import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import LienketError
from graph.store import GraphStore
from ingest.contract import FEEDS
from ingest.loader import holds_records, load_batch
from ingest.models import validate_row
from ingest.readers import SUFFIXES, SourceFile, open_source
from ingest.recognise import HeaderMap, recognise
from ingest.rejects import RejectWriter
from ingest.shape import RowConflict, reference, shape_row
from ingest.threads import prompt_thread_switches

__all__ = ["FeedSummary", "IngestSummary", "ingest_paths", "collect_files", "NoFiles"]

BATCH_SIZE = int(os.environ.get("LIENKET_INGEST_BATCH", "2000"))
# Writer threads. One is the default: on the embedded engine two or three
# concurrent writers measured slower than one (12.1 s against 13.4-16.6 s for
# the small dataset), but a Neo4j cluster may gain; MERGE races between them
# end in a ConstraintError that the store retries.
WRITERS = int(os.environ.get("LIENKET_INGEST_WRITERS", "1"))


class KeyMemory:
    """The keys of one feed seen in this run, with their content fingerprint.

    At 900k rows the memory of keys is most of the loading's RSS, so each key
    holds one int packing its fingerprint (the 96-bit row hash), the file
    index and the row number: about 50 bytes where a tuple of a hex string
    and two ints took 165.
    """

    _FILE_BITS, _ROW_BITS = 16, 40

    def __init__(self, *, assume_new: bool = False) -> None:
        self.files: list[str] = []
        self.keys: dict[str, int] = {}
        # The graph held no record of the feed when the run began, so a key not
        # seen in the run is not in the graph either (:func:`ingest.loader.load_batch`).
        self.assume_new = assume_new

    def remember(self, ref: str, digest: str, file_index: int, row: int) -> None:
        if file_index >> self._FILE_BITS or row >> self._ROW_BITS:
            raise RunTooLarge(f"One run can take at most {1 << self._FILE_BITS:,} files of a feed "
                          f"and {1 << self._ROW_BITS:,} rows a file; split the run.")
        self.keys[ref] = ((int(digest, 16) << (self._FILE_BITS + self._ROW_BITS))
                          | (file_index << self._ROW_BITS) | row)

    def recall(self, ref: str) -> tuple[str, int, int] | None:
        """(fingerprint, file index, row) of the first time ``ref`` was seen, or None."""
        packed = self.keys.get(ref)
        if packed is None:
            return None
        row = packed & ((1 << self._ROW_BITS) - 1)
        file_index = (packed >> self._ROW_BITS) & ((1 << self._FILE_BITS) - 1)
        return (format(packed >> (self._FILE_BITS + self._ROW_BITS), "024x"), file_index, row)

    def where(self, entry: tuple[str, int, int]) -> str:
        return f"{self.files[entry[1]]} row {entry[2]}"


class NoFiles(LienketError):
    """Nothing to ingest at the paths given."""


class RunTooLarge(LienketError):
    """More files of one feed, or rows in one file, than a run keeps track of."""


@dataclass
class FeedSummary:
    feed: str
    files: int = 0
    read: int = 0
    loaded: int = 0
    unchanged: int = 0
    rejected: int = 0
    seconds: float = 0.0


@dataclass
class IngestSummary:
    feeds: dict[str, FeedSummary] = field(default_factory=dict)
    rejects_path: Path | None = None
    seconds: float = 0.0

    def for_feed(self, name: str) -> FeedSummary:
        return self.feeds.setdefault(name, FeedSummary(name))

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.feeds.values())


class Progress:
    """What the pipeline tells whoever watches (the CLI draws a bar)."""

    def file_started(self, path: Path, feed: str, size_bytes: int) -> None: ...
    def advanced(self, rows: int, position_bytes: int) -> None: ...
    def file_finished(self, path: Path) -> None: ...


def collect_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise NoFiles(f"{path} does not exist.")
    if not files:
        raise NoFiles("No CSV, XLSX or JSON Lines files were found at the paths given.")
    return files


def ingest_paths(
    store: GraphStore,
    paths: Iterable[Path],
    *,
    rejects: RejectWriter,
    forced_feed: str | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    on_written: Callable[[list[dict[str, Any]]], None] | None = None,
) -> IngestSummary:
    """Load ``paths``; ``on_written`` is given the shaped rows of each batch once it
    has committed (resolution keeps their mentions: :class:`~ingest.resolve.reader.LoadedMentions`)."""
    with prompt_thread_switches():
        return _ingest_paths(store, paths, rejects=rejects, forced_feed=forced_feed,
                             progress=progress or Progress(), batch_size=batch_size,
                             on_written=on_written)


def _ingest_paths(store: GraphStore, paths: Iterable[Path], *, rejects: RejectWriter,
                  forced_feed: str | None, progress: Progress, batch_size: int,
                  on_written: Callable[[list[dict[str, Any]]], None] | None) -> IngestSummary:
    started = time.perf_counter()
    files = collect_files(paths)
    # Every header first: one file that is no feed refuses the run before any write.
    plans: list[tuple[Path, HeaderMap]] = []
    for path in files:
        source = open_source(path)
        try:
            plans.append((path, recognise(source.header, source=str(path), forced=forced_feed)))
        finally:
            source.close()
    summary = IngestSummary(rejects_path=rejects.path)
    # Files of one feed next to each other, so each feed's key memory can be
    # dropped as soon as its last file is done (it is the bulk of the RSS).
    order = {spec.name: i for i, spec in enumerate(FEEDS)}
    plans.sort(key=lambda plan: order[plan[1].feed.name])
    last_file_of = {plan[1].feed.name: plan[0] for plan in plans}
    seen: dict[str, KeyMemory] = {}
    for path, header_map in plans:
        feed_summary = summary.for_feed(header_map.feed.name)
        if header_map.feed.name not in seen:
            # A feed new to the graph: its batches need not ask what it holds.
            seen[header_map.feed.name] = KeyMemory(
                assume_new=not holds_records(store, header_map.feed.name))
        feed_started = time.perf_counter()
        source = open_source(path)
        progress.file_started(path, header_map.feed.name, source.size_bytes)
        try:
            _ingest_file(store, source, header_map, rejects, feed_summary,
                         seen[header_map.feed.name], progress, batch_size,
                         on_written)
        finally:
            source.close()
            progress.file_finished(path)
        feed_summary.files += 1
        feed_summary.seconds += time.perf_counter() - feed_started
        if last_file_of[header_map.feed.name] == path:
            seen.pop(header_map.feed.name, None)
    summary.seconds = time.perf_counter() - started
    return summary


def _ingest_file(store: GraphStore, source: SourceFile, header_map: HeaderMap,
                 rejects: RejectWriter, summary: FeedSummary,
                 memory: KeyMemory, progress: Progress,
                 batch_size: int,
                 on_written: Callable[[list[dict[str, Any]]], None] | None) -> None:
    feed = header_map.feed
    file_name = source.path.name
    memory.files.append(file_name)
    file_index = len(memory.files) - 1
    batch: list[dict[str, Any]] = []
    pending_rows = 0
    # Writer threads: the database writes batches N, N-1 while this thread
    # reads, validates and shapes batch N+1 (the driver releases the GIL on I/O).
    writer = ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="lienket-writer")
    in_flight: deque[tuple[Future, int]] = deque()

    def reject(number: int, column: str, reason: str, original: dict[str, Any]) -> None:
        rejects.add(feed=feed.name, file=str(source.path), row=number, column=column,
                    reason=reason, values=original)

    def settle(future: Future, rows: int) -> None:
        outcome = future.result()
        if memory.assume_new and outcome.checked:
            memory.assume_new = False  # someone else wrote the feed meanwhile: ask from now on
        summary.loaded += outcome.written
        summary.unchanged += outcome.unchanged
        if on_written and outcome.fresh:
            on_written(outcome.fresh)
        for row in outcome.conflicts:
            key_column = feed.key or "row"
            reject(row["props"]["row"], key_column,
                   f"{key_column} {row['ref'].split(':', 1)[1]} was already loaded with "
                   "different content", json.loads(row["props"]["source"]))
            summary.rejected += 1
        progress.advanced(rows, source.position())

    def flush() -> None:
        nonlocal batch, pending_rows
        in_flight.append((writer.submit(load_batch, store, feed.name, batch,
                                        assume_new=memory.assume_new), pending_rows))
        batch, pending_rows = [], 0
        while len(in_flight) > WRITERS:
            settle(*in_flight.popleft())

    try:
        for number, cells in source.records:
            summary.read += 1
            pending_rows += 1
            original = {str(source.header[i]) if i < len(source.header) else f"#{i + 1}": cell
                        for i, cell in enumerate(cells)}
            shaped, problem = _prepare(feed, header_map, number, cells, file_name, original)
            if problem:
                for column, reason in problem:
                    reject(number, column, reason, original)
                summary.rejected += 1
            else:
                ref, digest = shaped["ref"], shaped["props"]["row_hash"]
                earlier = memory.recall(ref)
                if earlier is None:
                    memory.remember(ref, digest, file_index, number)
                    batch.append(shaped)
                elif earlier[0] == digest:
                    summary.unchanged += 1
                else:
                    key_column = feed.key or "row"
                    reject(number, key_column,
                           f"{key_column} {ref.split(':', 1)[1]} was already seen with "
                           f"different content ({memory.where(earlier)})",
                           original)
                    summary.rejected += 1
            if len(batch) >= batch_size:
                flush()
        flush()
        while in_flight:
            settle(*in_flight.popleft())
    finally:
        for future, _ in in_flight:
            future.cancel()
        writer.shutdown(wait=True)


def _prepare(feed, header_map: HeaderMap, number: int, cells: list[Any], file_name: str,
             original: dict[str, Any]) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    if len(cells) > len(header_map.columns) and any(
            str(c).strip() for c in cells[len(header_map.columns):] if c is not None):
        return None, [("", f"the record has {len(cells)} cells but the header has "
                           f"{len(header_map.columns)} columns")]
    values = {name: cells[i] if i < len(cells) else None
              for i, name in header_map.columns.items()}
    normalised, problems = validate_row(feed.name, values)
    if problems:
        return None, [(p.column, p.reason) for p in problems]
    try:
        return shape_row(feed, normalised, number, file_name, original), []
    except RowConflict as exc:
        return None, [(exc.column, str(exc))]
    except ValueError as exc:  # a normaliser refusing a value only shaping reads
        return None, [("", str(exc))]
