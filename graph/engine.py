"""Finding, starting and stopping the embedded engine shared by every command.

The lifecycle, in short (docs/engine.md has the long form):

* One engine process per data directory (:mod:`graph.engine_process`), started
  on demand by the first command that needs it and reused by every later
  command, the API server and the tests, over Bolt on 127.0.0.1. A command
  therefore pays the JVM start once, not every time.
* Two commands starting at once serialise on ``engine.start.lock``; the second
  finds the engine the first started.
* The engine holds ``engine.lock`` with ``flock`` while it lives. The kernel
  drops that lock when the process dies (even on ``kill -9``), so a crash
  leaves no stale lock: the next command sees the lock free, ignores the old
  ``engine.json`` and starts a fresh engine, which recovers from its own log.
* If the lock is held but no engine answers, some other process owns the
  directory, and we say so instead of touching it.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from graph.engine_files import EngineFiles
from graph.errors import DataDirLocked, EngineStartFailed

__all__ = ["EngineEndpoint", "ensure_engine", "find_engine", "stop_engine", "LeaseKeeper"]

START_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class EngineEndpoint:
    pid: int
    bolt_port: int
    http_port: int
    password: str
    user: str = "root"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"


def _lock_is_held(path: Path) -> bool:
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _lock_holder_pid(files: EngineFiles) -> str:
    try:
        return files.lock.read_text().strip() or "unknown"
    except OSError:
        return "unknown"


def find_engine(data_dir: Path) -> EngineEndpoint | None:
    """The engine serving ``data_dir``, or None when none is running."""
    files = EngineFiles(data_dir)
    try:
        state = json.loads(files.state.read_text())
    except (FileNotFoundError, ValueError):
        return None
    if not _lock_is_held(files.lock) or not _port_answers(state["bolt_port"]):
        return None
    files.touch_lease()
    return EngineEndpoint(
        pid=state["pid"],
        bolt_port=state["bolt_port"],
        http_port=state["http_port"],
        password=files.secret.read_text().strip(),
    )


class LeaseKeeper:
    """Renews the engine's lease while a client is open.

    The engine stops when its lease has not been touched for its idle time. A
    client touches it when it connects, but an ingest of a province or an API
    server with no visitors for an hour stays connected far longer: without
    renewal the engine would take it for gone and stop under it.
    """

    def __init__(self, data_dir: Path, idle_seconds: int) -> None:
        self._files = EngineFiles(data_dir)
        # Well inside the idle time, and never a busy loop.
        self._every = max(1.0, min(60.0, idle_seconds / 4)) if idle_seconds else 60.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="engine-lease", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._files.touch_lease()
            except OSError:  # the data directory went away: nothing to keep
                return

    def stop(self) -> None:
        self._stop.set()


def ensure_engine(data_dir: Path, *, heap: str = "1g", idle_seconds: int = 1800) -> EngineEndpoint:
    """Return the running engine for ``data_dir``, starting one if needed."""
    running = find_engine(data_dir)
    if running:
        return running
    files = EngineFiles(data_dir)
    files.ensure_dir()
    start_fd = os.open(files.start_lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _wait_for_lock(start_fd, files)
        running = find_engine(data_dir)
        if running:
            return running
        if _lock_is_held(files.lock):
            raise DataDirLocked(
                f"The data directory {data_dir} is locked by another process "
                f"(pid {_lock_holder_pid(files)}) that is not a lienket engine answering "
                "on loopback; stop that process or set LIENKET_DATA_DIR to another directory."
            )
        return _spawn(files, heap, idle_seconds)
    finally:
        os.close(start_fd)


def _wait_for_lock(fd: int, files: EngineFiles) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise EngineStartFailed(
                    f"Another command has been starting the engine in {files.data_dir} "
                    f"for over {START_TIMEOUT_SECONDS:.0f} s; see {files.log}."
                ) from None
            time.sleep(0.1)


def _spawn(files: EngineFiles, heap: str, idle_seconds: int) -> EngineEndpoint:
    with open(files.log, "ab") as log:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "graph.engine_process",
                "--data-dir", str(files.data_dir),
                "--heap", heap,
                "--idle-seconds", str(idle_seconds),
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives this command, ignores its ^C
            # ArcadeDB writes log/ and config/ into its working directory.
            cwd=str(files.data_dir),
        )
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            raise _start_error(files, code)
        running = find_engine(files.data_dir)
        if running and running.pid == proc.pid:
            return running
        time.sleep(0.05)
    proc.terminate()
    raise EngineStartFailed(
        f"The embedded engine did not start within {START_TIMEOUT_SECONDS:.0f} s; see {files.log}."
    )


def _start_error(files: EngineFiles, code: int) -> Exception:
    tail = _log_tail(files.log)
    if code == 3 or "LockException" in tail or "locked" in tail.lower():
        return DataDirLocked(
            f"The data directory {files.data_dir} is locked by another process; "
            "stop it or set LIENKET_DATA_DIR to another directory."
        )
    last = tail.strip().splitlines()[-1] if tail.strip() else "no output"
    return EngineStartFailed(
        f"The embedded engine stopped while starting ({last[:200]}); see {files.log}."
    )


def _log_tail(path: Path, size: int = 4000) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - size))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def stop_engine(data_dir: Path, timeout: float = 30.0) -> bool:
    """Stop the engine serving ``data_dir``; False when none was running."""
    files = EngineFiles(data_dir)
    running = find_engine(data_dir)
    if running is None:
        return False
    os.kill(running.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _lock_is_held(files.lock):
            return True
        time.sleep(0.1)
    os.kill(running.pid, signal.SIGKILL)
    # The kernel drops the lock when the process is gone: wait for that, so a
    # caller that starts the engine again right away does not find it held.
    deadline = time.monotonic() + 10.0
    while _lock_is_held(files.lock) and time.monotonic() < deadline:
        time.sleep(0.05)
    return True
