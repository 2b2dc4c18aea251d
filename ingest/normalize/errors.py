"""The one exception every normaliser raises on bad input.

A rejected cell ends up in the reject file, read by a police officer, so the
message is a short sentence naming the value and saying what to write instead.

>>> print(invalid("03/25/2024", "a date", "use YYYY-MM-DD or DD/MM/YYYY (day first)"))
'03/25/2024' is not a date: use YYYY-MM-DD or DD/MM/YYYY (day first)
"""

from __future__ import annotations

__all__ = ["NormalizationError", "invalid"]

# Long cells (a pasted paragraph) would drown the reason; the reject file
# keeps the whole original row anyway.
_MAX_SHOWN = 60


class NormalizationError(ValueError):
    """A cell value that breaks the feed contract.

    Parameters
    ----------
    message : str
        One sentence an officer can act on.
    value : object, optional
        The offending raw value, kept for callers that report it separately.
    """

    def __init__(self, message: str, value: object = None) -> None:
        super().__init__(message)
        self.value = value


def shown(value: object) -> str:
    """The value as quoted in a message: ``'abc'``, cut when very long."""
    text = str(value)
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 1] + "…"
    return f"'{text}'"


def invalid(value: object, what: str, hint: str) -> NormalizationError:
    """Build the usual ``'<value>' is not <what>: <hint>`` error (to raise).

    >>> str(invalid("x", "a phone number", "write it as 0912 345 678"))
    "'x' is not a phone number: write it as 0912 345 678"
    """
    return NormalizationError(f"{shown(value)} is not {what}: {hint}", value)
