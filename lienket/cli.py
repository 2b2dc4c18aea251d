"""The ``lienket`` command: a thin layer over the library.

Each command opens what it needs, calls one function and prints the result.
Errors that lienket understands (:class:`graph.errors.LienketError`) come out
as one sentence and exit code 1, never as a stack trace.
"""

from __future__ import annotations

import sys

import typer

from graph.errors import LienketError
from lienket import (
    analyze_cmd, demo_cmd, engine_cmd, export_cmd, flags_cmd, generate_cmd, ingest_cmd,
    keys_cmd, query_cmd, resolve_cmd, serve_cmd, status_cmd, viz_cmd,
)

app = typer.Typer(
    name="lienket",
    help=(
        "Graph link analysis for the police and agencies that manage foreigners "
        "in a province: ingest agency exports, resolve people and enterprises, "
        "flag nominee investment, unlicensed employment and illegal-entry networks."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("status")(status_cmd.status)
app.command("demo")(demo_cmd.demo)
app.command("ingest")(ingest_cmd.ingest)
app.command("generate")(generate_cmd.generate)
app.add_typer(engine_cmd.app, name="engine")
app.add_typer(resolve_cmd.app, name="resolve")
app.add_typer(export_cmd.app, name="export")
app.command("analyze")(analyze_cmd.analyze)
app.add_typer(flags_cmd.app, name="flags")
app.command("query")(query_cmd.query)
app.add_typer(keys_cmd.app, name="keys")
app.command("serve")(serve_cmd.serve)
app.command("viz")(viz_cmd.viz)


def main() -> None:
    try:
        app()
    except LienketError as exc:
        typer.echo(f"lienket: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("lienket: interrupted; nothing half-written was kept.", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
