"""Resolution on the real engine: ingest sample feeds, resolve, explain, split, export."""

from __future__ import annotations

import io
import json

import pytest

from typer.testing import CliRunner

from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve import (
    BadSplit, PersonNotFound, explain_person, resolve_all, resolve_pending, split_person,
)
from ingest.resolve.explain import format_explanation
from ingest.resolve.ranges import key_ranges
from ingest.resolve.export import EXPORT_FIELDS, iter_persons, write_persons_jsonl
from lienket.cli import app
from tests.conftest import cli_env, run_cli
from tests.ingest.feedfiles import SAMPLE_ROWS, write_csv

# Extra rows: a passport-less apprehension of WANG XIAOMING (a probabilistic
# merge), and a namesake of Hoàng Văn Minh with another CCCD (kept apart).
EXTRA_BORDER = [
    {"event_id": "EV6001", "event_type": "APPREHENDED", "occurred_at": "2025-04-01 03:00",
     "border_point_code": "LM-TT-01", "full_name": "XIAO MING WANG", "nationality": "CHN",
     "date_of_birth": "1985-03-02", "sex": "M", "role": "TRAVELLER"},
    {"event_id": "EV6002", "event_type": "ENTRY", "occurred_at": "2025-04-02 09:00",
     "border_point_code": "HN", "full_name": "Hoàng Văn Minh", "nationality": "VNM",
     "id_no": "020190009999", "date_of_birth": "1990-02-02", "role": "TRAVELLER"},
]


def load(store, tmp_path, extra=True):
    folder = tmp_path / "feeds"
    folder.mkdir(exist_ok=True)
    for name, rows in SAMPLE_ROWS.items():
        if name == "border_events" and extra:
            rows = rows + EXTRA_BORDER
        write_csv(folder / f"{name}.csv", name, rows)
    writer = RejectWriter(tmp_path / "rejects.csv")
    try:
        ingest_paths(store, [folder], rejects=writer)
    finally:
        writer.close()


def people(store):
    """person id -> sorted refs of its mentions, from the RESOLVES_TO links themselves."""
    rows = store.read("MATCH (m:Mention)-[:RESOLVES_TO]->(p:Person) "
                      "RETURN p.person_id AS pid, collect(m.mention_id) AS ids")
    return {r["pid"]: sorted(r["ids"]) for r in rows}


def person_of(store, mention_id):
    return store.read_value("MATCH (:Mention {mention_id: $m})-[:RESOLVES_TO]->(p:Person) "
                            "RETURN p.person_id AS pid", m=mention_id)


WANG = ["border_events:EV6001#subject", "enterprise_people:2#subject",
        "foreigners:R001#subject", "residence_declarations:KB992#guest",
        "sponsorships:A17#subject", "work_permits:GP-2025-0012#subject"]
MINH = ["enterprise_people:1#subject", "marriages:HN22#citizen",
        "residence_declarations:KB991#host", "sponsorships:A18#sponsor"]
LI_NA = ["marriages:HN22#foreigner", "residence_declarations:KB991#guest",
         "sponsorships:A18#subject"]


def test_resolve_all_builds_people_and_a_rerun_writes_nothing(store, tmp_path):
    load(store, tmp_path)
    summary = resolve_all(store)
    groups = sorted(people(store).values())
    assert WANG in groups and MINH in groups and LI_NA in groups
    assert ["border_events:EV6002#subject"] in groups  # the namesake with another CCCD
    mentions = store.read_value("MATCH (m:Mention) RETURN count(m) AS n")
    assert sum(map(len, groups)) == mentions  # every mention resolved, once
    assert summary.persons == len(groups) and summary.merges >= 1

    wang = store.read("MATCH (p:Person {person_id: $p}) RETURN properties(p) AS p",
                      p=person_of(store, "foreigners:R001#subject"))[0]["p"]
    assert (wang["full_name"], wang["nationality"], wang["date_of_birth"], wang["kind"]) == (
        "WANG XIAOMING", "CHN", "1985-03-02", "foreigner")
    assert wang["passport_nos"] == ["E12345678"] and wang["id_nos"] == []
    assert wang["records"] == sorted({m.split("#")[0] for m in WANG})
    minh = store.read("MATCH (p:Person {person_id: $p}) RETURN properties(p) AS p",
                      p=person_of(store, "marriages:HN22#citizen"))[0]["p"]
    assert minh["full_name"] == "Hoàng Văn Minh" and minh["id_nos"] == ["020190001234"]
    assert minh["kind"] == "vietnamese"

    methods = dict(store.read("MATCH (m:Mention)-[r:RESOLVES_TO]->() "
                              "RETURN collect([m.mention_id, r.method]) AS x")[0]["x"])
    assert methods["foreigners:R001#subject"] == "exact"
    assert methods["border_events:EV6001#subject"] == "probabilistic"
    assert methods["border_events:EV5521#subject"] == "single"

    before = people(store)
    again = resolve_all(store)
    assert (again.persons_written, again.links_written, again.persons_deleted,
            again.decisions_written, again.decisions_deleted) == (0, 0, 0, 0, 0)
    assert people(store) == before
    assert resolve_pending(store) is None  # nothing new since


def test_key_ranges_cover_every_node_once_even_past_the_collect_limit(store, tmp_path):
    load(store, tmp_path)
    every = sorted(store.read_value("MATCH (m:Mention) RETURN collect(m.mention_id) AS x"))
    # a collect limit of 4 forces the bisection that a province needs past 524,288
    ranges = key_ranges(store, "mention", size=3, collect_limit=4)
    seen = [mid for lo, hi in ranges for mid in every if lo <= mid < hi]
    assert seen == every
    assert all(lo < hi for lo, hi in ranges) and ranges == sorted(ranges)
    assert max(sum(lo <= m < hi for m in every) for lo, hi in ranges) <= 4


def test_explain_lists_keys_and_the_scored_merge(store, tmp_path):
    load(store, tmp_path)
    resolve_all(store)
    pid = person_of(store, "foreigners:R001#subject")
    explanation = explain_person(store, pid)
    assert [m["mention_id"] for m in explanation.mentions] == WANG
    assert explanation.shared_keys["passport CHN E12345678"][0] == "enterprise_people:2#subject"
    [merge] = explanation.merges
    assert "border_events:EV6001#subject" in (merge["mention_a"], merge["mention_b"])
    assert merge["fields"]["date_of_birth"]["level"] == "exact"
    assert merge["fields"]["name"]["level"] in ("exact", "reordered")
    assert merge["score"] >= 18
    text = format_explanation(explanation)
    assert "joined by score" in text and "date_of_birth" in text
    with pytest.raises(PersonNotFound, match="p_nobody"):
        explain_person(store, "p_nobody")


def test_split_then_rerun_keeps_the_split(store, tmp_path):
    load(store, tmp_path)
    resolve_all(store)
    pid = person_of(store, "foreigners:R001#subject")
    wrong = ["border_events:EV6001#subject"]
    with pytest.raises(BadSplit, match="no mention"):
        split_person(store, pid, ["marriages:HN22#citizen"], user="x", reason="r")
    with pytest.raises(BadSplit, match="some but not all"):
        split_person(store, pid, WANG, user="x", reason="r")
    result = split_person(store, pid, wrong, user="officer.tuan",
                          reason="Apprehended man is shorter and has no scar")
    assert result.persons[person_of(store, wrong[0])] == wrong
    assert sorted(result.persons[pid]) == sorted(set(WANG) - set(wrong))  # the id stays
    split_view = explain_person(store, pid).splits
    assert split_view[0]["user"] == "officer.tuan"
    assert split_view[0]["cannot_link"]["left"] == wrong

    resolve_all(store)  # a full rebuild from the evidence keeps it
    assert person_of(store, wrong[0]) != person_of(store, "foreigners:R001#subject")
    assert sorted(people(store)[pid]) == sorted(set(WANG) - set(wrong))
    assert explain_person(store, pid).merges == []  # the merge decision is gone


def test_a_renewed_passport_joins_the_person_newest_first(store, tmp_path):
    load(store, tmp_path, extra=False)
    renewal = {**SAMPLE_ROWS["foreigners"][0], "record_id": "R009", "passport_no": "EA1234567",
               "valid_from": "2026-01-01", "valid_to": "2027-12-31", "address": "",
               "phone": ""}
    writer = RejectWriter(tmp_path / "rejects2.csv")
    ingest_paths(store, [write_csv(tmp_path / "renewal.csv", "foreigners", [renewal])],
                 rejects=writer)
    writer.close()
    resolve_all(store)
    pid = person_of(store, "foreigners:R001#subject")
    assert person_of(store, "foreigners:R009#subject") == pid
    passports = store.read_value("MATCH (p:Person {person_id: $p}) RETURN p.passport_nos AS x",
                                 p=pid)
    assert passports == ["EA1234567", "E12345678"]


def test_new_rows_are_resolved_by_resolve_pending(store, tmp_path):
    load(store, tmp_path, extra=False)
    resolve_all(store)
    extra = write_csv(tmp_path / "more.csv", "border_events", EXTRA_BORDER)
    writer = RejectWriter(tmp_path / "rejects2.csv")
    ingest_paths(store, [extra], rejects=writer)
    writer.close()
    summary = resolve_pending(store)
    assert summary is not None and summary.links_written >= 1
    assert sorted(people(store)[person_of(store, "foreigners:R001#subject")]) == WANG


def test_export_persons_is_the_output_contract(store, tmp_path):
    load(store, tmp_path)
    resolve_all(store)
    out = io.StringIO()
    count = write_persons_jsonl(store, out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == count == len(people(store))
    assert all(tuple(line) == EXPORT_FIELDS for line in lines)
    by_record: dict[str, list[str]] = {}
    for line in lines:
        for ref in line["records"]:
            by_record.setdefault(ref, []).append(line["full_name"])
    # a marriage names both spouses; a household declaration the guest and the host
    assert sorted(by_record["marriages:HN22"]) == ["Hoàng Văn Minh", "LI NA"]
    assert sorted(by_record["residence_declarations:KB991"]) == ["Hoàng Văn Minh", "LI NA"]
    assert "enterprises:4900123456" not in by_record  # a registration names no person
    wang = next(line for line in lines if "foreigners:R001" in line["records"])
    assert wang == {"person_id": wang["person_id"], "full_name": "WANG XIAOMING",
                    "nationality": "CHN", "date_of_birth": "1985-03-02",
                    "passport_nos": ["E12345678"], "id_nos": [],
                    "records": ["border_events:EV6001", "enterprise_people:2", "foreigners:R001",
                                "residence_declarations:KB992", "sponsorships:A17",
                                "work_permits:GP-2025-0012"]}
    assert [line["person_id"] for line in lines] == sorted(line["person_id"] for line in lines)
    assert lines == list(iter_persons(store, range_size=2))  # ranges give the same


def test_the_commands(settings, store, tmp_path):
    load(store, tmp_path)
    env = cli_env(settings, store)
    done = run_cli("resolve", "--all", "--silent", env=env)
    assert done.returncode == 0, done.stderr
    assert "mentions ->" in done.stdout and "persons" in done.stdout
    pid = person_of(store, "foreigners:R001#subject")
    shown = run_cli("resolve", "explain", pid, env=env)
    assert shown.returncode == 0 and "border_events:EV6001#subject" in shown.stdout
    cut = run_cli("resolve", "split", pid, "--mentions", "border_events:EV6001#subject",
                  "--reason", "different man", "--user", "reviewer1", env=env)
    assert cut.returncode == 0, cut.stderr
    assert "recorded by reviewer1" in cut.stdout
    bad = run_cli("resolve", "split", pid, "--mentions", "nope#x", "--reason", "r", env=env)
    assert bad.returncode == 1 and bad.stderr.startswith("lienket: Person ")
    out = tmp_path / "persons.jsonl"
    exported = run_cli("export", "persons", "--format", "jsonl", "--out", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(people(store))


def test_command_options_are_checked_before_the_graph_is_opened(tmp_path):
    runner = CliRunner()
    wrong = runner.invoke(app, ["export", "persons", "--format", "csv", "--out", "x.csv"])
    assert wrong.exit_code == 2 and "'csv' is not a format; use jsonl" in wrong.output
    bare = runner.invoke(app, ["resolve"])
    assert bare.exit_code == 2 and "--all" in bare.output
