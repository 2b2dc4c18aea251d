"""The audit trail: one append-only ``AuditEntry`` per read of a person or
enterprise record and per change made through the API.

Entries are only ever created (no update or delete statement exists here).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import uuid
from collections.abc import Callable
from typing import Any

from api.errors import BadRequest
from api.keys import Principal
from graph.errors import StoreUnavailable
from graph.store import GraphStore

__all__ = ["list_entries", "AuditLog"]

_FIELDS = ("entry_id", "at", "key_id", "role", "method", "path", "action", "subject",
           "purpose", "status")


def _entry(principal: Principal, *, method: str, path: str, action: str, subject: str,
           purpose: str | None, status: int) -> dict[str, Any]:
    return {"entry_id": "a_" + uuid.uuid4().hex[:16],
            "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
            "key_id": principal.key_id, "role": principal.role, "method": method,
            "path": path, "action": action, "subject": subject, "purpose": purpose or "",
            "status": status}


CREATE = "UNWIND $entries AS entry CREATE (a:AuditEntry) SET a = entry"


class _Waiter:
    __slots__ = ("entry", "done", "error")

    def __init__(self, entry: dict[str, Any]) -> None:
        self.entry, self.done, self.error = entry, threading.Event(), None


class AuditLog:
    """The API's audit trail with group commit.

    A request's entry is committed before its answer leaves: :meth:`record`
    returns only then, and raises if the entry could not be written, so nothing
    is ever read without its trace. The entries of requests that arrive while a
    commit is under way go together in the next transaction: one commit per
    burst instead of one per request, which was the largest database cost of a
    busy API.
    """

    BATCH = 500
    WAIT_SECONDS = 30.0

    def __init__(self, store: Callable[[], GraphStore]) -> None:
        self._store = store  # read per commit: the API may reconnect to a new store
        self._pending: list[_Waiter] = []
        self._wake = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._commit_loop, name="lienket-audit",
                                        daemon=True)
        self._thread.start()

    def record(self, principal: Principal, *, method: str, path: str, action: str,
               subject: str, purpose: str | None = None, status: int = 200) -> str:
        waiter = _Waiter(_entry(principal, method=method, path=path, action=action,
                                subject=subject, purpose=purpose, status=status))
        with self._wake:
            if self._closed:
                raise RuntimeError("the audit log is closed")
            self._pending.append(waiter)
            self._wake.notify()
        if not waiter.done.wait(self.WAIT_SECONDS):
            raise StoreUnavailable("The audit trail could not be written in time, so the "
                                   "answer is withheld; try again in a moment.")
        if waiter.error is not None:
            raise waiter.error
        return waiter.entry["entry_id"]

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join(self.WAIT_SECONDS)

    def _commit_loop(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closed:
                    self._wake.wait()
                if not self._pending:
                    return
                batch, self._pending = self._pending[:self.BATCH], self._pending[self.BATCH:]
            try:
                self._store().write(CREATE, entries=[w.entry for w in batch])
            except Exception as exc:  # each waiting request reports it as its own
                for waiter in batch:
                    waiter.error = exc
            for waiter in batch:
                waiter.done.set()


def _cursor(at: str, entry_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([at, entry_id]).encode()).decode()


def _uncursor(cursor: str) -> tuple[str, str]:
    try:
        at, entry_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return str(at), str(entry_id)
    except (ValueError, TypeError):
        raise BadRequest(f"'{cursor}' is not a cursor this service gave out; "
                         "start again without one.") from None


LIST = """
MATCH (a:AuditEntry)
WHERE ($key_id IS NULL OR a.key_id = $key_id)
  AND ($subject IS NULL OR a.subject = $subject)
  AND ($action IS NULL OR a.action = $action)
  AND ($since IS NULL OR a.at >= $since)
  AND ($until IS NULL OR a.at < $until)
  AND ($after_at IS NULL OR a.at < $after_at OR (a.at = $after_at AND a.entry_id < $after_id))
RETURN properties(a) AS entry
ORDER BY a.at DESC, a.entry_id DESC
LIMIT $limit"""


def list_entries(store: GraphStore, *, key_id: str | None = None, subject: str | None = None,
                 action: str | None = None, since: str | None = None,
                 until: str | None = None, cursor: str | None = None,
                 limit: int = 50) -> tuple[list[dict[str, Any]], str | None]:
    """Newest first; returns the entries and the cursor of the next page."""
    after_at, after_id = _uncursor(cursor) if cursor else (None, None)
    rows = store.read(LIST, key_id=key_id, subject=subject, action=action, since=since,
                      until=until, after_at=after_at, after_id=after_id, limit=limit)
    items = [{k: r["entry"].get(k) for k in _FIELDS} for r in rows]
    nxt = _cursor(items[-1]["at"], items[-1]["entry_id"]) if len(items) == limit else None
    return items, nxt
