"""``lienket keys`` and ``lienket serve``, run as real commands."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import psutil

from api.keys import create_key

from tests.conftest import REPO, cli_env, run_cli


def test_keys_create_list_revoke(settings, store):
    env = cli_env(settings, store)
    created = run_cli("keys", "create", "--role", "reviewer", "--name", "Trần Reviewer", env=env)
    assert created.returncode == 0, created.stderr
    key_id = re.search(r"key_id: (\w+)", created.stdout).group(1)
    key = re.search(r"key:\s+(lk_\S+)", created.stdout).group(1)
    assert key.startswith(f"lk_{key_id}_") and "not shown again" in created.stdout
    stored = store.read("MATCH (k:ApiKey {key_id: $k}) RETURN properties(k) AS p", k=key_id)
    assert key.split("_", 2)[2] not in str(stored)  # only the hash is kept
    listed = run_cli("keys", "list", env=env)
    assert re.search(rf"{key_id}\s+reviewer\s+\S+\s+active\s+Trần Reviewer", listed.stdout)
    assert key not in listed.stdout
    assert run_cli("keys", "revoke", key_id, env=env).stdout.strip() == f"revoked {key_id}"
    assert "revoked 20" in run_cli("keys", "list", env=env).stdout
    missing = run_cli("keys", "revoke", "nope", env=env)
    assert missing.returncode == 1
    assert missing.stderr.strip() == ("lienket: No API key has the id nope; "
                                      "`lienket keys list` shows them.")
    bad = run_cli("keys", "create", "--role", "boss", env=env)
    assert bad.returncode == 2 and "'boss' is not a role" in bad.stderr


def _serve(settings, store, *args: str) -> tuple[subprocess.Popen, str]:
    """``lienket serve`` on a free port, once it answers /readyz."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **cli_env(settings, store)}
    proc = subprocess.Popen([sys.executable, "-m", "lienket.cli", "serve", "--port", str(port),
                             *args],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            r = httpx.get(f"{url}/readyz", timeout=2)
            break
        except httpx.TransportError:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.1)
    assert r.json() == {"status": "ready"}
    return proc, url


def test_serve_runs_workers_that_share_keys_and_workspace_sessions(settings, store):
    _, key = create_key(store, role="investigator", name="workers")
    proc, url = _serve(settings, store, "--workers", "2")
    try:
        workers = [p for p in psutil.Process(proc.pid).children()
                   if "multiprocessing" in " ".join(p.cmdline())
                   and "resource_tracker" not in " ".join(p.cmdline())]
        assert len(workers) == 2
        login = httpx.post(f"{url}/viz/login", data={"key": key, "purpose": "VV-2026-09",
                                                     "next": "/viz/"})
        assert login.status_code == 303, login.text
        cookie = {"lienket_session": login.cookies["lienket_session"]}
        # A new connection each time: the kernel hands them to either process,
        # and a session kept in one process's memory would fail about half.
        pages = [httpx.get(f"{url}/viz/", cookies=cookie).status_code for _ in range(20)]
        searches = [httpx.get(f"{url}/api/v1/search", params={"q": "li"},
                              headers={"Authorization": f"Bearer {key}"}).status_code
                    for _ in range(20)]
        assert pages == [200] * 20 and searches == [200] * 20
    finally:
        proc.terminate()
        proc.wait(20)
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in workers)
    output = proc.stdout.read() + proc.stderr.read()
    # No access log by default: the audit trail and the proxy in front keep one.
    assert b"/api/v1/search" not in output
    assert output.count(b"Person search index: ") == 2  # each process read its own


def test_serve_logs_each_request_when_asked(settings, store):
    proc, url = _serve(settings, store, "--workers", "1", "--access-log")
    try:
        assert httpx.get(f"{url}/healthz").status_code == 200
    finally:
        proc.terminate()
        proc.wait(20)
    assert b'"GET /healthz HTTP/1.1" 200' in proc.stdout.read() + proc.stderr.read()


def test_serve_refuses_a_bad_setting_in_one_sentence(settings, store):
    env = {**cli_env(settings, store), "LIENKET_WEBHOOK_URL": "ftp://cases.local/hook"}
    result = run_cli("serve", "--port", "1", env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == ("lienket: LIENKET_WEBHOOK_URL must be an http(s) URL, "
                                     "not 'ftp://cases.local/hook'. Fix it in the environment "
                                     "and start again.")


def _api_processes(proc: subprocess.Popen) -> list[psutil.Process]:
    return [p for p in psutil.Process(proc.pid).children()
            if "multiprocessing" in " ".join(p.cmdline())
            and "resource_tracker" not in " ".join(p.cmdline())]


def _connections_per_process(proc: subprocess.Popen, port: int) -> list[int]:
    return sorted(sum(c.status == "ESTABLISHED" and c.laddr.port == port
                      for c in p.net_connections("tcp")) for p in _api_processes(proc))


def _listening(proc: subprocess.Popen, port: int, count: int) -> None:
    deadline = time.monotonic() + 60
    while sum(any(c.status == "LISTEN" and c.laddr.port == port
                  for c in p.net_connections("tcp")) for p in _api_processes(proc)) < count:
        assert time.monotonic() < deadline, "the API processes did not all listen"
        time.sleep(0.1)


@contextmanager
def _two_processes(settings, store) -> Iterator[tuple[subprocess.Popen, str, int]]:
    """``lienket serve --workers 2`` once both processes listen; stopped after."""
    proc, url = _serve(settings, store, "--workers", "2")
    port = int(url.rsplit(":", 1)[1])
    try:
        _listening(proc, port, 2)
        yield proc, url, port
    finally:
        proc.terminate()
        proc.wait(20)


def test_serve_spreads_connections_opened_together_over_its_processes(settings, store):
    # A pool opening its connections at once: with one shared listening socket,
    # the first process to wake took all of them, most of the time.
    with _two_processes(settings, store) as (proc, _, port):
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
        try:
            for c in clients:
                c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            for c in clients:
                assert c.recv(4096).startswith(b"HTTP/1.1 200")
            fewest, most = _connections_per_process(proc, port)
            assert fewest >= 3 and fewest + most == 20, (fewest, most)
        finally:
            for c in clients:
                c.close()


def test_serve_replaces_a_process_that_dies(settings, store):
    with _two_processes(settings, store) as (proc, url, port):
        time.sleep(5.5)  # past the start-up window, in which a death means a crash loop
        victim = _api_processes(proc)[0]
        victim.kill()
        victim.wait(10)
        _listening(proc, port, 2)
        assert victim.pid not in [p.pid for p in _api_processes(proc)]
        assert all(httpx.get(f"{url}/healthz").status_code == 200 for _ in range(10))
    assert b"starting another" in proc.stdout.read() + proc.stderr.read()


def test_serve_refuses_a_port_in_use_in_one_sentence(settings, store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--workers", "2",
                         env=cli_env(settings, store))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"lienket: Port {port} on 127.0.0.1 is already in use; "
                                     "stop what listens there or choose another with --port.")
