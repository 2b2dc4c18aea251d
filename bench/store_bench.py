"""The store's ceiling: engine start, warm reuse and raw batched MERGE speed.

Every other write figure (ingest throughput above all) is compared with the
MERGE ceiling measured here, on the same machine in the same run.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from graph.config import StoreSettings
from graph.engine import ensure_engine, stop_engine
from graph.store import GraphStore

NODES = 60_000
BATCH = 5_000

MERGE_NODES = """
UNWIND $rows AS row
MERGE (p:Phone {e164: row.e164})
ON CREATE SET p.first_seen = row.seen
"""

MERGE_RELS = """
UNWIND $rows AS row
MATCH (p:Phone {e164: row.e164})
MATCH (v:Vehicle {plate: row.plate})
MERGE (v)-[:USES_PHONE]->(p)
"""

MERGE_VEHICLES = "UNWIND $rows AS row MERGE (v:Vehicle {plate: row.plate})"


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds else float("inf")


def merge_ceiling(store: GraphStore, nodes: int = NODES, batch: int = BATCH) -> dict:
    """Raw UNWIND-MERGE speed on keyed nodes and relationships (fresh, schema in place)."""
    rows = [{"e164": f"+8491{i:07d}", "seen": "2026-01-01", "plate": f"12A{i:06d}"}
            for i in range(nodes)]
    started = time.perf_counter()
    store.write_rows(MERGE_NODES, rows, batch_size=batch)
    node_seconds = time.perf_counter() - started
    store.write_rows(MERGE_VEHICLES, rows, batch_size=batch)
    started = time.perf_counter()
    store.write_rows(MERGE_RELS, rows, batch_size=batch)
    rel_seconds = time.perf_counter() - started
    started = time.perf_counter()
    store.write_rows(MERGE_NODES, rows, batch_size=batch)  # all already there
    rematch_seconds = time.perf_counter() - started
    return {
        "merge_nodes_per_s": _rate(nodes, node_seconds),
        "merge_relationships_per_s": _rate(nodes, rel_seconds),
        "merge_existing_nodes_per_s": _rate(nodes, rematch_seconds),
        "rows": nodes,
        "batch": batch,
    }


def run(out_dir: Path) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="lienket-bench-"))
    settings = StoreSettings.from_env({"LIENKET_DATA_DIR": str(data_dir),
                                       "LIENKET_ENGINE_IDLE_SECONDS": "0"})
    try:
        started = time.perf_counter()
        ensure_engine(data_dir, heap=settings.engine_heap, idle_seconds=0)
        cold = time.perf_counter() - started
        warm_times = []
        for _ in range(5):
            started = time.perf_counter()
            with GraphStore.open(settings) as store:
                store.ping()
            warm_times.append(time.perf_counter() - started)
        with GraphStore.open(settings) as store:
            store.ensure_schema()
            ceiling = merge_ceiling(store)
    finally:
        stop_engine(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
    figures = {
        "engine_cold_start_s": round(cold, 3),
        "engine_warm_open_s_median": round(sorted(warm_times)[len(warm_times) // 2], 4),
        **ceiling,
    }
    for key, value in figures.items():
        print(f"   {key:32} {value}")
    return figures
