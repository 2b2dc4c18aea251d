"""Analysis: detection quality against the ground truth, and what it costs.

Synthetic provinces, each generated, ingested and resolved in a fresh database
of one embedded engine, then analysed by ``lienket analyze`` in a process of
its own (so its time and memory are the analysis's alone), then evaluated
(detector against a naive one-rule baseline per kind):

* ``small``: two seeds with the default proportions, and the first seed with
  varied proportions (more unlicensed workers, more branch permits and more
  permits that ran out after the worker left: the look-alikes the detector
  must not flag);
* ``province``: seed 7 with the default proportions (the size targets).

``LIENKET_BENCH_ANALYSIS_SIZES`` (default ``small,province``) picks the sizes.
Reported per dataset: seconds per stage, precision / recall / F1 / average
precision per kind, and the peak RSS of the analysis process and of the
engine while it ran, sampled every 0.2 s.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from analysis.evaluate import evaluate
from bench import datasets
from bench.measure import PeakRss
from graph.config import StoreSettings
from graph.engine import ensure_engine, stop_engine
from graph.store import GraphStore, create_embedded_database
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve import resolve_all

VARIED = {"unlicensed_share": 0.08, "branch_permit_share": 0.5,
          "permit_expired_after_leaving_share": 0.2}
DATASETS = {"small": (("seed11", 11, None), ("seed12", 12, None), ("seed11-varied", 11, VARIED)),
            "province": (("seed7", 7, None),)}
REPO = Path(__file__).resolve().parent.parent


def _analyze(settings: StoreSettings, as_of: dt.date, engine_pid: int) -> tuple[float, dict, dict]:
    """Seconds, peak RSS (analysis process and engine) and summary of ``lienket analyze``."""
    env = {**os.environ, "LIENKET_DATA_DIR": str(settings.data_dir),
           "NEO4J_DATABASE": settings.database, "LIENKET_ENGINE_IDLE_SECONDS": "0"}
    clock = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "lienket.cli", "analyze", "--as-of",
                             as_of.isoformat(), "--json"], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakRss({"analysis": proc.pid, "engine": engine_pid}) as rss:
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"lienket analyze failed: {err.strip()[-500:]}")
    return time.perf_counter() - clock, rss.peak, json.loads(out)


def _one(settings: StoreSettings, folder: Path, work: Path) -> dict:
    name = "b_" + uuid.uuid4().hex[:10]
    endpoint = ensure_engine(settings.data_dir, idle_seconds=0)
    create_embedded_database(endpoint, name)
    scoped = dataclasses.replace(settings, database=name)
    seconds: dict[str, float] = {}
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    as_of = dt.date.fromisoformat(truth["as_of"])
    with GraphStore.open(scoped) as store:
        store.ensure_schema()
        clock = time.perf_counter()
        writer = RejectWriter(work / f"rejects-{name}.csv")
        try:
            ingest_paths(store, [folder], rejects=writer)
        finally:
            writer.close()
        seconds["ingest"] = time.perf_counter() - clock
        clock = time.perf_counter()
        resolve_all(store)
        seconds["resolve"] = time.perf_counter() - clock
        seconds["analyze"], peak, summary = _analyze(scoped, as_of, endpoint.pid)
        seconds.update({f"analyze_{k}": v for k, v in summary["seconds"].items()})
        clock = time.perf_counter()
        report = evaluate(store, folder / "ground_truth.json", as_of)
        seconds["evaluate"] = time.perf_counter() - clock
    return {"seconds": {k: round(v, 2) for k, v in seconds.items()},
            "flags": {k: v["flags"] for k, v in summary["kinds"].items()},
            "peak_rss_mb": {k: round(v / 2**20, 1) for k, v in peak.items()},
            "quality": report["kinds"]}


def run(out_dir: Path) -> dict:
    sizes = [x.strip() for x in os.environ.get("LIENKET_BENCH_ANALYSIS_SIZES",
                                               "small,province").split(",") if x.strip()]
    data_dir = Path(tempfile.mkdtemp(prefix="lienket-bench-analysis-"))
    settings = StoreSettings.from_env({"LIENKET_DATA_DIR": str(data_dir),
                                       "LIENKET_ENGINE_IDLE_SECONDS": "0"})
    figures: dict = {"sizes": sizes, "varied_proportions": VARIED, "datasets": {}}
    try:
        ensure_engine(data_dir, heap=settings.engine_heap, idle_seconds=0)
        for size in sizes:
            for label, seed, proportions in DATASETS[size]:
                folder = datasets.dataset(size, seed, proportions)
                figures["datasets"][f"{size}-{label}"] = _one(settings, folder, data_dir)
    finally:
        stop_engine(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
    for label, result in figures["datasets"].items():
        s = result["seconds"]
        print(f"   {label}: ingest {s['ingest']:.1f} s, resolve {s['resolve']:.1f} s, analyze "
              f"{s['analyze']:.1f} s, evaluate {s['evaluate']:.1f} s; peak RSS "
              f"{result['peak_rss_mb']['analysis']} MB (analysis), "
              f"{result['peak_rss_mb']['engine']} MB (engine)")
        for kind, q in result["quality"].items():
            d, b = q["detector"] or {}, q["baseline"]
            print(f"     {kind:24} detector P {d.get('precision')} R {d.get('recall')} "
                  f"F1 {d.get('f1')} AP {d.get('average_precision')} | baseline P "
                  f"{b['precision']} R {b['recall']} F1 {b['f1']}")
    return figures


if __name__ == "__main__":
    result = run(Path(__file__).resolve().parent / "out")
    out = Path(__file__).resolve().parent / "out" / "analysis.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
