"""API processes sharing one port, each listening on a socket of its own.

uvicorn's own workers share one listening socket, and the process that wakes
first accepts every connection waiting. A client that opens its keep-alive
connections together, as a connection pool or a proxy in front does, had all
twenty on one process in five of eight tries (and eighteen in a sixth), with
the other idle: person records at 20 clients went at 490-620 requests/s in
those, against 890-1,080 when the connections were spread. Here each process binds the port with
``SO_REUSEPORT``, and the kernel hands each new connection to one of them by
a hash of its addresses.

The supervisor starts the processes, replaces one that dies, and stops them
all on SIGINT or SIGTERM.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import signal
import socket
import time
from typing import Any

from graph.errors import LienketError

__all__ = ["run_workers", "PortTaken", "WorkerCrashLoop"]

log = logging.getLogger("lienket.api")

STARTUP_SECONDS = 5.0  # a process that dies sooner is failing, not crashing once
STOP_SECONDS = 20.0


class PortTaken(LienketError):
    """The port is held by another program."""


class WorkerCrashLoop(LienketError):
    """An API process stopped as soon as it started."""


def _socket(host: str, port: int, *, share: bool) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET,
                         socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if share:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _check_port(host: str, port: int) -> None:
    """Bound without sharing, so that a port held by anything, another lienket
    serve included, is refused instead of silently shared."""
    try:
        _socket(host, port, share=False).close()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortTaken(f"Port {port} on {host} is already in use; stop what listens "
                            "there or choose another with --port.") from None
        raise PortTaken(f"Cannot listen on {host}:{port}: {exc.strerror}.") from None


def _serve_one(app: str, host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    sock = _socket(host, port, share=True)
    uvicorn.Server(uvicorn.Config(app, factory=True, **options)).run(sockets=[sock])


def run_workers(app: str, *, host: str, port: int, workers: int,
                options: dict[str, Any]) -> None:
    """Serve ``app`` (an import string of an app factory) from ``workers``
    processes until SIGINT or SIGTERM."""
    _check_port(host, port)
    context = multiprocessing.get_context("spawn")
    stopping = False

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    def start() -> tuple[multiprocessing.process.BaseProcess, float]:
        process = context.Process(target=_serve_one, args=(app, host, port, options),
                                  name="lienket-api")
        process.start()
        return process, time.monotonic()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    running = [start() for _ in range(workers)]
    try:
        while not stopping:
            time.sleep(0.2)
            for i, (process, started) in enumerate(running):
                if process.is_alive() or stopping:
                    continue
                if time.monotonic() - started < STARTUP_SECONDS:
                    raise WorkerCrashLoop(
                        f"An API process stopped {time.monotonic() - started:.0f} s after "
                        f"starting (exit code {process.exitcode}); the messages above say "
                        "why. Fix that and start again.")
                log.warning("API process %s stopped (exit code %s); starting another.",
                            process.pid, process.exitcode)
                running[i] = start()
    finally:
        for process, _ in running:
            process.terminate()  # uvicorn finishes the requests under way
        deadline = time.monotonic() + STOP_SECONDS
        for process, _ in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
