"""``lienket analyze``: run the detectors as of a date and save their flags."""

from __future__ import annotations

import datetime as dt
import json

import typer
from rich.console import Console
from rich.table import Table

from analysis.detectors import check_kinds
from analysis.model import KINDS
from analysis.run import AnalysisRun, run_analysis
from graph.config import StoreSettings
from graph.store import GraphStore

__all__ = ["analyze", "parse_date"]


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    """YYYY-MM-DD or DD/MM/YYYY (Vietnamese order, never MM/DD)."""
    if not value:
        return None
    try:
        if "/" in value:
            day, month, year = value.split("/")
            return dt.date(int(year), int(month), int(day))
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date; write YYYY-MM-DD or DD/MM/YYYY",
                                 param_hint=option) from None


def analyze(
    as_of: str = typer.Option(None, "--as-of", help="Judge the data as of this date "
                              "(YYYY-MM-DD; default: today in Vietnam). Only facts dated on "
                              "or before it count."),
    kind: list[str] = typer.Option(None, "--kind", help="Only this kind (repeatable): "
                                   + ", ".join(KINDS) + "."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Run the detectors, save flags in the graph (updating earlier ones in place), summarise."""
    day = parse_date(as_of)
    kinds = check_kinds(list(kind or []))
    with GraphStore.open(StoreSettings.from_env()) as store:
        store.ensure_schema()
        run = run_analysis(store, as_of=day, kinds=kinds)
    if as_json:
        typer.echo(json.dumps(summary_json(run), ensure_ascii=False, indent=2))
    else:
        print_summary(run)


def summary_json(run: AnalysisRun) -> dict:
    return {"as_of": run.as_of.isoformat(), "data_fingerprint": run.data_fingerprint,
            "seconds": run.seconds, "missing": run.missing,
            "kinds": {k: {"rule_version": run.rule_versions.get(k), "new": t.new,
                          "updated": t.updated, "unchanged": t.unchanged,
                          "revived": t.revived, "stale": t.stale,
                          "flags": len(t.top), "top": [s for s, _ in t.top[:5]]}
                      for k, t in run.tallies.items()}}


def print_summary(run: AnalysisRun) -> None:
    console = Console(width=120)  # kinds are long names: never truncate them
    table = Table(title=f"analysis as of {run.as_of.isoformat()}", box=None,
                  header_style="bold")
    for column in ("kind", "flags", "new", "updated", "unchanged", "stale", "top scores",
                   "seconds"):
        table.add_column(column, justify="left" if column in ("kind", "top scores")
                         else "right")
    for kind, t in run.tallies.items():
        top = ", ".join(f"{s:.2f}" for s, _ in t.top[:3]) or "-"
        table.add_row(kind, f"{len(t.top):,}", f"{t.new:,}", f"{t.updated:,}",
                      f"{t.unchanged:,}", f"{t.stale:,}", top, f"{run.seconds[kind]:.1f}")
    console.print(table)
    for kind in run.missing:
        console.print(f"{kind}: no detector installed yet; its flags were left as they were")
    console.print(f"data fingerprint {run.data_fingerprint}; "
                  f"{run.total_seconds:.1f} s in all")
