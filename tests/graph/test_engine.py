"""The embedded engine's lifecycle: sharing, restarts, crashes, locks, errors."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from graph.config import StoreSettings
from graph.engine import ensure_engine, find_engine, stop_engine
from graph.store import GraphStore
from tests.conftest import REPO, cli_env, run_cli

embedded_only = pytest.mark.skipif(
    not StoreSettings.from_env().embedded, reason="the embedded engine is not in use"
)


def own_settings(tmp_path) -> StoreSettings:
    return StoreSettings.from_env({"LIENKET_DATA_DIR": str(tmp_path / "data"),
                                   "LIENKET_ENGINE_IDLE_SECONDS": "0"})


@embedded_only
def test_data_survives_a_restart_and_a_kill_9(tmp_path):
    settings = own_settings(tmp_path)
    try:
        with GraphStore.open(settings) as store:
            store.ensure_schema()
            store.write("UNWIND range(1, 300) AS i CREATE (:Phone {e164: '+84' + toString(i)})")
        assert stop_engine(settings.data_dir)
        assert find_engine(settings.data_dir) is None
        with GraphStore.open(settings) as store:  # a clean restart
            assert store.read_value("MATCH (p:Phone) RETURN count(p) AS n") == 300
            pid = store.endpoint.pid
        os.kill(pid, signal.SIGKILL)  # a crash: engine.json and the lock file stay
        deadline = time.time() + 10
        while find_engine(settings.data_dir) and time.time() < deadline:
            time.sleep(0.05)
        assert (settings.data_dir / "engine.json").exists()
        with GraphStore.open(settings) as store:  # the stale lock is recovered
            assert store.endpoint.pid != pid
            assert store.read_value("MATCH (p:Phone) RETURN count(p) AS n") == 300
    finally:
        stop_engine(settings.data_dir)


@embedded_only
def test_commands_share_one_engine_even_when_started_together(tmp_path):
    settings = own_settings(tmp_path)
    env = cli_env(settings)
    try:
        procs = [
            subprocess.Popen([sys.executable, "-m", "lienket.cli", "status", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, **env}, cwd=REPO)
            for _ in range(3)
        ]
        outputs = [p.communicate(timeout=180) for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], outputs
        pids = {json.loads(out)["engine_pid"] for out, _ in outputs}
        assert len(pids) == 1
    finally:
        stop_engine(settings.data_dir)


@embedded_only
def test_a_locked_data_directory_gives_one_clear_sentence(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time\n"
         f"fd = os.open({str(data_dir / 'engine.lock')!r}, os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, str(os.getpid()).encode())\n"
         "print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli("status", env={"LIENKET_DATA_DIR": str(data_dir)})
        assert result.returncode == 1
        assert result.stderr.startswith("lienket: The data directory")
        assert f"pid {holder.pid}" in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    finally:
        holder.kill()


def test_an_unreachable_neo4j_gives_one_clear_sentence():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends
    started = time.monotonic()
    result = run_cli("status", env={"NEO4J_URI": f"bolt://127.0.0.1:{port}",
                                    "NEO4J_PASSWORD": "x"})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"lienket: Cannot reach the graph database at bolt://127.0.0.1:{port}; "
        "check that it is running and that NEO4J_URI is right."
    )
    assert time.monotonic() - started < 20


@embedded_only
def test_an_open_client_keeps_the_engine_from_idling_and_a_closed_one_lets_it_stop(tmp_path):
    settings = StoreSettings.from_env({"LIENKET_DATA_DIR": str(tmp_path / "data"),
                                       "LIENKET_ENGINE_IDLE_SECONDS": "3"})
    state = settings.data_dir / "engine.json"
    try:
        with GraphStore.open(settings) as store:
            time.sleep(9)  # three idle times without a query, as a long computation would
            assert state.exists()
            assert store.read_value("RETURN 1 AS n") == 1
        deadline = time.monotonic() + 30
        while state.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not state.exists(), "the engine did not stop once its last client left"
    finally:
        stop_engine(settings.data_dir)


@embedded_only
def test_wrong_credentials_give_one_clear_sentence(settings):
    endpoint = ensure_engine(settings.data_dir, idle_seconds=0)
    result = run_cli("status", env={"NEO4J_URI": endpoint.bolt_uri, "NEO4J_USER": "root",
                                    "NEO4J_PASSWORD": "not-the-password"})
    assert result.returncode == 1
    assert "refused the credentials" in result.stderr
    assert "Traceback" not in result.stderr


@embedded_only
def test_the_secret_is_private_and_the_engine_listens_on_loopback_only(settings):
    endpoint = ensure_engine(settings.data_dir, idle_seconds=0)
    assert (settings.data_dir / "engine.secret").stat().st_mode & 0o777 == 0o600
    assert (settings.data_dir).stat().st_mode & 0o777 == 0o700
    import psutil

    ports = {c.laddr.port: c.laddr.ip for c in psutil.Process(endpoint.pid).net_connections()
             if c.status == psutil.CONN_LISTEN}
    loopback = ("127.0.0.1", "::1", "::ffff:127.0.0.1")
    assert ports[endpoint.bolt_port] in loopback
    assert ports[endpoint.http_port] in loopback
    assert all(ip in loopback for ip in ports.values()), ports


def test_status_json_names_engine_database_and_counts(settings, store):
    result = run_cli("status", "--json", env=cli_env(settings, store))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["engine"] == ("embedded" if settings.embedded else "neo4j")
    assert payload["database"] == store.database
    assert payload["nodes"]["Person"] == 0
    assert payload["total_relationships"] == 0
