"""``lienket status``: which database, where, and what is in it."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from graph.config import StoreSettings
from graph.store import GraphStore

__all__ = ["status", "collect_status"]


def collect_status(store: GraphStore, settings: StoreSettings) -> dict:
    counts = store.counts()
    payload = {
        "engine": store.engine,
        "address": store.address,
        "database": store.database,
        "nodes": counts["nodes"],
        "relationships": counts["relationships"],
        "total_nodes": sum(counts["nodes"].values()),
        "total_relationships": sum(counts["relationships"].values()),
    }
    if store.endpoint is not None:
        payload["data_dir"] = str(settings.data_dir)
        payload["engine_pid"] = store.endpoint.pid
    return payload


def status(
    as_json: bool = typer.Option(False, "--json", help="Print the status as JSON."),
    all_types: bool = typer.Option(False, "--all", help="List types with no nodes too."),
) -> None:
    """Show the engine in use, its address, the database and counts per type."""
    settings = StoreSettings.from_env()
    with GraphStore.open(settings) as store:
        payload = collect_status(store, settings)
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    console = Console()
    where = payload["address"] + (f"  (data: {payload['data_dir']})" if "data_dir" in payload else "")
    console.print(f"engine    {payload['engine']}")
    console.print(f"address   {where}")
    console.print(f"database  {payload['database']}")
    for title, key in (("node type", "nodes"), ("relationship type", "relationships")):
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in payload[key].items():
            if count or all_types:
                table.add_row(name, f"{count:,}")
        table.add_row("total", f"{payload['total_' + key]:,}", style="bold")
        console.print(table)
