"""Keeps the API answering while the graph database goes away and comes back.

A thread pings the database every half second. While it does not answer,
``app.state.store`` is a stand-in whose every call raises
:class:`StoreUnavailable` at once, so each request gets its 503 problem at once
instead of waiting out the driver's retries. When the database answers again
the real store is put back: no restart of the API. The embedded engine comes
back on new ports, so for it the keeper also follows ``engine.json`` and opens
a new store on the new endpoint (it does not start an engine itself: whoever
stopped it decides; any ``lienket`` command or ``lienket engine start`` starts
it). Following the engine also renews its lease, so an engine the API uses is
never stopped as idle.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from graph.config import StoreSettings
from graph.engine import find_engine
from graph.errors import LienketError, StoreUnavailable
from graph.store import GraphStore

__all__ = ["StoreKeeper", "open_api_store", "API_RETRY_SECONDS"]

log = logging.getLogger("lienket.api")

# One retry of a transient error, after about 1 s; a request on a database that
# went down mid-flight still ends within 2 s.
API_RETRY_SECONDS = 0.5
API_CONNECTION_TIMEOUT = 1.0


def open_api_store(settings: StoreSettings) -> GraphStore:
    return GraphStore.open(settings, connection_timeout=API_CONNECTION_TIMEOUT,
                           retry_seconds=API_RETRY_SECONDS)


class _Unavailable:
    """Stands in for the store while the database is down: every call fails at once."""

    def __init__(self, store: GraphStore, message: str) -> None:
        self._store, self._message = store, message

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        def unavailable(*args: Any, **kwargs: Any) -> Any:
            raise StoreUnavailable(self._message)

        return unavailable


class StoreKeeper:
    def __init__(self, state: Any, settings: StoreSettings | None, *,
                 interval: float = 0.5) -> None:
        self._state = state  # app.state: its ``store`` is what requests use
        self._settings = settings
        self._interval = interval
        self._real: GraphStore = state.store
        self._embedded = settings is not None and settings.embedded
        self._stale = False  # the real store's driver was closed: open a new one
        self._opened: list[GraphStore] = []  # stores the keeper opened, closed at stop
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def store(self) -> GraphStore:
        """The real store, even while requests see the stand-in."""
        return self._real

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="lienket-store-keeper",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        for store in self._opened:
            store.close()

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.check()
            except Exception:  # the keeper itself must not die
                log.exception("store check failed")

    def check(self) -> bool:
        """One look: True when the database answers (and requests use it)."""
        self._follow_engine()
        try:
            self._real.ping()
        except Exception as exc:  # an engine shutting down answers oddly before it goes
            if not isinstance(self._state.store, _Unavailable):
                log.warning("graph database down: %s", exc)
            message = str(exc) if isinstance(exc, StoreUnavailable) else (
                f"The graph database at {self._real.address} does not answer properly; "
                "check that it is running, then retry.")
            self._state.store = _Unavailable(self._real, message)
            if self._embedded and not self._stale:
                # An engine does not exit while a client holds a Bolt connection
                # (its stop waits 30 s, then it is killed): let it go.
                self._real.close()
                self._stale = True
            return False
        if self._state.store is not self._real:
            log.warning("graph database answers again")
            self._state.store = self._real
        return True

    def _follow_engine(self) -> None:
        settings = self._settings
        if not self._embedded:
            return  # a Neo4j URI does not move; the driver reconnects by itself
        running = find_engine(settings.data_dir)  # also renews the engine's lease
        endpoint = self._real.endpoint
        if running is None or (not self._stale and endpoint is not None
                               and running.bolt_port == endpoint.bolt_port):
            return
        try:
            fresh = open_api_store(settings)
        except LienketError as exc:  # still starting: next time
            log.info("engine not ready yet: %s", exc)
            return
        old, self._real, self._stale = self._real, fresh, False
        self._opened.append(fresh)
        if old in self._opened:
            self._opened.remove(old)
            old.close()
