"""The API's settings, read once in the app's lifespan (never at import).

==============================  ===============================================
LIENKET_API_MAX_NODES           largest neighbourhood returned (default 300)
LIENKET_API_MAX_UPLOAD_MB       largest ingest upload, all files (default 200)
LIENKET_FEED_SETTLE_SECONDS     how old a flag change must be before the feed
                                and the webhook hand it out (default 5)
LIENKET_WEBHOOK_URL             POST every flag change here (unset = no push)
LIENKET_WEBHOOK_SECRET          HMAC-SHA256 key of the signature; required
                                with the URL, at least 16 characters
LIENKET_WEBHOOK_ATTEMPTS        tries per change before it is a dead letter (5)
LIENKET_WEBHOOK_BACKOFF         seconds before the first retry, doubled each
                                time up to 5 minutes (default 2)
LIENKET_WEBHOOK_TIMEOUT         seconds one POST may take (default 10)
LIENKET_WEBHOOK_POLL            seconds between looks at the feed (default 2)
==============================  ===============================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from api.flags_api import FEED_SETTLE_SECONDS
from graph.config import StoreSettings

__all__ = ["ApiSettings", "WebhookSettings"]


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    secret: str
    attempts: int = 5
    backoff_seconds: float = 2.0
    timeout_seconds: float = 10.0
    poll_seconds: float = 2.0

    @classmethod
    def from_env(cls, env) -> "WebhookSettings | None":
        url = (env.get("LIENKET_WEBHOOK_URL") or "").strip()
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"LIENKET_WEBHOOK_URL must be an http(s) URL, not '{url}'.")
        secret = env.get("LIENKET_WEBHOOK_SECRET") or ""
        if len(secret) < 16:
            raise ValueError("LIENKET_WEBHOOK_SECRET must be set to at least 16 characters "
                             "when LIENKET_WEBHOOK_URL is; the receiver checks signatures "
                             "with it.")
        return cls(url=url, secret=secret,
                   attempts=_number(env, "LIENKET_WEBHOOK_ATTEMPTS", 5, int, 1, 20),
                   backoff_seconds=_number(env, "LIENKET_WEBHOOK_BACKOFF", 2.0, float, 0, 300),
                   timeout_seconds=_number(env, "LIENKET_WEBHOOK_TIMEOUT", 10.0, float, 0.1,
                                           120),
                   poll_seconds=_number(env, "LIENKET_WEBHOOK_POLL", 2.0, float, 0.05, 3600))


@dataclass(frozen=True)
class ApiSettings:
    store: StoreSettings
    # Largest neighbourhood returned before it is cut with ``truncated: true``.
    max_nodes: int = 300
    max_upload_bytes: int = 200 * 1024 * 1024
    webhook: WebhookSettings | None = None
    # The feed holds a change back this long, so that no transaction still
    # committing an earlier-stamped change is paged past (api/flags_api.py).
    feed_settle_seconds: float = FEED_SETTLE_SECONDS

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "ApiSettings":
        env = os.environ if environ is None else environ
        return cls(store=StoreSettings.from_env(env),
                   max_nodes=_number(env, "LIENKET_API_MAX_NODES", 300, int, 1, 5000),
                   max_upload_bytes=_number(env, "LIENKET_API_MAX_UPLOAD_MB", 200, int, 1,
                                            100_000) * 1024 * 1024,
                   webhook=WebhookSettings.from_env(env),
                   feed_settle_seconds=_number(env, "LIENKET_FEED_SETTLE_SECONDS",
                                               FEED_SETTLE_SECONDS, float, 0, 600))


def _number(env, name: str, default, kind, low, high):
    text = env.get(name)
    try:
        value = kind(text) if text not in (None, "") else default
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low} to {high}, not '{text}'.")
    return value
