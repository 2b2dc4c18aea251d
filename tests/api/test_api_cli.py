"""``lienket keys`` and ``lienket serve``, run as real commands."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

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
    # No access log by default: the audit trail and the proxy in front keep one.
    assert b"/api/v1/search" not in proc.stdout.read() + proc.stderr.read()


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
