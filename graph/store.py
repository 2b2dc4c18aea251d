"""The graph store: one ``neo4j`` driver, parameterised Cypher, managed writes.

The same code talks to a Neo4j server (``NEO4J_URI`` set) and to the embedded
ArcadeDB engine (otherwise), both over Bolt. Two rules keep it right on both:

* Every write runs in a managed transaction: the embedded engine does not make
  an auto-commit statement atomic (ENGINE.md), a managed one it does.
* Writes go in ``UNWIND $rows`` batches, retried whole: the driver retries
  transient errors itself, and a batch that lost a MERGE race to a concurrent
  writer (``ConstraintError``, which the driver does not retry) is retried
  here a few times before it is reported.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import queries
from graph.config import StoreSettings
from graph.engine import EngineEndpoint, LeaseKeeper, ensure_engine
from graph.errors import BatchRejected, StoreAuthFailed, StoreUnavailable
from graph.schema import constraint_statements, index_statements

__all__ = ["GraphStore", "WriteTotals"]

T = TypeVar("T")

CONSTRAINT_RACE_RETRIES = 5
# The driver waits 1 s before retrying a transaction that lost a write conflict,
# then doubles. Two API processes committing audit entries at the same moment
# conflict now and then, and each time a reader waited a second for an answer
# that was ready; the retry after 20 ms (doubling from there) succeeds.
FIRST_RETRY_SECONDS = 0.02

# The driver logs every retry as a warning; lienket reports failures itself.
logging.getLogger("neo4j").setLevel(logging.ERROR)


@dataclass
class WriteTotals:
    rows: int = 0
    batches: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0

    def add(self, counters: neo4j.SummaryCounters, rows: int) -> None:
        self.rows += rows
        self.batches += 1
        self.nodes_created += counters.nodes_created
        self.relationships_created += counters.relationships_created
        self.properties_set += counters.properties_set


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class GraphStore:
    """A connection to the graph for the life of a command or of the API."""

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str,
        address: str,
        engine: str,
        endpoint: EngineEndpoint | None = None,
        retry_seconds: float = 15.0,
    ) -> None:
        self._driver = driver
        self.database = database
        self.address = address
        self.engine = engine  # "embedded" or "neo4j"
        self.endpoint = endpoint
        self._lease: LeaseKeeper | None = None
        self._retry_seconds = retry_seconds

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, settings: StoreSettings | None = None, *, connection_timeout: float = 5.0,
             retry_seconds: float = 15.0) -> "GraphStore":
        """``retry_seconds`` bounds the driver's retries of transient errors and of a
        database that does not answer: long for batch commands, short for the API,
        which must say 503 quickly."""
        settings = settings or StoreSettings.from_env()
        if settings.embedded:
            endpoint = ensure_engine(
                settings.data_dir,
                heap=settings.engine_heap,
                idle_seconds=settings.engine_idle_seconds,
            )
            _ensure_embedded_database(endpoint, settings.database)
            driver = neo4j.GraphDatabase.driver(
                endpoint.bolt_uri,
                auth=(endpoint.user, endpoint.password),
                connection_timeout=connection_timeout,
                max_transaction_retry_time=retry_seconds,
                initial_retry_delay=FIRST_RETRY_SECONDS,
            )
            store = cls(driver, database=settings.database, address=endpoint.bolt_uri,
                        engine="embedded", endpoint=endpoint,
                        retry_seconds=retry_seconds)
            store._lease = LeaseKeeper(settings.data_dir, settings.engine_idle_seconds)
        else:
            if not settings.neo4j_password:
                raise StoreAuthFailed(
                    f"NEO4J_URI is set to {settings.neo4j_uri} but NEO4J_PASSWORD is not; "
                    "set it to the password of user " + settings.neo4j_user + "."
                )
            driver = neo4j.GraphDatabase.driver(
                settings.neo4j_uri,
                auth=(settings.neo4j_user, settings.neo4j_password),
                connection_timeout=connection_timeout,
                max_transaction_retry_time=retry_seconds,
                initial_retry_delay=FIRST_RETRY_SECONDS,
            )
            store = cls(driver, database=settings.database, address=settings.neo4j_uri,
                        engine="neo4j", retry_seconds=retry_seconds)
        try:
            store.ping()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        if self._lease is not None:
            self._lease.stop()
        self._driver.close()

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --------------------------------------------------------------- reading
    def ping(self) -> None:
        """Raise a clear error unless the database answers a query.

        ``verify_connectivity`` first: it fails at once, where a query would be
        retried by the driver for many seconds against a server that is down.
        """
        with self._errors():
            self._driver.verify_connectivity()
        self.read(queries.PING)

    def read(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """One read statement, auto-committed: a managed transaction would add a
        round trip for its commit (a third of an API person record's client CPU
        and a fifth of its wall time). A single statement sees one view of the
        graph either way. Errors the driver calls retryable are retried here, as
        it would in a managed transaction, within ``retry_seconds``."""
        return self._auto_commit_read(query, params, neo4j.Record.data)

    def read_plain(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """:meth:`read` for a statement that returns values only (maps, lists,
        scalars; no node, relationship or path): each row as the driver decoded
        it, without ``Record.data``'s walk through every nested value, a third of
        the client's time on a large person record."""
        return self._auto_commit_read(query, params, dict)

    def _auto_commit_read(self, query: LiteralString, params: dict[str, Any],
                          row: Callable[[neo4j.Record], dict[str, Any]]) -> list[dict[str, Any]]:
        deadline = time.monotonic() + self._retry_seconds
        delay = FIRST_RETRY_SECONDS
        with self._errors():
            while True:
                try:
                    with self._driver.session(database=self.database,
                                              default_access_mode=neo4j.READ_ACCESS) as session:
                        return [row(record) for record in session.run(query, params)]
                except (Neo4jError, DriverError) as exc:
                    if not exc.is_retryable() or time.monotonic() + delay > deadline:
                        raise
                time.sleep(delay)
                delay *= 2

    def read_many(self, statements: list[tuple[LiteralString, dict[str, Any]]], *,
                  plain: bool = False) -> list[list[dict[str, Any]]]:
        """Several reads in one transaction: one consistent view, and one begin and
        commit instead of one per statement (an API answer built from five reads
        spent half its database time on them). ``plain``: the statements return
        values only, rows as :meth:`read_plain` gives them."""
        row = dict if plain else neo4j.Record.data

        def work(tx: neo4j.ManagedTransaction) -> list[list[dict[str, Any]]]:
            return [[row(record) for record in tx.run(query, params)]
                    for query, params in statements]

        with self._errors(), self._driver.session(database=self.database) as session:
            return session.execute_read(work)

    def read_value(self, query: LiteralString, **params: Any) -> Any:
        rows = self.read(query, **params)
        return next(iter(rows[0].values())) if rows else None

    # --------------------------------------------------------------- writing
    def write(self, query: LiteralString, **params: Any) -> neo4j.SummaryCounters:
        """One statement in its own managed transaction."""

        def work(tx: neo4j.ManagedTransaction) -> neo4j.SummaryCounters:
            return tx.run(query, params).consume().counters

        return self.execute_write(work)

    def execute_write(self, work: Callable[[neo4j.ManagedTransaction], T], *,
                      attempts: int = CONSTRAINT_RACE_RETRIES) -> T:
        """Run ``work`` as one managed transaction: all of it commits or none.
        ``attempts``: how often a transaction that broke a uniqueness rule is run
        again (a MERGE race between writers) before :class:`BatchRejected`."""
        for attempt in range(attempts):
            try:
                with self._errors(), self._driver.session(database=self.database) as session:
                    return session.execute_write(work)
            except ConstraintError as exc:
                if attempt == attempts - 1:
                    raise BatchRejected(
                        f"A write broke a uniqueness rule of the graph and was not applied: "
                        f"{exc.message}"
                    ) from exc
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def write_rows(
        self,
        query: LiteralString,
        rows: Iterable[dict[str, Any]],
        *,
        batch_size: int = 2000,
        extra: dict[str, Any] | None = None,
        on_batch: Callable[[int], None] | None = None,
    ) -> WriteTotals:
        """Write ``rows`` with ``query`` (which reads ``$rows``), batch by batch.

        Each batch is one transaction. ``on_batch`` is told how many rows each
        committed batch held, for progress reporting.
        """
        totals = WriteTotals()
        params = dict(extra or {})
        for batch in _batches(rows, batch_size):
            params["rows"] = batch

            def work(tx: neo4j.ManagedTransaction) -> neo4j.SummaryCounters:
                return tx.run(query, params).consume().counters

            totals.add(self.execute_write(work), len(batch))
            if on_batch:
                on_batch(len(batch))
        return totals

    # ---------------------------------------------------------------- schema
    def ensure_schema(self) -> None:
        """Create every constraint and index of the model; a no-op the second time."""
        for statement in constraint_statements() + index_statements():
            self.write(statement)  # type: ignore[arg-type]  # from graph.schema only

    def constraint_names(self) -> set[str]:
        return {row["name"] for row in self.read(queries.SHOW_CONSTRAINTS)}

    def index_names(self) -> set[str]:
        return {row["name"] for row in self.read(queries.SHOW_INDEXES)}

    # ---------------------------------------------------------------- status
    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {label: self.read_value(q) for label, q in queries.NODE_COUNT_BY_LABEL.items()}
        rels = {name: self.read_value(q) for name, q in queries.REL_COUNT_BY_TYPE.items()}
        return {"nodes": nodes, "relationships": rels}

    def clear(self) -> None:
        """Delete every node and relationship (used by tests on a real Neo4j)."""
        with self._errors(), self._driver.session(database=self.database) as session:
            session.run(queries.DELETE_ALL_IN_TRANSACTIONS).consume()

    # ---------------------------------------------------------------- errors
    def _errors(self) -> "_ErrorTranslator":
        return _ErrorTranslator(self)


class _ErrorTranslator:
    """Turns driver exceptions into sentences an operator can act on."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> bool:
        if exc is None or isinstance(exc, ConstraintError):
            return False
        where = f"The graph database at {self.store.address}"
        if isinstance(exc, AuthError):
            raise StoreAuthFailed(
                f"{where} refused the credentials; check NEO4J_USER and NEO4J_PASSWORD."
            ) from exc
        if isinstance(exc, (ServiceUnavailable, SessionExpired)):
            raise StoreUnavailable(
                f"Cannot reach the graph database at {self.store.address}; check that it is running and that NEO4J_URI is right."
            ) from exc
        if isinstance(exc, ClientError) and "DatabaseNotFound" in (exc.code or ""):
            raise StoreUnavailable(
                f"{where} has no database named '{self.store.database}'; "
                "create it or set NEO4J_DATABASE."
            ) from exc
        if isinstance(exc, (DriverError, Neo4jError, OSError)) and "Unable to retrieve routing" in str(exc):
            raise StoreUnavailable(
                f"Cannot reach the graph database at {self.store.address}: no routing table; check the cluster and NEO4J_URI."
            ) from exc
        return False


# ------------------------------------------------------- embedded databases
def _http(endpoint: EngineEndpoint, method: str, path: str, payload: dict | None = None) -> dict:
    token = base64.b64encode(f"{endpoint.user}:{endpoint.password}".encode()).decode()
    request = urllib.request.Request(
        endpoint.http_url + path,
        method=method,
        data=json.dumps(payload).encode() if payload is not None else None,
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")
    except (urllib.error.URLError, OSError) as exc:
        raise StoreUnavailable(
            f"The embedded engine at {endpoint.http_url} did not answer ({exc}); "
            "run `lienket engine stop` and try again."
        ) from exc


def embedded_databases(endpoint: EngineEndpoint) -> list[str]:
    return list(_http(endpoint, "GET", "/api/v1/databases").get("result", []))


def _ensure_embedded_database(endpoint: EngineEndpoint, name: str) -> None:
    if name in embedded_databases(endpoint):
        return
    try:
        create_embedded_database(endpoint, name)
    except StoreUnavailable:
        # Two commands starting together both try; the loser's 409 is fine.
        if name not in embedded_databases(endpoint):
            raise


def create_embedded_database(endpoint: EngineEndpoint, name: str) -> None:
    _check_database_name(name)
    _http(endpoint, "POST", "/api/v1/server", {"command": f"create database {name}"})


def drop_embedded_database(endpoint: EngineEndpoint, name: str) -> None:
    _check_database_name(name)
    _http(endpoint, "POST", "/api/v1/server", {"command": f"drop database {name}"})


def _check_database_name(name: str) -> None:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"'{name}' is not a valid database name: use letters, digits and _.")
