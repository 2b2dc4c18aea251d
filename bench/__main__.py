"""Run every benchmark (or those named on the command line) and print figures.

Figures are also written to ``bench/out/results.json``. Absolute times on a
shared 2-core machine are noisy: compare the ratios measured in one run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import (analysis_bench, api_bench, ingest_bench, resolution_bench, store_bench,
                   viz_bench)

BENCHES = {
    "store": store_bench.run,
    "ingest": ingest_bench.run,
    "resolution": resolution_bench.run,
    "analysis": analysis_bench.run,
    "viz": viz_bench.run,
    "api": api_bench.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*BENCHES, []], help="benchmarks to run")
    args = parser.parse_args(argv)
    names = args.names or list(BENCHES)
    out_dir = Path(__file__).resolve().parent / "out"
    out_dir.mkdir(exist_ok=True)
    # Benchmarks run one at a time keep the others' last figures.
    path = out_dir / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    for name in names:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        results[name] = BENCHES[name](out_dir)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
