"""One loaded database and one real HTTP server for all API tests.

The server is uvicorn on a free loopback port, in a background thread, with
the app built by ``create_app`` over a store on a fresh database of the
session's embedded engine; the data is the sample feeds, ingested, resolved and
analysed, plus three unlicensed-employment flags saved through the flags store
(the sample feeds alone raise none).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from analysis.flags_store import save_flags
from analysis.model import FlagCandidate, FlagPerson, Signal
from analysis.run import run_analysis
from api.app import create_app
from api.keys import ROLES, create_key, revoke_key
from api.settings import ApiSettings
from graph.engine import ensure_engine
from graph.store import GraphStore, create_embedded_database, drop_embedded_database
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve.service import resolve_all
from tests.ingest.feedfiles import SAMPLE_ROWS, write_csv
from tests.ingest.resolve.test_service import load


@dataclass
class Api:
    url: str
    store: GraphStore
    keys: dict[str, str]
    key_ids: dict[str, str]
    revoked: str
    persons: dict[str, str]
    flag_ids: list[str]

    def client(self, role: str | None = None, **headers: str) -> httpx.Client:
        if role:
            headers["Authorization"] = f"Bearer {self.keys[role]}"
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _candidates(persons: dict[str, str]) -> list[FlagCandidate]:
    out = []
    for i, (name, passport) in enumerate((("WANG XIAOMING", "E12345678"),
                                          ("LI NA", "E22223333"),
                                          ("Nguyễn Thị Lan", "P1234567"))):
        out.append(FlagCandidate(
            kind="unlicensed_employment",
            subject={"passport_no": passport, "enterprise_code": "4900123456"},
            signals=[Signal("NO_PERMIT", 0.5 + 0.1 * i, f"No permit for {name}",
                            "Decree 219/2025 art. 3", ("foreigners:R001",))],
            persons=[FlagPerson(persons[name], "worker", (passport,))],
            enterprises=["4900123456"], reasons=["NO_PERMIT"]))
    return out


def load_feeds(store: GraphStore, folder: Path,
               feeds: dict[str, list[dict[str, str]]] = SAMPLE_ROWS) -> None:
    """Write ``feeds`` as CSV files, ingest them (no row may be rejected), resolve, analyse."""
    folder.mkdir()
    for name, rows in feeds.items():
        write_csv(folder / f"{name}.csv", name, rows)
    writer = RejectWriter(folder.parent / "rejects.csv")
    try:
        assert ingest_paths(store, [folder], rejects=writer).rejected == 0
    finally:
        writer.close()
    resolve_all(store)
    run_analysis(store, as_of=dt.date(2025, 3, 15))


def person_ids(store: GraphStore) -> dict[str, str]:
    """Display name -> person id."""
    return {r["name"]: r["id"] for r in store.read(
        "MATCH (p:Person) RETURN p.full_name AS name, p.person_id AS id")}


@contextmanager
def own_database(settings, prefix: str) -> Iterator[tuple[GraphStore, object]]:
    """A store on a database of its own (dropped afterwards) and its settings."""
    name = prefix + uuid.uuid4().hex[:8]
    endpoint = None
    if settings.embedded:
        endpoint = ensure_engine(settings.data_dir, idle_seconds=0)
        create_embedded_database(endpoint, name)
        store_settings = dataclasses.replace(settings, database=name)
    else:
        store_settings = settings
    store = GraphStore.open(store_settings)
    if not settings.embedded:
        store.clear()
    store.ensure_schema()
    try:
        yield store, store_settings
    finally:
        store.close()
        if endpoint is not None:
            drop_embedded_database(endpoint, name)


@contextmanager
def serve(app) -> Iterator[str]:
    """Run ``app`` under uvicorn on a free loopback port; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


FEED_SETTLE = 1.5  # seconds the feed holds a change back in these tests


@pytest.fixture(scope="session")
def api(settings, tmp_path_factory) -> Api:
    with own_database(settings, "t_api_") as (store, store_settings):
        load_feeds(store, tmp_path_factory.mktemp("api") / "feeds")
        persons = person_ids(store)
        candidates = _candidates(persons)
        save_flags(store, candidates, kinds=["unlicensed_employment"], data_fingerprint="test")
        keys, key_ids = {}, {}
        for role in ROLES:
            key_ids[role], keys[role] = create_key(store, role=role, name=f"test {role}")
        revoked_id, revoked = create_key(store, role="admin", name="revoked")
        revoke_key(store, revoked_id)

        app = create_app(ApiSettings(store=store_settings, max_nodes=300,
                                     feed_settle_seconds=FEED_SETTLE), store=store)
        with serve(app) as url:
            yield Api(url, store, keys, key_ids, revoked, persons,
                      [c.flag_id for c in candidates])


@pytest.fixture
def resolved(store, tmp_path) -> GraphStore:
    """A database of its own with the sample feeds ingested and resolved."""
    load(store, tmp_path)
    resolve_all(store)
    return store
