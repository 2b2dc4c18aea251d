"""The audit trail: one append-only ``AuditEntry`` per read of a person or
enterprise record and per change made through the API.

Entries are only ever created (no update or delete statement exists here).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

from api.errors import BadRequest
from api.keys import Principal
from graph.store import GraphStore

__all__ = ["record", "list_entries"]

_FIELDS = ("entry_id", "at", "key_id", "role", "method", "path", "action", "subject",
           "purpose", "status")


def record(store: GraphStore, principal: Principal, *, method: str, path: str, action: str,
           subject: str, purpose: str | None = None, status: int = 200) -> str:
    entry = {"entry_id": "a_" + uuid.uuid4().hex[:16],
             "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
             "key_id": principal.key_id, "role": principal.role, "method": method,
             "path": path, "action": action, "subject": subject, "purpose": purpose or "",
             "status": status}
    store.write("CREATE (a:AuditEntry) SET a = $entry", entry=entry)
    return entry["entry_id"]


def _cursor(at: str, entry_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([at, entry_id]).encode()).decode()


def _uncursor(cursor: str) -> tuple[str, str]:
    try:
        at, entry_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return str(at), str(entry_id)
    except (ValueError, TypeError):
        raise BadRequest(f"'{cursor}' is not a cursor this service gave out; "
                         "start again without one.") from None


LIST = """
MATCH (a:AuditEntry)
WHERE ($key_id IS NULL OR a.key_id = $key_id)
  AND ($subject IS NULL OR a.subject = $subject)
  AND ($action IS NULL OR a.action = $action)
  AND ($since IS NULL OR a.at >= $since)
  AND ($until IS NULL OR a.at < $until)
  AND ($after_at IS NULL OR a.at < $after_at OR (a.at = $after_at AND a.entry_id < $after_id))
RETURN properties(a) AS entry
ORDER BY a.at DESC, a.entry_id DESC
LIMIT $limit"""


def list_entries(store: GraphStore, *, key_id: str | None = None, subject: str | None = None,
                 action: str | None = None, since: str | None = None,
                 until: str | None = None, cursor: str | None = None,
                 limit: int = 50) -> tuple[list[dict[str, Any]], str | None]:
    """Newest first; returns the entries and the cursor of the next page."""
    after_at, after_id = _uncursor(cursor) if cursor else (None, None)
    rows = store.read(LIST, key_id=key_id, subject=subject, action=action, since=since,
                      until=until, after_at=after_at, after_id=after_id, limit=limit)
    items = [{k: r["entry"].get(k) for k in _FIELDS} for r in rows]
    nxt = _cursor(items[-1]["at"], items[-1]["entry_id"]) if len(items) == limit else None
    return items, nxt
