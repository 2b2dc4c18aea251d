"""``lienket serve``: the HTTP API under uvicorn."""

from __future__ import annotations

import typer

from graph.errors import LienketError


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; loopback "
                             "by default (put a TLS proxy in front for other hosts)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the /api/v1 HTTP API (OpenAPI at /docs) and the workspace (/viz/)."""
    import uvicorn

    from api.app import create_app
    from api.settings import ApiSettings

    try:
        # Read here, not in the server's startup, so a wrong setting is one
        # sentence and exit code 1 rather than a server log with a stack trace.
        settings = ApiSettings.from_env()
    except ValueError as exc:
        raise BadSetting(f"{exc} Fix it in the environment and start again.") from None
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


class BadSetting(LienketError):
    """A setting of the API that cannot be used."""
