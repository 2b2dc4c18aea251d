"""Page cursors: the place after the last item of a page, as the few values
its listing orders by, handed out opaque (URL-safe base64 of their JSON)."""

from __future__ import annotations

import base64
import json
from typing import Any

__all__ = ["encode_cursor", "decode_cursor"]


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def decode_cursor(cursor: str, count: int) -> list[Any] | None:
    """The ``count`` values of a cursor :func:`encode_cursor` gave out; None for
    anything else, which each listing refuses in its own words."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError):
        return None
    return values if isinstance(values, list) and len(values) == count else None
