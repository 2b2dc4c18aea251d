"""The background thread that pushes flag changes to the configured webhook.

It follows the case-system feed (``updated_at, flag_id`` order) from its own
cursor, a ``WebhookCursor`` node keyed by the target URL, so a restart resumes
where it stopped and a new URL starts from the beginning. Changes go out one at
a time, in order; the cursor moves past a change once it is delivered or, after
the last retry, stored as a ``DeadLetter`` (both in one transaction). A crash
between a delivery and the cursor write sends that change again: receivers
deduplicate on ``X-Lienket-Delivery``.

The API may run in several processes (``lienket serve --workers``): each starts
a worker, and only the one holding the lock file ``webhook.lock`` in the data
directory pushes; when its process ends the lock is free and another takes over
within a poll. Several API hosts should set the webhook on one of them only.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from collections.abc import Callable
from typing import Any

from api import flags_api
from api.settings import WebhookSettings
from api.webhooks import dead_letter_row, deliver
from graph.cursors import encode_cursor
from graph.errors import LienketError
from graph.file_lock import WEBHOOK_LOCK, try_exclusive
from graph.store import GraphStore

__all__ = ["WebhookWorker"]

log = logging.getLogger("lienket.api.webhooks")
PAGE = 50

READ_CURSOR = "MATCH (c:WebhookCursor {target: $target}) RETURN c.cursor AS cursor"

SAVE_CURSOR = """
MERGE (c:WebhookCursor {target: $target})
SET c.cursor = $cursor, c.updated_at = $at"""

SAVE_LETTER = "CREATE (d:DeadLetter) SET d = $letter"


class WebhookWorker:
    """Start with :meth:`start`, stop with :meth:`stop`; :meth:`run_once` is one pass."""

    def __init__(self, store: Callable[[], GraphStore], settings: WebhookSettings,
                 data_dir: Path, settle_seconds: float = flags_api.FEED_SETTLE_SECONDS) -> None:
        self._store = store  # read each pass: the API may reconnect to a new store
        self.settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._data_dir = data_dir
        self._settle = settle_seconds
        self._lock_file = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="lienket-webhook", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._lock_file is not None:
            self._lock_file.close()  # releases the lock for another process
            self._lock_file = None

    def _holds_lock(self) -> bool:
        """Whether this process is the one that pushes (taking the lock if free)."""
        if self._lock_file is None:
            self._lock_file = try_exclusive(self._data_dir, WEBHOOK_LOCK)
        return self._lock_file is not None

    def _loop(self) -> None:
        while not self._stop.is_set():
            if not self._holds_lock():
                self._stop.wait(self.settings.poll_seconds)
                continue
            try:
                sent = self.run_once()
            except LienketError as exc:  # the database is down: try again later
                log.warning("webhook push paused: %s", exc)
                sent = 0
            except Exception:  # a bug must not end the pushing for good
                log.exception("webhook push failed")
                sent = 0
            if not sent:
                self._stop.wait(self.settings.poll_seconds)

    def run_once(self) -> int:
        """Deliver one page of changes after the cursor; returns how many were handled."""
        store = self._store()
        target = self.settings.url
        cursor = store.read_value(READ_CURSOR, target=target)
        page = flags_api.feed(store, cursor=cursor, limit=PAGE, settle_seconds=self._settle)
        handled = 0
        for item in page.items:
            outcome = deliver(self.settings, item, stop=self._stop)
            if self._stop.is_set() and not outcome.delivered:
                break  # shutting down mid-retry: not a failure, resume here next time
            letter = None if outcome.delivered else dead_letter_row(target, item, outcome)
            if letter:
                log.warning("webhook gave up on %s after %d tries: %s", item["flag_id"],
                            outcome.attempts, outcome.error)
            self._advance(store, target, item, letter)
            handled += 1
        return handled

    @staticmethod
    def _advance(store: GraphStore, target: str, item: dict[str, Any],
                 letter: dict[str, Any] | None) -> None:
        # The feed's own cursor format, so the position reads like a client's.
        cursor = encode_cursor([item["updated_at"], item["flag_id"]])

        def work(tx) -> None:
            if letter is not None:
                tx.run(SAVE_LETTER, letter=letter).consume()
            tx.run(SAVE_CURSOR, target=target, cursor=cursor,
                   at=flags_api.change_time()).consume()

        store.execute_write(work)
