"""``lienket analyze``, ``flags`` and ``query`` as an operator runs them: real processes, real engine."""

from __future__ import annotations

import json
import re

from analysis import unlicensed
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve import resolve_all
from tests.conftest import cli_env, run_cli
from tests.ingest.feedfiles import write_csv

A = "4900000011"
DORM = "Lô C2 khu công nghiệp Đồng Bành, xã Chi Lăng, tỉnh Lạng Sơn"


def person(name, passport, dob):
    return {"full_name": name, "passport_no": passport, "date_of_birth": dob, "nationality": "CHN"}


WORKER = person("QIAN ER", "E10000002", "1981-02-02")
LAWFUL = person("ZHAO YI", "E10000001", "1980-01-01")
FEEDS = {
    "enterprises": [{"enterprise_code": A, "name": "CÔNG TY TNHH AN PHÁT", "address": DORM}],
    "foreigners": [
        {"record_id": "R1", **WORKER, "residence_doc_type": "VISA", "residence_symbol": "LĐ2",
         "valid_from": "2025-03-01", "valid_to": "2026-12-31", "sponsor_code": A},
        {"record_id": "R2", **LAWFUL, "residence_doc_type": "TRC", "residence_symbol": "LĐ2",
         "valid_from": "2025-01-01", "valid_to": "2026-12-31", "sponsor_code": A},
    ],
    "work_permits": [{"permit_no": "GP-1", "kind": "PERMIT", "status": "VALID", **LAWFUL,
                      "employer_code": A, "valid_from": "2025-01-01", "valid_to": "2026-06-30"}],
    "residence_declarations": [
        {"declaration_id": f"KB{i}", "establishment_name": "Ký túc xá An Phát",
         "establishment_type": "ENTERPRISE_DORMITORY", "establishment_code": A,
         "establishment_address": DORM, **who, "arrived_on": "2025-03-05"}
        for i, who in enumerate((WORKER, LAWFUL))],
}


def load(store, tmp_path):
    for name, rows in FEEDS.items():
        write_csv(tmp_path / f"{name}.csv", name, rows)
    writer = RejectWriter(tmp_path / "rejects.csv")
    try:
        assert ingest_paths(store, [tmp_path], rejects=writer).rejected == 0
    finally:
        writer.close()
    resolve_all(store)


def test_analyze_then_list_export_review_and_query(settings, store, tmp_path):
    load(store, tmp_path)
    env = cli_env(settings, store)
    first = run_cli("analyze", "--as-of", "2026-06-01", "--kind", "unlicensed_employment",
                    env=env)
    assert first.returncode == 0, first.stderr
    assert "analysis as of 2026-06-01" in first.stdout
    assert re.search(r"unlicensed_employment\s+1\s+1\s+0\s+0\s+0\s+0\.\d\d", first.stdout)
    again = run_cli("analyze", "--as-of", "2026-06-01", "--kind", "unlicensed_employment",
                    "--json", env=env)
    summary = json.loads(again.stdout)["kinds"]["unlicensed_employment"]
    assert (summary["new"], summary["unchanged"], summary["flags"]) == (0, 1, 1)

    listed = run_cli("flags", "list", "--json", "--status", "new", env=env)
    (flag,) = json.loads(listed.stdout)["items"]
    assert flag["subject"] == {"passport_no": "E10000002", "enterprise_code": A}
    fid = flag["flag_id"]

    refused = run_cli("flags", "review", fid, "--to", "confirmed", "--reason", "obvious",
                      "--user", "can_bo_a", env=env)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip() == (f"lienket: Flag {fid} is new; it can move only to "
                                      "in_review.")
    moved = run_cli("flags", "review", fid, "--to", "in_review", "--reason", "opened file",
                    "--user", "can_bo_a", "--case-ref", "VV-2026-7", env=env)
    assert moved.returncode == 0 and f"{fid} is now in_review (by can_bo_a)" in moved.stdout

    out = tmp_path / "flags.jsonl"
    exported = run_cli("flags", "export", "--format", "jsonl", "--out", str(out), env=env)
    assert exported.returncode == 0 and "1 flags written" in exported.stdout
    (line,) = out.read_text(encoding="utf-8").splitlines()
    item = json.loads(line)
    assert (item["flag_id"], item["status"], item["case_ref"]) == (fid, "in_review", "VV-2026-7")
    assert item["reasons"] == ["NO_PERMIT"] and item["persons"][0]["role"] == "worker"
    assert item["created_at"].endswith("+07:00") and item["evidence"][0]["records"]
    assert item["rule_version"] == unlicensed.RULE_VERSION and item["version"] == 1
    assert item["data_fingerprint"] == json.loads(again.stdout)["data_fingerprint"]

    shown = run_cli("flags", "show", fid, "--explain", env=env)
    assert shown.returncode == 0, shown.stderr
    bundle = json.loads(shown.stdout)
    cited = {r for s in bundle["signals"] for r in s["records"]}
    assert cited and cited <= {r["ref"] for r in bundle["records"]}
    assert {n["id"] for n in bundle["evidence_graph"]["nodes"]} >= {
        f"Person:{p['person']['person_id']}" for p in bundle["persons"]}
    assert bundle["flag"]["history"][-1]["to_status"] == "in_review"


def test_query_lists_runs_and_refuses_bad_parameters(settings, store, tmp_path):
    load(store, tmp_path)
    env = cli_env(settings, store)
    catalogue = run_cli("query", env=env)
    assert catalogue.returncode == 0 and "stays_without_entry" in catalogue.stdout
    result = run_cli("query", "permits_expiring", "--param", "as_of=2026-06-01",
                     "--param", "days=60", "--json", env=env)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["count"] == 1 and payload["rows"][0]["evidence"] == ["work_permits:GP-1"]
    bad = run_cli("query", "permits_expiring", "--param", "days", env=env)
    assert bad.returncode == 1
    assert bad.stderr.strip() == "lienket: 'days' is not key=value; write e.g. --param days=60."
    wrong_date = run_cli("analyze", "--as-of", "12/31/2026", env=env)
    assert wrong_date.returncode == 2 and "is not a date" in wrong_date.stderr
