"""``lienket engine …``: the embedded engine's lifecycle, for operators."""

from __future__ import annotations

import typer

from graph.config import StoreSettings
from graph.engine import ensure_engine, find_engine, stop_engine
from graph.engine_process import serve

app = typer.Typer(
    help="Start, stop or run the embedded engine (not used when NEO4J_URI is set).",
    no_args_is_help=True,
)


def _settings() -> StoreSettings:
    settings = StoreSettings.from_env()
    if not settings.embedded:
        raise typer.BadParameter("NEO4J_URI is set: lienket uses that server, not the embedded engine.")
    return settings


@app.command()
def start() -> None:
    """Start the engine in the background (commands also start it on demand)."""
    settings = _settings()
    endpoint = ensure_engine(settings.data_dir, heap=settings.engine_heap,
                             idle_seconds=settings.engine_idle_seconds)
    typer.echo(f"engine running: pid {endpoint.pid}, {endpoint.bolt_uri}, data {settings.data_dir}")


@app.command()
def stop() -> None:
    """Stop the background engine of this data directory."""
    settings = _settings()
    if stop_engine(settings.data_dir):
        typer.echo(f"engine stopped (data {settings.data_dir})")
    else:
        typer.echo(f"no engine was running for {settings.data_dir}")


@app.command()
def run() -> None:
    """Run the engine in the foreground until stopped (for systemd and the like)."""
    settings = _settings()
    if find_engine(settings.data_dir):
        raise typer.BadParameter(f"an engine already serves {settings.data_dir}")
    raise typer.Exit(serve(settings.data_dir, settings.engine_heap, idle_seconds=0))
