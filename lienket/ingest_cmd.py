"""``lienket ingest``: load agency feeds into the graph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from graph.config import StoreSettings
from graph.store import GraphStore
from ingest.contract import FEEDS
from ingest.pipeline import IngestSummary, ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve.service import load_and_resolve
from lienket.progress import FileProgress

FEED_NAMES = [f.name for f in FEEDS]


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders of CSV, XLSX or JSON Lines."),
    feed: str = typer.Option(None, "--feed", help="Treat every file as this feed: "
                             + ", ".join(FEED_NAMES) + "."),
    rejects: Path = typer.Option(None, "--rejects", help="Reject file (CSV). Default: "
                                 "rejects-<time>.csv under the data directory."),
    silent: bool = typer.Option(False, "--silent", help="No progress bars."),
) -> None:
    """Load agency feeds: recognise each file, validate every row, write the graph.

    Bad rows go to the reject file with the reason; loading a file twice changes nothing.
    People in the new rows are resolved against everyone already in the graph before
    the command returns.
    """
    if feed and feed not in FEED_NAMES:
        raise typer.BadParameter(f"'{feed}' is not a feed; use one of {', '.join(FEED_NAMES)}",
                                 param_hint="--feed")
    settings = StoreSettings.from_env()
    if rejects is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        rejects = settings.data_dir / "rejects" / f"rejects-{stamp}.csv"
    writer = RejectWriter(rejects)

    def load(on_written) -> None:
        store.ensure_schema()
        try:
            with FileProgress(silent=silent) as progress:
                summary = ingest_paths(store, paths, rejects=writer, forced_feed=feed,
                                       progress=progress, on_written=on_written)
        finally:
            writer.close()
        print_summary(summary, writer)

    with GraphStore.open(settings) as store:
        # Part of ingest, not a step to remember: the graph is resolved when it returns.
        _, resolved = load_and_resolve(store, settings.data_dir, load, on_wait=_say_waiting)
    if resolved is not None:
        Console().print(f"resolved {resolved.mentions:,} mentions into {resolved.persons:,} "
                        f"people in {sum(resolved.seconds.values()):.1f} s")


def print_summary(summary: IngestSummary, writer: RejectWriter) -> None:
    console = Console()
    table = Table(title="ingest summary", box=None, header_style="bold")
    for column in ("feed", "files", "read", "loaded", "unchanged", "rejected", "seconds",
                   "rows/s"):
        table.add_column(column, justify="left" if column == "feed" else "right")
    for item in summary.feeds.values():
        rate = item.read / item.seconds if item.seconds else 0
        table.add_row(item.feed, str(item.files), f"{item.read:,}", f"{item.loaded:,}",
                      f"{item.unchanged:,}", f"{item.rejected:,}", f"{item.seconds:.1f}",
                      f"{rate:,.0f}")
    console.print(table)
    total_read = sum(f.read for f in summary.feeds.values())
    console.print(f"{total_read:,} rows read in {summary.seconds:.1f} s; "
                  f"{summary.rejected:,} rejected")
    if writer.count:
        console.print(f"rejects: {writer.path}")


def _say_waiting() -> None:
    Console(stderr=True).print("Another load into this data directory is running (a "
                               "`lienket ingest` or an upload to the API); this one starts "
                               "when it ends.")
