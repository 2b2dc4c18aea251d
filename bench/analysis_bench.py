"""Analysis: detection quality against the ground truth, and what it costs.

Three synthetic provinces (``small`` by default; ``LIENKET_BENCH_ANALYSIS_SIZE``
to change): two seeds with the default proportions, and the first seed with
varied proportions (more unlicensed workers, more branch permits and more
permits that ran out after the worker left: the look-alikes the detector must
not flag). Each is generated, ingested, resolved, analysed (flags saved) and
evaluated (detector against a naive one-rule baseline per kind), in a fresh
database of one embedded engine. Reported per dataset: seconds per stage,
precision / recall / F1 / average precision per kind, and peak RSS of this
process and of the engine, sampled every 0.2 s.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil

from analysis.evaluate import evaluate
from bench import datasets
from analysis.run import run_analysis
from graph.config import StoreSettings
from graph.engine import ensure_engine, stop_engine
from graph.store import GraphStore, create_embedded_database
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve import resolve_all

VARIED = {"unlicensed_share": 0.08, "branch_permit_share": 0.5,
          "permit_expired_after_leaving_share": 0.2}
DATASETS = (("seed11", 11, None), ("seed12", 12, None), ("seed11-varied", 11, VARIED))


class PeakRss:
    """Peak resident memory of some processes, sampled on a thread."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.procs = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.peak = {name: 0 for name in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for name, proc in self.procs.items():
                try:
                    self.peak[name] = max(self.peak[name], proc.memory_info().rss)
                except psutil.Error:
                    pass

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _one(settings: StoreSettings, folder: Path, work: Path) -> dict:
    name = "b_" + uuid.uuid4().hex[:10]
    endpoint = ensure_engine(settings.data_dir, idle_seconds=0)
    create_embedded_database(endpoint, name)
    seconds: dict[str, float] = {}
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    as_of = dt.date.fromisoformat(truth["as_of"])
    with PeakRss({"python": os.getpid(), "engine": endpoint.pid}) as rss, \
            GraphStore.open(dataclasses.replace(settings, database=name)) as store:
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
        clock = time.perf_counter()
        run = run_analysis(store, as_of=as_of)
        seconds["analyze"] = time.perf_counter() - clock
        seconds.update({f"analyze_{k}": v for k, v in run.seconds.items()})
        clock = time.perf_counter()
        report = evaluate(store, folder / "ground_truth.json", as_of)
        seconds["evaluate"] = time.perf_counter() - clock
    return {"seconds": {k: round(v, 2) for k, v in seconds.items()},
            "flags": {k: len(t.top) for k, t in run.tallies.items()},
            "peak_rss_mb": {k: round(v / 2**20, 1) for k, v in rss.peak.items()},
            "quality": report["kinds"]}


def run(out_dir: Path) -> dict:
    size = os.environ.get("LIENKET_BENCH_ANALYSIS_SIZE", "small")
    data_dir = Path(tempfile.mkdtemp(prefix="lienket-bench-analysis-"))
    settings = StoreSettings.from_env({"LIENKET_DATA_DIR": str(data_dir),
                                       "LIENKET_ENGINE_IDLE_SECONDS": "0"})
    figures: dict = {"size": size, "varied_proportions": VARIED, "datasets": {}}
    try:
        ensure_engine(data_dir, heap=settings.engine_heap, idle_seconds=0)
        for label, seed, proportions in DATASETS:
            folder = datasets.dataset(size, seed, proportions)
            figures["datasets"][label] = _one(settings, folder, data_dir)
    finally:
        stop_engine(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
    for label, result in figures["datasets"].items():
        s = result["seconds"]
        print(f"   {label}: ingest {s['ingest']:.1f} s, resolve {s['resolve']:.1f} s, analyze "
              f"{s['analyze']:.1f} s, evaluate {s['evaluate']:.1f} s; peak RSS "
              f"{result['peak_rss_mb']['python']} MB (python), "
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
