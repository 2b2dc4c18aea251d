"""``lienket query``: the named risk queries, with their evidence."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from analysis.risk_queries import BadQuery, list_queries, run_query
from graph.config import StoreSettings
from graph.store import GraphStore

__all__ = ["query"]


def query(
    name: str = typer.Argument(None, help="The query; leave out to list them all."),
    param: list[str] = typer.Option(None, "--param", help="A parameter as key=value "
                                    "(repeatable), e.g. --param days=60."),
    as_json: bool = typer.Option(False, "--json", help="Print rows as JSON."),
) -> None:
    """Run a named risk query (`lienket query` alone lists them and their parameters)."""
    if not name:
        _print_catalogue()
        return
    params = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadQuery(f"'{item}' is not key=value; write e.g. --param days=60.")
        params[key.strip()] = value.strip()
    with GraphStore.open(StoreSettings.from_env()) as store:
        result = run_query(store, name, params)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2, default=str))
        return
    columns = [c for c in (result.rows[0] if result.rows else {}) if c != "evidence"]
    table = Table(box=None, header_style="bold")
    for column in columns + ["evidence"]:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(_cell(row.get(c)) for c in columns + ["evidence"]))
    Console(width=220).print(table)
    typer.echo(f"{len(result.rows)} row(s) in {result.seconds:.2f} s")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _print_catalogue() -> None:
    console = Console(width=160)
    for q in list_queries():
        console.print(f"[bold]{q['name']}[/bold]: {q['description']}")
        for p in q["params"]:
            default = ("required" if p["required"] else
                       f"default {p['default']}" if p["default"] is not None else "optional")
            console.print(f"    {p['name']} ({p['type']}, {default}): {p['doc']}")
