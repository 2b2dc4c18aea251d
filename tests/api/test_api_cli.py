"""``lienket keys`` and ``lienket serve``, run as real commands."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import httpx

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


def test_serve_answers_readyz(settings, store):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**__import__("os").environ, **cli_env(settings, store)}
    proc = subprocess.Popen([sys.executable, "-m", "lienket.cli", "serve", "--port", str(port)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
                time.sleep(0.1)
        assert r.json() == {"status": "ready"}
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_refuses_a_bad_setting_in_one_sentence(settings, store):
    env = {**cli_env(settings, store), "LIENKET_WEBHOOK_URL": "ftp://cases.local/hook"}
    result = run_cli("serve", "--port", "1", env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == ("lienket: LIENKET_WEBHOOK_URL must be an http(s) URL, "
                                     "not 'ftp://cases.local/hook'. Fix it in the environment "
                                     "and start again.")
