"""A closed-loop HTTP/1.1 load tool on asyncio streams, light enough to share
two cores with the server it measures.

Each client is one keep-alive connection sending its next request as soon as
the last answer is read. A thread-per-client tool with a full HTTP library
spent up to a quarter of a core on itself at 60 requests/s, which the server
then lacked; here a request costs the tool a few tens of microseconds.
Only what the API sends is parsed: a status line, headers and a
``Content-Length`` body.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

__all__ = ["Outcome", "run_load"]


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered request
    failures: int = 0                                     # answers other than 200
    bodies_seen: list[int] = field(default_factory=list)  # what ``inspect`` returned
    wall_seconds: float = 0.0


def _request_bytes(host: str, path: str, params: dict, headers: dict[str, str]) -> bytes:
    target = path + ("?" + urlencode(params) if params else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    length = 0
    for line in header_lines:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return status, await reader.readexactly(length) if length else b""


async def _client(url: str, requests: Sequence[bytes], next_index: Callable[[], int | None],
                  deadline: float, outcome: Outcome,
                  inspect: Callable[[dict], int | None] | None) -> None:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        while time.monotonic() < deadline and (i := next_index()) is not None:
            started = time.perf_counter()
            writer.write(requests[i % len(requests)])
            status, body = await _read_answer(reader)
            outcome.latencies.append(time.perf_counter() - started)
            if status != 200:
                outcome.failures += 1
            elif inspect is not None and (seen := inspect(json.loads(body))) is not None:
                outcome.bodies_seen.append(seen)
    finally:
        writer.close()


def run_load(url: str, paths: Sequence[tuple[str, dict]], *, clients: int, max_requests: int,
             max_seconds: float, headers: dict[str, str],
             inspect: Callable[[dict], int | None] | None = None) -> Outcome:
    """``clients`` connections sharing ``max_requests`` requests (``paths`` in turn),
    stopped early after ``max_seconds``."""
    host = urlsplit(url).netloc
    encoded = [_request_bytes(host, path, params, headers) for path, params in paths]
    issued = iter(range(max_requests))
    outcome = Outcome()

    async def main() -> None:
        deadline = time.monotonic() + max_seconds
        await asyncio.gather(*(_client(url, encoded, lambda: next(issued, None), deadline,
                                       outcome, inspect) for _ in range(clients)))

    started = time.perf_counter()
    asyncio.run(main())
    outcome.wall_seconds = time.perf_counter() - started
    return outcome
