"""Webhook push of flag changes: signing, one delivery with retries, dead letters.

Each change on the flag feed (``api.flags_api.feed``) is POSTed as the feed's
item (JSON, UTF-8) with three headers:

* ``X-Lienket-Signature: t=<unix seconds>,v1=<hex>`` where ``hex`` is
  HMAC-SHA256 with the shared secret over ``"<t>." + raw body``. Signing the
  time too lets a receiver refuse an old message replayed later.
* ``X-Lienket-Delivery``: the same for every try of one change (flag id and
  its ``updated_at``), so a receiver that stores it can act exactly once.
* ``X-Lienket-Attempt``: 1 for the first try.

A change is retried with exponential backoff; after the last try it becomes a
``DeadLetter`` node, which an admin lists and redelivers over the API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from api.models import FlagRead
from api.settings import WebhookSettings
from graph.errors import LienketError
from graph.store import GraphStore

__all__ = ["sign", "verify", "delivery_id", "encode", "post_once", "deliver", "Outcome",
           "dead_letter_row", "list_dead_letters", "redeliver", "LetterNotFound",
           "WebhookNotConfigured", "ReceiverFailed", "MAX_BACKOFF_SECONDS"]

MAX_BACKOFF_SECONDS = 300.0
SIGNATURE_HEADER = "X-Lienket-Signature"
REPLAY_WINDOW_SECONDS = 300


class LetterNotFound(LienketError):
    """No dead letter has the id given."""


class WebhookNotConfigured(LienketError):
    """A redelivery asked of a service with no webhook URL."""


class ReceiverFailed(LienketError):
    """The receiver did not accept a redelivery."""


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, now: float | None = None,
           window: int = REPLAY_WINDOW_SECONDS) -> bool:
    """What a receiver does: the signature matches and is recent."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (ValueError, KeyError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > window:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))


def delivery_id(item: dict[str, Any]) -> str:
    """One id per change: every change moves ``updated_at`` (the version moves
    only when analysis changes the content)."""
    digest = hashlib.sha256(f"{item['flag_id']}|{item['updated_at']}".encode()).hexdigest()
    return f"d_{digest[:24]}"


def encode(item: dict[str, Any]) -> bytes:
    """The body: the item exactly as ``GET /api/v1/feed/flags`` shows it."""
    shaped = FlagRead.model_validate(item).model_dump(mode="json")
    return json.dumps(shaped, ensure_ascii=False, sort_keys=True).encode()


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    attempts: int
    error: str | None = None


def post_once(settings: WebhookSettings, body: bytes, delivery: str, attempt: int) -> str | None:
    """POST once; None when the receiver answered 2xx, else what went wrong."""
    request = urllib.request.Request(settings.url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "lienket-webhook/1",
        SIGNATURE_HEADER: sign(settings.secret, body, int(time.time())),
        "X-Lienket-Delivery": delivery,
        "X-Lienket-Attempt": str(attempt),
    })
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout_seconds) as response:
            response.read(65536)
            return None
    except urllib.error.HTTPError as exc:
        return f"the receiver answered HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"the receiver could not be reached ({reason})"


def backoff(settings: WebhookSettings, attempt: int) -> float:
    """Seconds to wait after failed try number ``attempt`` (1-based)."""
    return min(settings.backoff_seconds * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS)


def deliver(settings: WebhookSettings, item: dict[str, Any], *,
            stop: threading.Event) -> Outcome:
    """Try up to ``settings.attempts`` times; ``stop`` cuts a backoff short
    (the change is then not delivered and will be tried again on restart)."""
    body, delivery = encode(item), delivery_id(item)
    error = None
    for attempt in range(1, settings.attempts + 1):
        error = post_once(settings, body, delivery, attempt)
        if error is None:
            return Outcome(True, attempt)
        if attempt < settings.attempts and stop.wait(backoff(settings, attempt)):
            return Outcome(False, attempt, "stopped")
    return Outcome(False, settings.attempts, error)


# ------------------------------------------------------------ dead letters
def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def dead_letter_row(target: str, item: dict[str, Any], outcome: Outcome) -> dict[str, Any]:
    return {"letter_id": "dl_" + uuid.uuid4().hex[:16], "target": target,
            "flag_id": item["flag_id"], "updated_at": item["updated_at"],
            "delivery_id": delivery_id(item), "body": encode(item).decode(),
            "attempts": outcome.attempts, "last_error": outcome.error or "",
            "failed_at": _now()}


LIST_LETTERS = """
MATCH (d:DeadLetter)
WHERE $include_redelivered OR d.redelivered_at IS NULL
RETURN d.letter_id AS letter_id, d.target AS target, d.flag_id AS flag_id,
       d.updated_at AS updated_at, d.delivery_id AS delivery_id, d.attempts AS attempts,
       d.last_error AS last_error, d.failed_at AS failed_at,
       d.redelivered_at AS redelivered_at
ORDER BY d.failed_at DESC, d.letter_id
LIMIT $limit"""

LETTER = """
MATCH (d:DeadLetter {letter_id: $letter_id})
RETURN d.body AS body, d.delivery_id AS delivery_id, d.attempts AS attempts"""

MARK_REDELIVERED = """
MATCH (d:DeadLetter {letter_id: $letter_id})
SET d.redelivered_at = $at, d.attempts = d.attempts + 1, d.last_error = ''"""

MARK_FAILED_AGAIN = """
MATCH (d:DeadLetter {letter_id: $letter_id})
SET d.attempts = d.attempts + 1, d.last_error = $error, d.failed_at = $at"""


def list_dead_letters(store: GraphStore, *, include_redelivered: bool = False,
                      limit: int = 100) -> list[dict[str, Any]]:
    return store.read(LIST_LETTERS, include_redelivered=include_redelivered, limit=limit)


def redeliver(store: GraphStore, settings: WebhookSettings | None,
              letter_id: str) -> dict[str, Any]:
    """One more try of a dead letter, now; the letter records the result."""
    if settings is None:
        raise WebhookNotConfigured("No webhook is configured; set LIENKET_WEBHOOK_URL and "
                                   "LIENKET_WEBHOOK_SECRET and restart the API.")
    rows = store.read(LETTER, letter_id=letter_id)
    if not rows:
        raise LetterNotFound(f"No dead letter has the id {letter_id}; "
                             "GET /api/v1/webhooks/dead-letters lists them.")
    error = post_once(settings, rows[0]["body"].encode(), rows[0]["delivery_id"],
                      rows[0]["attempts"] + 1)
    if error is None:
        store.write(MARK_REDELIVERED, letter_id=letter_id, at=_now())
        return {"letter_id": letter_id, "delivered": True}
    store.write(MARK_FAILED_AGAIN, letter_id=letter_id, error=error, at=_now())
    raise ReceiverFailed(f"Redelivery of {letter_id} to {settings.url} failed: {error}. "
                         "The dead letter is kept; try again later.")
