"""Test fixtures: a real graph database, never a mock.

Without NEO4J_URI the suite starts one embedded engine for the whole session
(in a temporary data directory) and gives every test its own fresh database,
created and dropped over the engine's HTTP API in milliseconds. With NEO4J_URI
set, the same tests run against that Neo4j, each on a cleared graph (so point
it at a throw-away database: the suite deletes everything in it).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from graph.config import StoreSettings
from graph.engine import ensure_engine, stop_engine
from graph.store import GraphStore, create_embedded_database, drop_embedded_database

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> StoreSettings:
    base = StoreSettings.from_env()
    if not base.embedded:
        yield base
        return
    data_dir = tmp_path_factory.mktemp("lienket-data")
    settings = dataclasses.replace(base, data_dir=data_dir, engine_idle_seconds=0)
    ensure_engine(data_dir, heap=settings.engine_heap, idle_seconds=0)
    yield settings
    stop_engine(data_dir)


@pytest.fixture
def bare_store(settings: StoreSettings) -> GraphStore:
    """A store on an empty database with no schema."""
    if settings.embedded:
        name = "t_" + uuid.uuid4().hex[:12]
        endpoint = ensure_engine(settings.data_dir, idle_seconds=0)
        create_embedded_database(endpoint, name)
        store = GraphStore.open(dataclasses.replace(settings, database=name))
        yield store
        store.close()
        drop_embedded_database(endpoint, name)
    else:
        store = GraphStore.open(settings)
        store.clear()
        yield store
        store.close()


@pytest.fixture
def store(bare_store: GraphStore) -> GraphStore:
    """A store on an empty database with lienket's schema in place."""
    bare_store.ensure_schema()
    return bare_store


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real ``lienket`` command in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "lienket.cli", *args],
        capture_output=True, text=True, env=full_env, timeout=timeout,
        cwd=str(cwd or REPO),
    )


def cli_env(settings: StoreSettings, store: GraphStore | None = None) -> dict[str, str]:
    """Environment that points a CLI subprocess at the test database."""
    if not settings.embedded:
        return {}
    env = {"LIENKET_DATA_DIR": str(settings.data_dir), "LIENKET_ENGINE_IDLE_SECONDS": "0"}
    if store is not None:
        env["NEO4J_DATABASE"] = store.database
    return env
