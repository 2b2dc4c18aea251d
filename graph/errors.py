"""Errors of the graph layer, each a sentence an operator can act on."""

from __future__ import annotations

__all__ = [
    "LienketError",
    "StoreUnavailable",
    "StoreAuthFailed",
    "DataDirLocked",
    "EngineStartFailed",
    "BatchRejected",
]


class LienketError(Exception):
    """Base of every error lienket reports to a person: ``str(e)`` is the message."""


class StoreUnavailable(LienketError):
    """The graph database cannot be reached."""


class StoreAuthFailed(LienketError):
    """The graph database refused the credentials."""


class DataDirLocked(LienketError):
    """Another process owns the embedded engine's data directory."""


class EngineStartFailed(LienketError):
    """The embedded engine did not come up."""


class BatchRejected(LienketError):
    """A write batch broke a constraint; nothing of it was written."""
