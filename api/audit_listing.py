"""The audit trail read back for an administrator, newest first.

The engine sorts every entry a statement matches before it cuts a page: about
4.4 µs an entry, 3-4 s a page at 909k entries, and the trail only grows. So
the whole trail, or its entries of one action, is read in slices of time,
newest first, each four times as long as the one before, from a minute to
half a year, then the rest. The bounds on ``at`` use its index, and a page
usually comes whole from the first slices.

A key or a subject matches few entries. Read through the index, slice by
slice, they cost about 1 µs an entry, since each entry is fetched to test it,
against 0.15 µs for a scan of all entries, whose few matches are then sorted
(0.95 s against 0.13 s at 909k). So these are read in one scan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.errors import BadRequest
from graph.cursors import decode_cursor, encode_cursor
from graph.store import GraphStore

__all__ = ["list_entries"]

FIELDS = ("entry_id", "at", "key_id", "role", "method", "path", "action", "subject",
          "purpose", "status")
SLICE_MINUTES = tuple(4 ** i for i in range(10))  # 1 minute to 182 days
_AFTER_ALL = "~"  # sorts after every time

# ``high`` is inclusive; with ``after_id`` an entry at ``high`` itself must
# have a smaller id (the cursor's tie-break; "" excludes them all).
LIST = """
MATCH (a:AuditEntry)
WHERE a.at >= $low AND a.at <= $high
  AND ($after_id IS NULL OR a.at < $high OR a.entry_id < $after_id)
  AND ($key_id IS NULL OR a.key_id = $key_id)
  AND ($subject IS NULL OR a.subject = $subject)
  AND ($action IS NULL OR a.action = $action)
WITH a ORDER BY a.at DESC, a.entry_id DESC LIMIT $limit
RETURN properties(a) AS entry"""


# The same, with bounds the engine does not answer from the index: a scan.
SCAN = """
MATCH (a:AuditEntry)
WHERE ($key_id IS NULL OR a.key_id = $key_id)
  AND ($subject IS NULL OR a.subject = $subject)
  AND ($action IS NULL OR a.action = $action)
  AND ($low IS NULL OR a.at >= $low) AND ($high IS NULL OR a.at <= $high)
  AND ($after_id IS NULL OR a.at < $high OR a.entry_id < $after_id)
WITH a ORDER BY a.at DESC, a.entry_id DESC LIMIT $limit
RETURN properties(a) AS entry"""


def _uncursor(cursor: str) -> tuple[str, str]:
    if (values := decode_cursor(cursor, 2)) is None:
        raise BadRequest(f"'{cursor}' is not a cursor this service gave out; "
                         "start again without one.")
    return str(values[0]), str(values[1])


def _before(at: str, minutes: int) -> str | None:
    """``at`` moved back by ``minutes``, written as entries write their time;
    None when ``at`` is not a time."""
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    earlier = moment.astimezone(dt.timezone.utc) - dt.timedelta(minutes=minutes)
    return earlier.isoformat(timespec="microseconds")


def list_entries(store: GraphStore, *, key_id: str | None = None, subject: str | None = None,
                 action: str | None = None, since: str | None = None,
                 until: str | None = None, cursor: str | None = None,
                 limit: int = 50) -> tuple[list[dict[str, Any]], str | None]:
    """Newest first; returns the entries and the cursor of the next page."""
    if cursor:
        high, after_id = _uncursor(cursor)
        start = high
    elif until:
        high, after_id, start = until, "", until
    else:  # entries stamped a moment ahead by another process's clock count too
        high, after_id = _AFTER_ALL, None
        start = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
    floor = since or ""
    filters = dict(key_id=key_id, subject=subject, action=action)
    if key_id is not None or subject is not None:
        rows = store.read(SCAN, low=since, high=None if high == _AFTER_ALL else high,
                          after_id=after_id, limit=limit, **filters)
        return _page([r["entry"] for r in rows], limit)
    items: list[dict[str, Any]] = []
    for minutes in (*SLICE_MINUTES, None):
        low = _before(start, minutes) if minutes is not None else None
        last = low is None or low <= floor
        rows = store.read(LIST, low=floor if last else low, high=high, after_id=after_id,
                          limit=limit - len(items), **filters)
        items += [r["entry"] for r in rows]
        if len(items) == limit or last:
            break
        high, after_id = low, ""  # the next, older slice ends where this one began
    return _page(items, limit)


def _page(entries: list[dict[str, Any]], limit: int
          ) -> tuple[list[dict[str, Any]], str | None]:
    items = [{k: e.get(k) for k in FIELDS} for e in entries]
    nxt = encode_cursor([items[-1]["at"], items[-1]["entry_id"]]) if len(items) == limit else None
    return items, nxt
