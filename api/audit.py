"""The audit trail: one append-only ``AuditEntry`` per read of a person or
enterprise record and per change made through the API.

Entries are only ever created (no update or delete statement exists here).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from api.audit_spool import Spool, ship_orphans
from api.errors import AuditUnavailable
from api.keys import Principal
from graph.errors import StoreUnavailable
from graph.store import GraphStore

__all__ = ["AuditLog", "READS"]

log = logging.getLogger("lienket.api")

# Reads: their entries are answered from the spool. Every other action is a
# change, whose entry is in the graph before its answer, like the change.
READS = frozenset({"read", "search", "neighbourhood", "paths", "query", "explain",
                   "flag_graph"})


def _entry(principal: Principal, *, method: str, path: str, action: str, subject: str,
           purpose: str | None, status: int) -> dict[str, Any]:
    return {"entry_id": "a_" + uuid.uuid4().hex[:16],
            "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
            "key_id": principal.key_id, "role": principal.role, "method": method,
            "path": path, "action": action, "subject": subject, "purpose": purpose or "",
            "status": status}


# MERGE, not CREATE: a shipment whose commit the driver did not hear of, or an
# orphaned spool file, may be shipped again; each entry is written once.
SHIP = """UNWIND $entries AS entry
MERGE (a:AuditEntry {entry_id: entry.entry_id}) ON CREATE SET a += entry"""


class _Waiter:
    __slots__ = ("done", "error")

    def __init__(self) -> None:
        self.done, self.error = threading.Event(), None


class AuditLog:
    """The API's audit trail: entries reach the graph in batches, one transaction
    for all those of a moment, from one thread.

    Nothing is answered without its trace. A change's entry is in the graph
    before :meth:`record` returns (it raises if the entry could not be
    written). A read's entry, when the log has a spool folder
    (:mod:`api.audit_spool`), is in this process's spool file when
    :meth:`record` returns, and in the graph within :attr:`SHIP_SECONDS`;
    without a folder it too waits for the graph. :meth:`flush` waits for every
    entry recorded so far.
    """

    BATCH = 500
    SHIP_SECONDS = 0.1        # how long a read's entry waits for others to ship with
    WAIT_SECONDS = 30.0
    ORPHAN_SECONDS = 60.0     # how often spool files of dead processes are looked for
    RETRY_SECONDS = (0.2, 5.0)  # first and longest pause after a failed shipment

    def __init__(self, store: Callable[[], GraphStore], spool_folder: Path | None = None
                 ) -> None:
        self._store = store  # read per shipment: the API may reconnect to a new store
        self._folder = spool_folder
        self._spool = Spool(spool_folder) if spool_folder else None
        self._unshipped: list[dict[str, Any]] = []  # the spool file's entries, in order
        self._waiters: dict[str, list[_Waiter]] = {}  # entry id -> who waits for it
        self._wake = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._ship_loop, name="lienket-audit",
                                        daemon=True)
        self._thread.start()

    def record(self, principal: Principal, *, method: str, path: str, action: str,
               subject: str, purpose: str | None = None, status: int = 200) -> str:
        entry = _entry(principal, method=method, path=path, action=action,
                       subject=subject, purpose=purpose, status=status)
        waiter = None if self._spool is not None and action in READS else _Waiter()
        with self._wake:
            if self._closed:
                raise RuntimeError("the audit log is closed")
            if self._spool is not None:
                try:
                    self._spool.append(entry)
                except OSError as exc:
                    raise AuditUnavailable(
                        f"The audit trail could not be written to {self._spool.path} "
                        f"({exc.strerror}), so the answer is withheld; an administrator "
                        "must free disk space there or fix its permissions.") from None
            self._unshipped.append(entry)
            if waiter is not None:
                self._waiters[entry["entry_id"]] = [waiter]
            self._wake.notify()
        if waiter is not None:
            self._wait(waiter)
        return entry["entry_id"]

    def flush(self) -> None:
        """Return once every entry recorded so far is in the graph (raises if the
        graph would not take them)."""
        waiter = _Waiter()
        with self._wake:
            if not self._unshipped:
                return
            self._waiters.setdefault(self._unshipped[-1]["entry_id"], []).append(waiter)
            self._wake.notify()
        self._wait(waiter)

    def _wait(self, waiter: _Waiter) -> None:
        if not waiter.done.wait(self.WAIT_SECONDS):
            raise StoreUnavailable("The audit trail could not be written in time, so the "
                                   "answer is withheld; try again in a moment.")
        if waiter.error is not None:
            raise waiter.error

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join(self.WAIT_SECONDS)
        with self._wake:
            if self._spool is not None:
                self._spool.close(remove=not self._unshipped)
            left, self._waiters = self._waiters, {}
        for waiter in (w for waiters in left.values() for w in waiters):
            waiter.error = StoreUnavailable("The API is stopping and the audit trail could "
                                            "not be written; try again in a moment.")
            waiter.done.set()

    def _ship(self, entries: list[dict[str, Any]]) -> None:
        for i in range(0, len(entries), self.BATCH):
            self._store().write(SHIP, entries=entries[i:i + self.BATCH])

    def _ship_loop(self) -> None:
        pause, orphans_due = self.RETRY_SECONDS[0], 0.0
        while True:
            if self._folder is not None and time.monotonic() >= orphans_due:
                orphans_due = time.monotonic() + self.ORPHAN_SECONDS
                try:
                    ship_orphans(self._folder, self._ship)
                except Exception:  # the graph is away: the files wait for the next look
                    log.warning("Audit entries left by a stopped API process could not "
                                "be shipped yet; they stay in %s.", self._folder)
            with self._wake:
                while not self._unshipped and not self._closed:
                    left = orphans_due - time.monotonic() if self._folder else None
                    if left is not None and left <= 0:
                        break
                    self._wake.wait(left)
                # Reads wait a moment for company; a change or a flush is waited for.
                until = time.monotonic() + self.SHIP_SECONDS
                while (self._unshipped and not self._waiters and not self._closed
                       and (left := until - time.monotonic()) > 0):
                    self._wake.wait(left)
                if not self._unshipped:
                    if self._closed:
                        return
                    continue
                batch = self._unshipped[:self.BATCH]
            try:
                self._ship(batch)
            except Exception as exc:  # each waiting request reports it as its own
                self._release(batch, exc)
                retry = time.monotonic() + pause  # new entries do not hasten it
                with self._wake:
                    while not self._closed and (left := retry - time.monotonic()) > 0:
                        self._wake.wait(left)
                    if self._closed:
                        return  # the spool file keeps them for the next process
                pause = min(pause * 2, self.RETRY_SECONDS[1])
                continue
            pause = self.RETRY_SECONDS[0]
            with self._wake:
                del self._unshipped[:len(batch)]
                if self._spool is not None:
                    self._spool.keep_only(self._unshipped)
            self._release(batch, None)

    def _release(self, batch: list[dict[str, Any]], error: Exception | None) -> None:
        with self._wake:
            waiting = [w for e in batch for w in self._waiters.pop(e["entry_id"], ())]
        for waiter in waiting:
            waiter.error = error
            waiter.done.set()
