"""The numbers that decide a merge, in one place, with where each came from.

Every score in entity resolution is evidence in *bits*: the base-2 log of a
likelihood ratio (how much more likely the observed agreement is between two
records of one person than between records of two people), summed over the
fields (Fellegi–Sunter; the per-field weights are in
:data:`ingest.resolve.features.WEIGHTS`). A candidate pair is merged when its
total reaches ``match_bits``, unless the merge is impossible
(:func:`ingest.resolve.cluster.conflict`).

``match_bits = 18`` was chosen on generated data (``lienket generate``,
seed 7; ``python -m ingest.resolve.evaluate DIR --match-bits 17 18 19``):

=========  ==============================  ================================
bits       province (934,718 mentions,     small (38,410 mentions,
           137,530 people): wrongly         5,837 people): wrongly merged /
           merged / split people            split people
=========  ==============================  ================================
17         68 / 13                          0 / 1
18         44 / 30                          0 / 1
19         42 / 44                          0 / 1
=========  ==============================  ================================

Below 18 wrong merges grow fast, above it they stop falling while splits
keep growing; a wrong merge costs more than a split (it can put an innocent
person into a network), so the knee is taken. Pairwise precision and recall
at 18 on the province: 0.99994 and 0.99999. What 18 bits means: a name,
however rare (13 bits at most), with nationality and sex stays below it; a
name with an agreeing birth date (about 13 bits more), or with a personal
phone (up to 8) and a shared address or associate, passes.

Every field can be overridden from the environment (``LIENKET_RESOLVE_`` +
the field name in capitals, e.g. ``LIENKET_RESOLVE_MATCH_BITS=19``) or, for
``match_bits``, on the command line (``lienket resolve --all --match-bits 19``).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

from graph.errors import LienketError

__all__ = ["Thresholds", "BadThreshold"]

_PREFIX = "LIENKET_RESOLVE_"


class BadThreshold(LienketError):
    """A threshold setting that is not a usable number."""


@dataclass(frozen=True)
class Thresholds:
    """Settings of one resolution run.

    Attributes
    ----------
    match_bits : float
        Merge a candidate pair whose evidence reaches this many bits.
    block_cap : int
        Largest block compared all against all. A bigger block (a common
        name) is split by nationality and birth year, and a part still bigger
        is compared by sorted neighbourhood, so cost stays near-linear.
    window : int
        Sorted-neighbourhood window inside an oversized block part.
    min_population : int
        Frequencies (how common a name or a nationality is) are taken over
        at least this many people, and name parts are smoothed towards their
        prior with this weight, so that a small data set does not make every
        name look rare or common.
    name_max_bits : float
        Cap on the evidence of an agreeing name, however rare it is: two
        records with one name and nothing else in common stay apart.
    """

    match_bits: float = 18.0
    block_cap: int = 64
    window: int = 8
    min_population: int = 1_000
    name_max_bits: float = 13.0

    def __post_init__(self) -> None:
        if self.match_bits <= 0:
            raise BadThreshold(f"match_bits must be positive, got {self.match_bits}.")
        if self.block_cap < 2 or self.window < 1 or self.min_population < 1:
            raise BadThreshold("block_cap must be at least 2, and window and "
                               "min_population at least 1.")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> "Thresholds":
        """Defaults, then ``LIENKET_RESOLVE_*`` variables, then ``overrides`` (None = unset)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in dataclasses.fields(cls):
            raw = env.get(_PREFIX + field.name.upper())
            if raw is not None and raw.strip():
                kind = int if field.type in ("int", int) else float
                try:
                    values[field.name] = kind(raw)
                except ValueError:
                    raise BadThreshold(f"{_PREFIX}{field.name.upper()}={raw!r} is not "
                                       f"a number; use e.g. {field.default}.") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
