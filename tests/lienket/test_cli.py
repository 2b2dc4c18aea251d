"""The ``lienket`` command as an operator uses it: real subprocesses, real engine."""

from __future__ import annotations

import json

from tests.conftest import cli_env, run_cli
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
