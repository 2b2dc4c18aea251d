"""How signals combine into a score in [0, 1].

A noisy-OR: each signal is an independent chance ``w`` that the flag is right,
so the score is ``1 - Π(1 - w)``. It is monotone (one more signal never
lowers a score), stays in [0, 1], needs no normalising constant, and a single
strong signal (a revoked permit) can carry a flag on its own while weak ones
(a shared phone) only add up. The weights live in each detector's declared
table, with the rule each reflects.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["combine"]


def combine(weights: Iterable[float]) -> float:
    """Noisy-OR of signal weights.

    >>> round(combine([0.5, 0.5]), 3)
    0.75
    >>> combine([])
    0.0
    """
    remaining = 1.0
    for weight in weights:
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"signal weight {weight} is outside [0, 1]")
        remaining *= 1.0 - weight
    return 1.0 - remaining
