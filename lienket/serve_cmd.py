"""``lienket serve``: the HTTP API under uvicorn."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; loopback "
                             "by default (put a TLS proxy in front for other hosts)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the /api/v1 HTTP API (OpenAPI at /docs)."""
    import uvicorn

    from api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")
