"""``lienket serve``: the HTTP API under uvicorn, in one or several processes."""

from __future__ import annotations

import copy
import os

import typer

from graph.errors import LienketError


def _default_workers() -> int:
    # One process per core: a process spends most of a request holding
    # Python's GIL, so one process uses one core however many requests wait.
    return max(1, min(os.cpu_count() or 1, 4))


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; loopback "
                             "by default (put a TLS proxy in front for other hosts)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(_default_workers(), "--workers", min=1, max=32,
                                help="API processes sharing the port (default: one per "
                                     "core, at most 4)."),
    access_log: bool = typer.Option(False, "--access-log/--no-access-log",
                                    help="Log every request on standard output (off by "
                                         "default: the audit trail records each read of a "
                                         "person or enterprise, and the TLS proxy in front "
                                         "logs requests)."),
) -> None:
    """Serve the /api/v1 HTTP API (OpenAPI at /docs) and the workspace (/viz/)."""
    import uvicorn

    from api.settings import ApiSettings
    from api.store_keeper import open_api_store
    from lienket.serve_workers import run_workers

    try:
        # Read here, not in the server's startup, so a wrong setting is one
        # sentence and exit code 1 rather than a server log with a stack trace.
        settings = ApiSettings.from_env()
    except ValueError as exc:
        raise BadSetting(f"{exc} Fix it in the environment and start again.") from None
    # Once, before the processes start: they would otherwise race to start the
    # embedded engine and to create the same indexes.
    with open_api_store(settings.store) as store:
        store.ensure_schema()
    # Each process builds its app from the same environment.
    # The access log's record and line were an eighth of an API process's own
    # time on a person record.
    options = {"log_level": "info", "access_log": access_log, "log_config": _log_config()}
    if workers == 1:
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, **options)
    else:  # a listening socket per process: see serve_workers
        run_workers("api.app:create_app", host=host, port=port, workers=workers,
                    options=options)


def _log_config() -> dict:
    """uvicorn's logging, with lienket's own lines (the search index read, the
    database down and back, spooled audit entries shipped) on its handler:
    uvicorn configures only its loggers, so they showed warnings only."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["lienket"] = {"handlers": ["default"], "level": "INFO",
                                    "propagate": False}
    return config


class BadSetting(LienketError):
    """A setting of the API that cannot be used."""
