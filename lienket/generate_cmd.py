"""``lienket generate``: a synthetic province to test and demonstrate with."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer

SIZES = ("tiny", "small", "province")


def generate(
    size: str = typer.Option("small", "--size", help="tiny, small (~2k foreigners) or "
                             "province (~50k foreigners, 500k border events)."),
    seed: int = typer.Option(7, "--seed", help="Same seed, same files, byte for byte."),
    out: Path = typer.Option(..., "--out", help="Folder to write the eight feeds into."),
) -> None:
    """Write all eight feeds of a synthetic Lạng Sơn-like province, plus ground truth."""
    if size not in SIZES:
        raise typer.BadParameter(f"'{size}' is not a size; use one of {', '.join(SIZES)}",
                                 param_hint="--size")
    from ingest.generate import generate as write_province

    started = time.perf_counter()
    summary = write_province(size, seed, out,
                             progress=lambda stage, count: typer.echo(
                                 f"  {stage:<24} {count:>9,}", err=True))
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    typer.echo(f"wrote {out} in {time.perf_counter() - started:.1f} s "
               f"(ground truth: {out / 'ground_truth.json'})")
