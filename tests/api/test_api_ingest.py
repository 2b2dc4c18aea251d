"""Ingest upload over HTTP into its own database: the CLI's pipeline, the
rejected rows returned, the size limit, unknown feeds, and no files left behind.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.errors import PROBLEM
from api.keys import create_key
from api.settings import ApiSettings
from tests.api.conftest import serve
from tests.ingest.feedfiles import SAMPLE_ROWS, write_csv


@pytest.fixture
def upload_api(settings, store):
    """An API over the test's empty database, with an admin and a reviewer key."""

    def start(max_upload_bytes: int = 10 * 1024 * 1024):
        app = create_app(ApiSettings(store=dataclasses.replace(settings, database=store.database),
                                     max_upload_bytes=max_upload_bytes), store=store)
        return serve(app)

    return start


def client(url: str, store, role: str = "admin") -> httpx.Client:
    _, key = create_key(store, role=role)
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=120)


def leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("lienket-upload-*")}


def feed_files(tmp_path: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    bad = dict(SAMPLE_ROWS["work_permits"][0], permit_no="GP-BAD", valid_from="not a date")
    files = {
        "Hồ sơ người nước ngoài.csv": write_csv(tmp_path / "a.csv", "foreigners",
                                                  SAMPLE_ROWS["foreigners"]),
        "doanh-nghiep.csv": write_csv(tmp_path / "b.csv", "enterprises",
                                      SAMPLE_ROWS["enterprises"]),
        "giay-phep.csv": write_csv(tmp_path / "c.csv", "work_permits",
                                   SAMPLE_ROWS["work_permits"] + [bad]),
    }
    return [("files", (name, path.read_bytes(), "text/csv")) for name, path in files.items()]


def test_upload_loads_like_the_cli_and_returns_the_rejects(upload_api, store, tmp_path):
    before = leftovers()
    with upload_api() as url, client(url, store) as c:
        first = c.post("/api/v1/ingest", files=feed_files(tmp_path))
        again = c.post("/api/v1/ingest", files=feed_files(tmp_path))
        audit = c.get("/api/v1/audit", params={"action": "ingest"}).json()["items"]
    assert first.status_code == 200, first.text
    body = first.json()
    by_feed = {f["feed"]: f for f in body["feeds"]}
    assert set(by_feed) == {"foreigners", "enterprises", "work_permits"}
    assert by_feed["foreigners"]["loaded"] == 2 and by_feed["work_permits"]["rejected"] == 1
    assert body["rejected"] == 1 and body["rejects_truncated"] is False
    reject = body["rejects"][0]
    assert reject["file"] == "giay-phep.csv" and reject["row"] == 2
    assert reject["column"] == "valid_from" and reject["values"]["permit_no"] == "GP-BAD"
    assert reject["reason"]
    assert body["resolved"]["persons"] >= 2  # resolved before it returned, like the CLI
    assert store.read_value("MATCH (p:Person) RETURN count(p) AS n") >= 2
    assert store.read_value("MATCH (w:WorkPermit) RETURN count(w) AS n") == 1
    # The same files again change nothing.
    assert again.status_code == 200
    assert sum(f["loaded"] for f in again.json()["feeds"]) == 0
    assert again.json()["resolved"] is None
    assert len(audit) == 2 and "Hồ sơ người nước ngoài.csv" in audit[0]["subject"]
    assert leftovers() == before


def test_an_upload_over_the_limit_is_refused_before_loading(upload_api, store, tmp_path):
    big = ("files", ("many.csv", b"record_id,full_name\n" + b"R1,A\n" * 2000, "text/csv"))
    boundary = "lkboundary"
    raw = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
           f"filename=\"many.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode() + big[1][1] + \
        f"\r\n--{boundary}--\r\n".encode()

    def chunked():  # no Content-Length: the limit is counted as the body streams in
        for i in range(0, len(raw), 1000):
            yield raw[i:i + 1000]

    with upload_api(max_upload_bytes=4000) as url, client(url, store) as c:
        declared = c.post("/api/v1/ingest", files=[big])
        streamed = c.post("/api/v1/ingest", content=chunked(), headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
    for r in (declared, streamed):
        assert r.status_code == 413, r.text
        assert r.headers["content-type"].startswith(PROBLEM)
        assert "larger than the limit" in r.json()["detail"]
    assert store.read_value("MATCH (n) RETURN count(n) AS n") == 1  # the key only


def test_unknown_feeds_and_bad_forms_are_400_naming_what_to_do(upload_api, store, tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_text("record_id,full_name,passport_no,colour\nR1,A,E1,red\n")
    good = write_csv(tmp_path / "e.csv", "enterprises", SAMPLE_ROWS["enterprises"])
    with upload_api() as url, client(url, store) as c:
        unknown = c.post("/api/v1/ingest", files=[
            ("files", ("ds-ngoai-kieu.csv", odd.read_bytes(), "text/csv")),
            ("files", ("dn.csv", good.read_bytes(), "text/csv"))])
        misspelt = c.post("/api/v1/ingest", data={"feed": "enterprize"},
                          files=[("files", ("dn.csv", good.read_bytes(), "text/csv"))])
        wrong_kind = c.post("/api/v1/ingest",
                            files=[("files", ("notes.txt", b"hello", "text/plain"))])
        not_multipart = c.post("/api/v1/ingest", json={"files": []})
        empty = c.post("/api/v1/ingest", files={"feed": (None, "enterprises")})
    with upload_api() as url, client(url, store, role="reviewer") as c:
        forbidden = c.post("/api/v1/ingest",
                           files=[("files", ("dn.csv", good.read_bytes(), "text/csv"))])
    assert unknown.status_code == 400
    detail = unknown.json()["detail"]
    assert detail.startswith("ds-ngoai-kieu.csv is not a known feed; closest is 'foreigners'")
    assert "lienket-upload" not in detail and "colour" in detail
    assert misspelt.status_code == 400
    assert "did you mean 'enterprises'" in misspelt.json()["detail"]
    assert wrong_kind.status_code == 400 and "notes.txt" in wrong_kind.json()["detail"]
    assert not_multipart.status_code == 400 and "multipart" in not_multipart.json()["detail"]
    assert empty.status_code == 400 and "no files" in empty.json()["detail"]
    assert forbidden.status_code == 403
    for r in (unknown, misspelt, wrong_kind, not_multipart, empty):
        assert r.headers["content-type"].startswith(PROBLEM)
    # One file that is no feed refuses the whole upload before any write.
    assert store.read_value("MATCH (e:Enterprise) RETURN count(e) AS n") == 0
