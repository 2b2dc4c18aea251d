"""The detectors analysis runs, by flag kind.

Each detector is ``detect(store, *, as_of: datetime.date) -> list[FlagCandidate]``
in its own module. The modules are imported when the registry is asked for,
not at import time, so a kind whose module is not installed yet is reported
as unavailable instead of breaking the others; an error *inside* a present
module still surfaces.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from analysis.model import KINDS, FlagCandidate
from graph.errors import LienketError
from graph.store import GraphStore

__all__ = ["Detector", "MODULES", "available", "UnknownKind", "check_kinds"]

Detect = Callable[..., list[FlagCandidate]]

#: kind -> module holding its ``detect`` (and, by convention, ``RULE_VERSION``)
MODULES: dict[str, str] = {
    "nominee_investment": "analysis.nominee",
    "unlicensed_employment": "analysis.unlicensed",
    "illegal_entry_network": "analysis.networks",
}


class UnknownKind(LienketError):
    """A flag kind no detector produces."""


@dataclass(frozen=True)
class Detector:
    kind: str
    detect: Detect
    rule_version: str

    def __call__(self, store: GraphStore, *, as_of: date) -> list[FlagCandidate]:
        return self.detect(store, as_of=as_of)


def check_kinds(kinds: list[str] | None) -> list[str]:
    """The kinds asked for, in declaration order; all of them when none is named."""
    if not kinds:
        return list(KINDS)
    unknown = [k for k in kinds if k not in MODULES]
    if unknown:
        raise UnknownKind(f"'{unknown[0]}' is not a flag kind; use one of {', '.join(KINDS)}.")
    return [k for k in KINDS if k in kinds]


def available(kinds: list[str] | None = None) -> tuple[dict[str, Detector], list[str]]:
    """(the detectors of ``kinds`` that are installed, the kinds that are not)."""
    found: dict[str, Detector] = {}
    missing: list[str] = []
    for kind in check_kinds(kinds):
        name = MODULES[kind]
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise  # the module exists and one of its imports is broken: say so
            missing.append(kind)
            continue
        found[kind] = Detector(kind, module.detect, getattr(module, "RULE_VERSION", ""))
    return found, missing
