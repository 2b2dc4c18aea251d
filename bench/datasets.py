"""Generated datasets the benchmarks share, kept in the temp directory between runs.

Generation is deterministic per (size, seed, proportions), so a folder that
holds its ground truth is reused as it is.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

__all__ = ["dataset", "feed_files"]


def dataset(size: str, seed: int = 7, proportions: dict | None = None) -> Path:
    tag = "-varied" if proportions else ""
    folder = Path(tempfile.gettempdir()) / f"lienket-bench-{size}-seed{seed}{tag}"
    if not (folder / "ground_truth.json").exists():
        from ingest.generate import generate

        started = time.perf_counter()
        generate(size, seed, folder, proportions=proportions)
        print(f"   generated {size} seed {seed}{tag} in {time.perf_counter() - started:.1f} s",
              flush=True)
    return folder


def feed_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx", ".jsonl"))
