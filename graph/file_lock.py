"""Locks between the processes working on one data directory: lock files under it.

An API may run as several processes beside a `lienket ingest` in a terminal;
some work must happen in one of them at a time (loading and resolving, pushing
webhooks). The operating system drops a process's lock when it ends, however
it ends, so a crash never leaves a stale lock behind. With processes on
several hosts, these locks do not reach across hosts.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["INGEST_LOCK", "WEBHOOK_LOCK", "exclusive", "try_exclusive"]

INGEST_LOCK = "ingest.lock"    # loading feeds and resolving the people in them
WEBHOOK_LOCK = "webhook.lock"  # pushing flag changes to the case system


def _open(data_dir: Path, name: str) -> IO[str]:
    data_dir.mkdir(parents=True, exist_ok=True)
    return open(data_dir / name, "a")


@contextmanager
def exclusive(data_dir: Path, name: str,
              on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock ``name`` of ``data_dir`` for the block, waiting for it if taken
    (after telling ``on_wait``, so that a person is not left wondering)."""
    with _open(data_dir, name) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def try_exclusive(data_dir: Path, name: str) -> IO[str] | None:
    """The lock ``name`` if it is free, as an open file to close to release it;
    None when another process (or another open of it here) holds it."""
    handle = _open(data_dir, name)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle
