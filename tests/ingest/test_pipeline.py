"""Ingest against the real embedded engine: feeds, aliases, formats, rejects, re-runs."""

from __future__ import annotations

import csv
import json

import pytest

from ingest.contract import FEEDS
from ingest.loader import load_batch
from ingest.pipeline import ingest_paths
from ingest.recognise import UnknownFeed
from ingest.rejects import RejectWriter
from tests.ingest.feedfiles import SAMPLE_ROWS, write_csv, write_jsonl, write_xlsx


def run_ingest(store, paths, tmp_path, **kwargs):
    writer = RejectWriter(tmp_path / "rejects.csv")
    try:
        summary = ingest_paths(store, paths, rejects=writer, **kwargs)
    finally:
        writer.close()
    return summary, read_rejects(tmp_path / "rejects.csv")


def read_rejects(path):
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def record_refs(store, label):
    return sorted(r["ref"] for r in store.read(f"MATCH (r:{label}) RETURN r.ref AS ref"))


def write_all(tmp_path, style="canonical", fmt="csv", bom=False):
    folder = tmp_path / f"{style}-{fmt}"
    folder.mkdir()
    for name, rows in SAMPLE_ROWS.items():
        if fmt == "csv":
            write_csv(folder / f"{name}.csv", name, rows, style=style, bom=bom)
        elif fmt == "jsonl":
            write_jsonl(folder / f"{name}.jsonl", name, rows, style=style)
        else:
            write_xlsx(folder / f"{name}.xlsx", name, rows, style=style)
    return folder


EXPECTED_REFS = {
    "ResidenceRecord": ["foreigners:R001", "foreigners:R002"],
    "Sponsorship": ["sponsorships:A17", "sponsorships:A18"],
    "Registration": ["enterprises:4900123456"],
    "EnterpriseRole": ["enterprise_people:1", "enterprise_people:2"],
    "WorkPermit": ["work_permits:GP-2025-0012"],
    "Stay": ["residence_declarations:KB991", "residence_declarations:KB992"],
    "BorderEvent": ["border_events:EV5521", "border_events:EV5522"],
    "Marriage": ["marriages:HN22"],
}


@pytest.mark.parametrize("style,fmt,bom", [
    ("canonical", "csv", False),
    ("alias", "csv", True),
    ("shouted", "csv", False),
    ("alias", "jsonl", False),
    ("canonical", "xlsx", False),
])
def test_every_feed_in_every_format_and_header_style(store, tmp_path, style, fmt, bom):
    summary, rejects = run_ingest(store, [write_all(tmp_path, style, fmt, bom)], tmp_path)
    assert rejects == []
    assert {name: s.loaded for name, s in summary.feeds.items()} == {
        name: len(rows) for name, rows in SAMPLE_ROWS.items()}
    for label, refs in EXPECTED_REFS.items():
        assert record_refs(store, label) == refs


def test_values_are_normalised_and_the_original_row_kept(store, tmp_path):
    run_ingest(store, [write_all(tmp_path)], tmp_path)
    permit = store.read("MATCH (w:WorkPermit)-[:NAMES]->(m:Mention) "
                        "MATCH (w)-[a:ABOUT]->(e:Enterprise)-[:BRANCH_OF]->(p:Enterprise) "
                        "RETURN w.valid_to AS valid_to, w.source AS source, m.passport_no AS passport, "
                        "m.name_tokens AS name, a.as_given AS as_given, p.enterprise_code AS parent")[0]
    assert permit["passport"] == "E12345678"
    assert permit["name"] == ["wang", "xiao", "ming"]
    assert (permit["as_given"], permit["parent"]) == ("4900123456-001", "4900123456")
    assert json.loads(permit["source"])["passport_no"] == "E1234-5678"
    record = store.read("MATCH (r:ResidenceRecord {ref: 'foreigners:R002'})-[:NAMES]->(m) "
                        "RETURN r.valid_from AS f, r.residence_symbol AS s, m.nationality AS n, m.sex AS sex")[0]
    assert record == {"f": "2025-01-01", "s": "TT", "n": "LAO", "sex": "F"}
    stay = store.read("MATCH (s:Stay {ref: 'residence_declarations:KB992'}) RETURN s.declared_at AS t")[0]
    assert stay["t"] == "2025-01-05T15:00:00+07:00"
    phones = {r["e"] for r in store.read("MATCH (p:Phone) RETURN p.e164 AS e")}
    assert {"+84912345678", "+842053812345", "+84912000111", "+84987654321"} <= phones


def test_rows_name_the_people_the_contract_says(store, tmp_path):
    run_ingest(store, [write_all(tmp_path)], tmp_path)
    roles = store.read("MATCH (r)-[n:NAMES]->(m:Mention) RETURN r.ref AS ref, collect(n.role) AS roles")
    by_ref = {row["ref"]: sorted(row["roles"]) for row in roles}
    assert by_ref["marriages:HN22"] == ["citizen", "foreigner"]
    assert by_ref["residence_declarations:KB991"] == ["guest", "host"]
    assert by_ref["residence_declarations:KB992"] == ["guest"]
    assert by_ref["sponsorships:A18"] == ["sponsor", "subject"]
    assert by_ref["sponsorships:A17"] == ["subject"]
    assert "enterprises:4900123456" not in by_ref


def test_loading_the_same_files_twice_changes_nothing(store, tmp_path):
    folder = write_all(tmp_path)
    run_ingest(store, [folder], tmp_path)
    before = store.counts()
    summary, rejects = run_ingest(store, [folder], tmp_path)
    assert store.counts() == before
    assert rejects == []
    assert sum(s.loaded for s in summary.feeds.values()) == 0
    assert sum(s.unchanged for s in summary.feeds.values()) == sum(map(len, SAMPLE_ROWS.values()))


def test_diacritic_headers_are_recognised(store, tmp_path):
    path = tmp_path / "hon_nhan.csv"
    path.write_text(
        "Mã hồ sơ,Họ tên công dân,Số CCCD,Họ tên người nước ngoài,Quốc tịch\n"
        "HN1,Đoàn Thị Hoa,020 190 004 321,KIM MIN JUN,Hàn Quốc\n", encoding="utf-8")
    summary, rejects = run_ingest(store, [path], tmp_path)
    assert rejects == [] and summary.feeds["marriages"].loaded == 1
    ids = store.read("MATCH (m:Mention {role: 'citizen'}) RETURN m.id_no AS id, m.full_name AS name")
    assert ids == [{"id": "020190004321", "name": "Đoàn Thị Hoa"}]


BAD_ROWS = [
    ("work_permits", {"permit_no": "B1", "full_name": "", "passport_no": "E11111111", "employer_code": "4900123456"},
     "full_name", "required"),
    ("work_permits", {"permit_no": "B2", "full_name": "A B", "passport_no": "E11111111",
                      "employer_code": "4900123456", "valid_from": "03/25/2024"}, "valid_from", "day first"),
    ("work_permits", {"permit_no": "B3", "full_name": "A B", "passport_no": "E11111111",
                      "employer_code": "4900123456", "status": "ACTIV"}, "status", "VALID, EXPIRED"),
    ("foreigners", {"record_id": "B4", "full_name": "A B", "nationality": "Atlantis",
                    "passport_no": "E11111111"}, "nationality", "Atlantis"),
    ("enterprises", {"enterprise_code": "4900000001", "name": "X", "charter_capital_vnd": "-5"},
     "charter_capital_vnd", "negative"),
    ("enterprises", {"enterprise_code": "4900000002", "name": "X", "foreign_capital_pct": "120"},
     "foreign_capital_pct", "0 to 100"),
    ("work_permits", {"permit_no": "B7", "full_name": "A B", "passport_no": "E11111111",
                      "employer_code": "4900123456", "valid_from": "2025-01-01", "valid_to": "2024-01-01"},
     "valid_to", "before"),
    ("sponsorships", {"application_id": "B8", "sponsor_type": "ENTERPRISE", "sponsor_code": "4900123456",
                      "full_name": "A B", "stay_from": "2025-01-01", "stay_to": "2024-12-31"}, "stay_to", "before"),
    ("residence_declarations", {"declaration_id": "B9", "establishment_name": "H", "establishment_address": "Lạng Sơn",
                                "full_name": "A B", "nationality": "CHN", "arrived_on": "2025-01-02",
                                "left_on": "2025-01-01"}, "left_on", "before"),
    ("enterprise_people", {"enterprise_code": "4900123456", "role": "OWNER", "full_name": "A B",
                           "since": "2025-01-01", "until": "2024-01-01"}, "until", "before"),
    ("foreigners", {"record_id": "B11", "full_name": "A B", "nationality": "CHN", "passport_no": "E11111111",
                    "residence_symbol": "XX9"}, "residence_symbol", "XX9"),
    ("border_events", {"event_id": "B12", "event_type": "ENTRY", "occurred_at": "yesterday",
                       "border_point_code": "HN", "full_name": "A B"}, "occurred_at", "yesterday"),
]


@pytest.mark.parametrize("feed_name,row,column,reason", BAD_ROWS,
                         ids=[f"{f}-{c}" for f, _, c, _ in BAD_ROWS])
def test_each_kind_of_bad_row_is_rejected_with_its_reason(store, tmp_path, feed_name, row, column, reason):
    good = SAMPLE_ROWS[feed_name][0]
    path = write_csv(tmp_path / f"{feed_name}.csv", feed_name, [good, row])
    summary, rejects = run_ingest(store, [path], tmp_path)
    assert summary.feeds[feed_name].loaded == 1
    assert summary.feeds[feed_name].rejected == 1
    assert len(rejects) == 1
    assert (rejects[0]["feed"], rejects[0]["row"], rejects[0]["column"]) == (feed_name, "2", column)
    assert reason in rejects[0]["reason"]
    assert json.loads(rejects[0]["values"])[column] == row.get(column, "")


def test_a_key_seen_with_other_content_is_rejected_and_the_same_content_is_a_no_op(store, tmp_path):
    rows = SAMPLE_ROWS["marriages"]
    changed = {**rows[0], "registered_on": "2024-01-01"}
    path = write_csv(tmp_path / "marriages.csv", "marriages", [rows[0], rows[0], changed])
    summary, rejects = run_ingest(store, [path], tmp_path)
    item = summary.feeds["marriages"]
    assert (item.read, item.loaded, item.unchanged, item.rejected) == (3, 1, 1, 1)
    assert rejects[0]["row"] == "3" and rejects[0]["column"] == "record_id"
    assert rejects[0]["reason"].endswith(
        "was already seen with different content (marriages.csv row 1)")
    # and against what an earlier run loaded:
    later = write_csv(tmp_path / "marriages2.csv", "marriages", [changed])
    _, rejects = run_ingest(store, [later], tmp_path)
    assert "already loaded with different content" in rejects[-1]["reason"]


def test_a_quoted_newline_does_not_start_a_record(store, tmp_path):
    path = tmp_path / "marriages.csv"
    path.write_text('record_id,vn_full_name,vn_id_no,vn_address,foreign_full_name,foreign_nationality\n'
                    'HN1,Lê Văn A,020190004321,"Thôn 1\nxã Tân Thanh",KIM A,KOR\n'
                    'HN2,Lê Văn B,,,KIM B,KOR\n', encoding="utf-8")
    _, rejects = run_ingest(store, [path], tmp_path)
    assert [(r["row"], r["column"]) for r in rejects] == [("2", "vn_id_no")]


def test_a_file_that_is_no_feed_is_refused_whole(store, tmp_path):
    folder = write_all(tmp_path)
    (folder / "notes.csv").write_text("ma_ho_so,ho_ten,ghi_chu\nX1,A,B\n", encoding="utf-8")
    with pytest.raises(UnknownFeed) as excinfo:
        run_ingest(store, [folder], tmp_path)
    message = str(excinfo.value)
    assert "notes.csv is not a known feed; closest is" in message
    assert "missing required column(s)" in message and "'ghi_chu'" in message
    assert store.counts()["nodes"]["Mention"] == 0  # nothing was written


def test_forced_feed_is_checked_too(store, tmp_path):
    path = write_csv(tmp_path / "x.csv", "marriages", SAMPLE_ROWS["marriages"])
    with pytest.raises(UnknownFeed, match="is not a valid 'work_permits' file: missing"):
        run_ingest(store, [path], tmp_path, forced_feed="work_permits")


def test_every_contract_column_has_a_sample_or_is_optional():
    for spec in FEEDS:
        sampled = {k for row in SAMPLE_ROWS[spec.name] for k in row}
        assert set(spec.required) <= sampled, spec.name


def test_a_first_load_that_meets_a_record_written_meanwhile_sorts_the_batch_out(store, tmp_path):
    # The run saw no marriage in the graph, so its batches are created without
    # asking; a record another loader wrote meanwhile breaks the unique ref, and
    # that batch is redone the careful way: the record counted as unchanged or
    # rejected, the rest loaded, nothing doubled.
    rows = [{**SAMPLE_ROWS["marriages"][0], "record_id": f"HN-{n}"} for n in range(4)]
    first = write_csv(tmp_path / "first.csv", "marriages", rows[:1])
    changed = {**rows[1], "registered_on": "2024-01-01"}
    other = write_csv(tmp_path / "other.csv", "marriages", [changed])
    both = write_csv(tmp_path / "both.csv", "marriages", rows)
    loads, inner = [], []

    def meanwhile(store_, feed_name, batch, *, assume_new=False):
        if inner:  # the other loader's own batches
            return load_batch(store_, feed_name, batch, assume_new=assume_new)
        if not loads:  # its rows land just before this run's first batch
            inner.append(True)
            run_ingest(store, [first], tmp_path / "a")
            run_ingest(store, [other], tmp_path / "b")
            inner.clear()
        outcome = load_batch(store_, feed_name, batch, assume_new=assume_new)
        loads.append((assume_new, outcome.checked))
        return outcome

    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    import ingest.pipeline as pipeline  # the loader another process would be running
    original, pipeline.load_batch = pipeline.load_batch, meanwhile
    try:
        summary, rejects = run_ingest(store, [both], tmp_path)
    finally:
        pipeline.load_batch = original
    assert loads[0] == (True, True)  # tried without asking, then redone with the check
    item = summary.feeds["marriages"]
    assert (item.loaded, item.unchanged, item.rejected) == (len(rows) - 2, 1, 1)
    assert "already loaded with different content" in rejects[0]["reason"]
    assert record_refs(store, "Marriage") == sorted(
        f"marriages:{r['record_id']}" for r in rows)
