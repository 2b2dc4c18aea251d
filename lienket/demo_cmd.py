"""``lienket demo``: the main job end to end on built-in synthetic data.

Generate a small synthetic province, ingest it (validation, rejects, loading,
resolution of people), run the detectors as of the data's date, and show what
the graph holds, the top flags, and where the files are. It ends by writing the
evidence graph of each of those top flags.
"""

from __future__ import annotations

import datetime as dt
import json

import typer

from analysis.flags_store import list_flags
from analysis.model import KINDS
from analysis.run import run_analysis
from graph.config import StoreSettings
from graph.store import GraphStore
from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.generate import AS_OF
from ingest.resolve.service import resolve_pending
from lienket.analyze_cmd import print_summary as print_analysis
from lienket.ingest_cmd import print_summary
from lienket.progress import FileProgress
from lienket.status_cmd import status


def list_top_flags(store: GraphStore, per_kind: int = 3) -> list[dict]:
    """The highest-scoring flags of each kind."""
    top = []
    for kind in KINDS:
        top.extend(list_flags(store, kind=kind, limit=per_kind).items)
    return top


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
        typer.echo("4. resolving people across the feeds")
        resolved = resolve_pending(store)
        if resolved is not None:
            typer.echo(f"   {resolved.persons:,} people from {resolved.mentions:,} mentions "
                       f"in {sum(resolved.seconds.values()):.1f} s")
        typer.echo(f"5. analysing as of {AS_OF.isoformat()} (the synthetic data's today)")
        print_analysis(run_analysis(store, as_of=AS_OF))
        top = list_top_flags(store)
    typer.echo("6. top flags for review:")
    for flag in top:
        typer.echo(f"   {flag['score']:.2f}  {flag['kind']:<22} {json.dumps(flag['subject'], ensure_ascii=False)}"
                   f"  {flag['flag_id']}")
    typer.echo("7. what the graph holds now:")
    status(as_json=False, all_types=False)
    typer.echo(f"\nfeeds: {feeds}\nground truth: {feeds / 'ground_truth.json'}\n"
               "next: lienket flags list, lienket flags show FLAG_ID, lienket query --help")
    write_top_views(settings, top)


def write_top_views(settings: StoreSettings, top: list[dict]) -> None:
    """The evidence graph of each top flag, as files that open offline."""
    from lienket.viz_cmd import served_url, write_view

    folder = settings.data_dir / "views"
    typer.echo("8. graph views of the top flags (open in a browser, no network needed):")
    base = served_url()
    with GraphStore.open(settings) as store:
        for flag in top:
            path = write_view(store, flag["flag_id"],
                              folder / f"{flag['kind']}-{flag['flag_id']}.html")
            typer.echo(f"   {flag['kind']:<22} {path}")
            if base:
                typer.echo(f"   {'':<22} {base}/viz/flags/{flag['flag_id']}")
    if not base:
        typer.echo("   workspace: `lienket serve`, then http://127.0.0.1:8000/viz/")
