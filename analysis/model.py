"""What a detector hands to the flags store: a flag candidate and its signals.

Every detector returns :class:`FlagCandidate` objects. Their shape follows
``contract/OUTPUTS.md`` (kind, subject, score, reasons, persons, enterprises,
evidence), plus what police review needs to trust a flag: each signal with its
weight, the legal rule it reflects and the source rows behind it, the rule
version of the detector, and the keys of the nodes in the evidence subgraph.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from analysis.scoring import combine

__all__ = ["Signal", "FlagPerson", "FlagCandidate", "KINDS", "stable_id"]

KINDS = ("nominee_investment", "unlicensed_employment", "illegal_entry_network")


def stable_id(prefix: str, *parts: str) -> str:
    """An id that depends only on ``parts``: the same data gives the same id."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).hexdigest()
    return f"{prefix}_{digest}"


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: why it counts, how much, and where it comes from."""

    code: str                      # e.g. "SPOUSE_OF_CONTROLLER", "NO_PERMIT"
    weight: float                  # in (0, 1): from the detector's weight table
    text: str                      # a sentence for the reviewer
    rule: str                      # the legal basis, e.g. "Decree 219/2025 art. 3"
    records: tuple[str, ...] = ()  # source refs "<feed>:<key>"


@dataclass(frozen=True)
class FlagPerson:
    person_id: str
    role: str                      # controller, nominee, worker, facilitator, traveller
    passport_nos: tuple[str, ...] = ()
    id_nos: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    facilitator_role: str | None = None  # ORGANISER, GUIDE, DRIVER, HOST

    def to_json(self) -> dict:
        out = {"person_id": self.person_id, "role": self.role,
               "passport_nos": list(self.passport_nos), "id_nos": list(self.id_nos),
               "records": list(self.records)}
        if self.facilitator_role:
            out["facilitator_role"] = self.facilitator_role
        return out


@dataclass
class FlagCandidate:
    kind: str
    subject: dict[str, str]
    signals: list[Signal]
    persons: list[FlagPerson] = field(default_factory=list)
    enterprises: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # Keys of the nodes in the evidence subgraph, "<Label>:<key>".
    evidence_nodes: list[str] = field(default_factory=list)
    rule_version: str = ""

    @property
    def score(self) -> float:
        return combine(s.weight for s in self.signals)

    @property
    def flag_id(self) -> str:
        return stable_id("f", self.kind, json.dumps(self.subject, sort_keys=True))

    @property
    def records(self) -> list[str]:
        return sorted({r for s in self.signals for r in s.records})

    def evidence(self) -> list[dict]:
        return [{"text": s.text, "records": list(s.records), "signal": s.code,
                 "weight": s.weight, "rule": s.rule} for s in self.signals]

    def to_json(self) -> dict:
        """The OUTPUTS.md shape, less the store's fields (status, created_at)."""
        return {"flag_id": self.flag_id, "kind": self.kind, "score": round(self.score, 4),
                "subject": self.subject, "reasons": self.reasons,
                "persons": [p.to_json() for p in self.persons],
                "enterprises": self.enterprises, "evidence": self.evidence(),
                "rule_version": self.rule_version}
