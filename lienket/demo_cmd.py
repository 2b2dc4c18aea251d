"""``lienket demo``: the main job end to end on built-in synthetic data.

Generate a small synthetic province, ingest it (validation, rejects, loading),
and show what the graph now holds and where the files are. Later stages
(analysis, visualisations) join here as they land.
"""

from __future__ import annotations

import datetime as dt

import typer

from graph.config import StoreSettings
from graph.store import GraphStore
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from lienket.ingest_cmd import print_summary
from lienket.progress import FileProgress
from lienket.status_cmd import status


def demo(
    size: str = typer.Option("tiny", "--size", help="tiny (seconds), small or province."),
    seed: int = typer.Option(7, "--seed"),
) -> None:
    """Generate a synthetic province, ingest it, and show the graph."""
    from ingest.generate import generate

    settings = StoreSettings.from_env()
    feeds = settings.data_dir / "demo" / f"{size}-seed{seed}"
    typer.echo(f"1. generating a synthetic province ({size}, seed {seed}) into {feeds}")
    generate(size, seed, feeds)
    with GraphStore.open(settings) as store:
        typer.echo(f"2. graph: {store.engine} engine at {store.address}, database {store.database}")
        store.ensure_schema()
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        writer = RejectWriter(settings.data_dir / "rejects" / f"rejects-demo-{stamp}.csv")
        typer.echo("3. ingesting the eight feeds (bad rows planted on purpose go to the rejects)")
        try:
            with FileProgress() as progress:
                summary = ingest_paths(store, [feeds], rejects=writer, progress=progress)
        finally:
            writer.close()
        print_summary(summary, writer)
    typer.echo("4. what the graph holds now:")
    status(as_json=False, all_types=False)
    typer.echo(f"\nfeeds: {feeds}\nground truth: {feeds / 'ground_truth.json'}")
