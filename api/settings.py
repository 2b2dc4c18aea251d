"""The API's settings, read once in the app's lifespan (never at import)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from graph.config import StoreSettings

__all__ = ["ApiSettings"]


@dataclass(frozen=True)
class ApiSettings:
    store: StoreSettings
    # Largest neighbourhood returned before it is cut with ``truncated: true``.
    max_nodes: int = 300

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "ApiSettings":
        env = os.environ if environ is None else environ
        max_nodes = int(env.get("LIENKET_API_MAX_NODES", "300"))
        if not 1 <= max_nodes <= 5000:
            raise ValueError("LIENKET_API_MAX_NODES must be 1 to 5000.")
        return cls(store=StoreSettings.from_env(env), max_nodes=max_nodes)
