"""kill -9 in the middle of a large file, then the same command again."""

from __future__ import annotations

import csv
import dataclasses
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from graph.store import GraphStore, create_embedded_database, drop_embedded_database
from tests.conftest import REPO, cli_env, run_cli

ROWS = 15_000


def write_border_events(path, rows=ROWS):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["event_id", "event_type", "occurred_at", "border_point_code",
                         "border_point_kind", "full_name", "passport_no", "nationality",
                         "vehicle_plate", "phone", "group_ref", "role"])
        for i in range(rows):
            writer.writerow([f"EV{i:06d}", "ENTRY" if i % 2 else "EXIT",
                             f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} 0{i % 10}:15",
                             f"CK{i % 7}", "MAIN_GATE", f"TRAVELLER NUMBER {i % 5000}",
                             f"E{10_000_000 + i % 5000}", "CHN",
                             f"12A{i % 300:05d}" if i % 3 == 0 else "",
                             f"09{i % 900:08d}" if i % 4 == 0 else "",
                             f"G{i // 20}" if i % 5 == 0 else "", "TRAVELLER"])
    return path


def fingerprint(store):
    counts = store.counts()
    refs = store.read("MATCH (r:BorderEvent) RETURN count(DISTINCT r.ref) AS n, "
                      "count(r) AS total, collect(r.row_hash) AS hashes")[0]
    mentions = store.read_value("MATCH (m:Mention) RETURN count(DISTINCT m.mention_id) AS n")
    return counts, refs["n"], refs["total"], sorted(refs["hashes"]), mentions


@pytest.mark.skipif(not os.environ.get("NEO4J_URI") is None, reason="needs two embedded databases")
def test_kill_9_mid_file_then_rerun_gives_the_same_graph(settings, store, tmp_path):
    path = write_border_events(tmp_path / "border_events.csv")
    env = {**os.environ, **cli_env(settings, store)}
    command = [sys.executable, "-m", "lienket.cli", "ingest", str(path), "--silent",
               "--rejects", str(tmp_path / "r1.csv")]
    proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.time() + 240
    loaded = 0
    while time.time() < deadline and proc.poll() is None:
        loaded = store.read_value("MATCH (r:BorderEvent) RETURN count(r) AS n")
        if loaded >= 2000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; raise ROWS"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = store.read_value("MATCH (r:BorderEvent) RETURN count(r) AS n")
    assert 0 < partial < ROWS

    again = run_cli("ingest", str(path), "--silent", "--rejects", str(tmp_path / "r2.csv"),
                    env=cli_env(settings, store))
    assert again.returncode == 0, again.stderr

    name = "t_" + uuid.uuid4().hex[:12]
    create_embedded_database(store.endpoint, name)
    try:
        with GraphStore.open(dataclasses.replace(settings, database=name)) as clean:
            whole = run_cli("ingest", str(path), "--silent", "--rejects", str(tmp_path / "r3.csv"),
                            env={**cli_env(settings), "NEO4J_DATABASE": name})
            assert whole.returncode == 0, whole.stderr
            assert fingerprint(store) == fingerprint(clean)
            assert fingerprint(store)[2] == ROWS
    finally:
        drop_embedded_database(store.endpoint, name)
