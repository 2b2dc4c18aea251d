"""Ingest: end-to-end throughput against the store's ceiling, memory, wall time.

* ceiling: the same border-event rows, already parsed and shaped, written with
  a raw batched MERGE of the same nodes and relationships (no reading, no
  validation, no existence check); against it, the ingest pipeline
  (``ingest_paths``) on a file holding exactly those rows, and the whole
  ``lienket ingest`` command on it (process start and the resolution of the
  people loaded included). All in fresh databases of one engine, in one run.
* peak RSS of the ``lienket ingest`` process over the whole border feed;
* wall time of ``lienket ingest`` over the whole generated dataset.

``LIENKET_BENCH_SIZE`` picks the dataset (``province`` by default, ``small``
for a quick look); ``LIENKET_BENCH_SAMPLE`` the rows of the ceiling pair.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import datasets
from bench.measure import PeakRss
from graph.config import StoreSettings
from graph.engine import ensure_engine, stop_engine
from graph.store import GraphStore, create_embedded_database
from ingest.models import validate_row
from ingest.pipeline import ingest_paths
from ingest.readers import open_source
from ingest.recognise import recognise
from ingest.rejects import RejectWriter
from ingest.shape import shape_row

REPO = Path(__file__).resolve().parent.parent

RAW_MERGE = """
UNWIND $rows AS row
MERGE (r:BorderEvent {ref: row.ref}) SET r += row.props
WITH r, row
CALL { WITH r, row UNWIND row.mentions AS m
  MERGE (x:Mention {mention_id: m.mention_id}) SET x += m
  MERGE (r)-[:NAMES {role: m.role}]->(x) }
CALL { WITH r, row UNWIND row.points AS p
  MERGE (t:BorderPoint {code: p.code}) MERGE (r)-[:AT_POINT]->(t) }
CALL { WITH r, row UNWIND row.phones AS p
  MERGE (t:Phone {e164: p.e164}) MERGE (r)-[:USES_PHONE {role: p.role}]->(t) }
CALL { WITH r, row UNWIND row.vehicles AS v
  MERGE (t:Vehicle {plate: v.plate}) MERGE (r)-[:USES_VEHICLE]->(t) }
CALL { WITH r, row UNWIND row.cases AS c
  MERGE (t:ApprehensionCase {case_ref: c.case_ref}) MERGE (r)-[:IN_CASE]->(t) }
CALL { WITH r, row UNWIND row.groups AS g
  MERGE (t:CrossingGroup {group_ref: g.group_ref}) MERGE (r)-[:IN_GROUP]->(t) }
RETURN count(r) AS n
"""


def _sample(source: Path, target: Path, rows: int) -> Path:
    with open(source, newline="", encoding="utf-8-sig") as src, \
            open(target, "w", newline="", encoding="utf-8") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        for i, record in enumerate(reader):
            if i > rows:
                break
            writer.writerow(record)
    return target


def _shaped_rows(path: Path) -> list[dict]:
    source = open_source(path)
    header_map = recognise(source.header, source=str(path))
    shaped = []
    for number, cells in source.records:
        values = {name: cells[i] if i < len(cells) else None
                  for i, name in header_map.columns.items()}
        normalised, problems = validate_row(header_map.feed.name, values)
        if not problems:
            shaped.append(shape_row(header_map.feed, normalised, number, path.name,
                                    dict(zip(source.header, cells))))
    return shaped


def _fresh_database(settings: StoreSettings) -> StoreSettings:
    name = "b_" + uuid.uuid4().hex[:10]
    endpoint = ensure_engine(settings.data_dir, idle_seconds=0)
    create_embedded_database(endpoint, name)
    scoped = dataclasses.replace(settings, database=name)
    with GraphStore.open(scoped) as store:
        store.ensure_schema()
    return scoped


def _run_ingest(settings: StoreSettings, paths: list[Path], out_dir: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one ``lienket ingest`` process."""
    env = {**os.environ, "LIENKET_DATA_DIR": str(settings.data_dir),
           "NEO4J_DATABASE": settings.database, "LIENKET_ENGINE_IDLE_SECONDS": "0"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lienket.cli", "ingest", *map(str, paths), "--silent",
         "--rejects", str(out_dir / f"rejects-{settings.database}.csv")],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakRss({"ingest": proc.pid}) as rss:
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"lienket ingest failed: {err.strip()[-500:]}")
    return time.perf_counter() - started, rss.peak["ingest"]


def run(out_dir: Path) -> dict:
    size = os.environ.get("LIENKET_BENCH_SIZE", "province")
    sample_rows = int(os.environ.get("LIENKET_BENCH_SAMPLE", "40000"))
    dataset = datasets.dataset(size)
    data_dir = Path(tempfile.mkdtemp(prefix="lienket-bench-ingest-"))
    settings = StoreSettings.from_env({"LIENKET_DATA_DIR": str(data_dir),
                                       "LIENKET_ENGINE_IDLE_SECONDS": "0"})
    figures: dict = {"dataset": size}
    try:
        ensure_engine(data_dir, heap=settings.engine_heap, idle_seconds=0)
        sample = _sample(dataset / "border_events.csv", data_dir / "border_events.csv", sample_rows)
        shaped = _shaped_rows(sample)
        with GraphStore.open(_fresh_database(settings)) as store:
            started = time.perf_counter()
            store.write_rows(RAW_MERGE, shaped, batch_size=2000)
            ceiling = len(shaped) / (time.perf_counter() - started)
        # The pipeline on the same rows, from the file: reading, validating,
        # normalising, checking what the graph holds and writing.
        with GraphStore.open(_fresh_database(settings)) as store:
            writer = RejectWriter(data_dir / "rejects-pipeline.csv")
            try:
                started = time.perf_counter()
                ingest_paths(store, [sample], rejects=writer)
                pipeline = len(shaped) / (time.perf_counter() - started)
            finally:
                writer.close()
        # The command as an officer runs it: process start and the resolution
        # of the people it loaded included.
        seconds, _ = _run_ingest(_fresh_database(settings), [sample], data_dir)
        end_to_end = len(shaped) / seconds
        figures.update({
            "sample_rows": len(shaped),
            "raw_merge_ceiling_rows_per_s": round(ceiling, 1),
            "ingest_pipeline_rows_per_s": round(pipeline, 1),
            "ingest_to_ceiling_ratio": round(pipeline / ceiling, 3),
            "ingest_command_rows_per_s": round(end_to_end, 1),
            "command_to_ceiling_ratio": round(end_to_end / ceiling, 3),
        })
        seconds, peak = _run_ingest(_fresh_database(settings), [dataset / "border_events.csv"],
                                    data_dir)
        figures.update({
            "border_feed_rows": sum(1 for _ in open(dataset / "border_events.csv")) - 1,
            "border_feed_seconds": round(seconds, 1),
            "border_feed_peak_rss_mb": round(peak / 2**20, 1),
        })
        seconds, peak = _run_ingest(_fresh_database(settings), [dataset], data_dir)
        figures.update({"whole_dataset_seconds": round(seconds, 1),
                        "whole_dataset_peak_rss_mb": round(peak / 2**20, 1)})
    finally:
        stop_engine(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
    for key, value in figures.items():
        print(f"   {key:34} {value}")
    return figures
