"""The files an embedded engine keeps in its data directory, in one place."""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EngineFiles", "read_or_create_secret"]


@dataclass(frozen=True)
class EngineFiles:
    data_dir: Path

    @property
    def databases(self) -> Path:
        return self.data_dir / "arcadedb"

    @property
    def lock(self) -> Path:
        """Held (flock) by the engine process for its whole life."""
        return self.data_dir / "engine.lock"

    @property
    def start_lock(self) -> Path:
        """Held by a client while it starts an engine, so only one starts."""
        return self.data_dir / "engine.start.lock"

    @property
    def state(self) -> Path:
        """pid and ports of the running engine; absent when none runs."""
        return self.data_dir / "engine.json"

    @property
    def secret(self) -> Path:
        return self.data_dir / "engine.secret"

    @property
    def lease(self) -> Path:
        """Touched by every client; the engine stops when it goes stale."""
        return self.data_dir / "engine.lease"

    @property
    def log(self) -> Path:
        return self.data_dir / "engine.log"

    def ensure_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Personal data: the directory is the operator's alone.
        os.chmod(self.data_dir, 0o700)

    def touch_lease(self) -> None:
        self.lease.touch()

    def lease_age_reference(self) -> float:
        try:
            return self.lease.stat().st_mtime
        except FileNotFoundError:
            return time.time()


def read_or_create_secret(path: Path) -> str:
    """The engine's root password, generated once and readable by its owner only."""
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password)
    return password
