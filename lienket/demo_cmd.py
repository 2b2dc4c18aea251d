"""``lienket demo``: the main job end to end on built-in data."""

from __future__ import annotations

import typer

from graph.config import StoreSettings
from graph.store import GraphStore
from lienket.status_cmd import status


def demo() -> None:
    """Start the engine, create the schema and show what the graph holds."""
    settings = StoreSettings.from_env()
    with GraphStore.open(settings) as store:
        typer.echo(f"graph: {store.engine} engine at {store.address}, database {store.database}")
        store.ensure_schema()
        typer.echo("schema: constraints and indexes in place")
    status(as_json=False, all_types=False)
