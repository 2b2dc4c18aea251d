"""The ``lienket`` command as an operator uses it: real subprocesses, real engine."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from tests.conftest import REPO, cli_env, run_cli
from tests.ingest.feedfiles import SAMPLE_ROWS, write_csv


def test_help_lists_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("status", "ingest", "generate", "demo", "engine"):
        assert command in result.stdout


def test_ingest_prints_a_summary_and_the_reject_file(settings, store, tmp_path):
    rows = SAMPLE_ROWS["work_permits"] + [{**SAMPLE_ROWS["work_permits"][0], "permit_no": "X",
                                           "valid_to": "2020-01-01"}]
    path = write_csv(tmp_path / "permits.csv", "work_permits", rows)
    rejects = tmp_path / "rejects.csv"
    result = run_cli("ingest", str(path), "--silent", "--rejects", str(rejects),
                     env=cli_env(settings, store))
    assert result.returncode == 0, result.stderr
    assert "work_permits" in result.stdout
    assert "2 rows read" in result.stdout and "1 rejected" in result.stdout
    assert f"rejects: {rejects}" in result.stdout.replace("\n", "")
    assert rejects.read_text(encoding="utf-8").startswith("feed,file,row,column,reason,values")


def test_a_load_waits_for_another_load_of_the_same_data_directory(settings, store, tmp_path):
    # Another process (an API upload, another `lienket ingest`) holding the lock.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from pathlib import Path\n"
         "from graph.file_lock import INGEST_LOCK, exclusive\n"
         "with exclusive(Path(sys.argv[1]), INGEST_LOCK):\n"
         "    print('held', flush=True); time.sleep(3)", str(settings.data_dir)],
        cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        path = write_csv(tmp_path / "permits.csv", "work_permits", SAMPLE_ROWS["work_permits"])
        started = time.monotonic()
        result = run_cli("ingest", str(path), "--silent", env=cli_env(settings, store))
        waited = time.monotonic() - started
    finally:
        holder.wait(10)
    assert result.returncode == 0, result.stderr
    assert "Another load into this data directory is running" in result.stderr
    assert waited >= 2 and "1 rows read" in result.stdout


def test_an_unknown_feed_is_one_sentence_and_exit_1(settings, store, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run_cli("ingest", str(path), "--silent", env=cli_env(settings, store))
    assert result.returncode == 1
    assert result.stderr.startswith(f"lienket: {path} is not a known feed; closest is")
    assert "Traceback" not in result.stderr


def test_demo_generates_ingests_and_reports(settings, store):
    result = run_cli("demo", env=cli_env(settings, store))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ingest summary" in result.stdout
    status = run_cli("status", "--json", env=cli_env(settings, store))
    counts = json.loads(status.stdout)["nodes"]
    assert counts["BorderEvent"] > 100 and counts["Mention"] > 1000
