"""``lienket export …``: hand resolved data to other systems (contract/OUTPUTS.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from graph.config import StoreSettings
from graph.store import GraphStore
from ingest.resolve.export import write_persons_jsonl

FORMATS = ("jsonl",)

app = typer.Typer(help="Export resolved people as JSON Lines.", no_args_is_help=True)


@app.command()
def persons(
    fmt: str = typer.Option("jsonl", "--format", help="Output format: jsonl."),
    out: Path = typer.Option(..., "--out", help="File to write; - for standard output."),
) -> None:
    """One line per resolved person: person_id, full_name, nationality,
    date_of_birth, passport_nos, id_nos, records."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"'{fmt}' is not a format; use {', '.join(FORMATS)}",
                                 param_hint="--format")
    with GraphStore.open(StoreSettings.from_env()) as store:
        if str(out) == "-":
            count = write_persons_jsonl(store, sys.stdout)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            partial = out.with_name(out.name + ".part")
            with open(partial, "w", encoding="utf-8") as handle:
                count = write_persons_jsonl(store, handle)
            partial.replace(out)  # never leave a half-written file under the real name
    if str(out) != "-":
        typer.echo(f"{count:,} persons written to {out}")
