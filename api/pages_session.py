"""Workspace sessions: a browser cannot send a bearer header when it follows a link,
so the investigator pastes their API key once on the login page and gets a random
session id in a cookie.

The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's
page sends it) and scoped to ``/viz`` (the ``/api/v1`` routes never see it and
stay bearer-only). Sessions live in the graph as ``WorkspaceSession`` nodes so
that every API process knows them and a restart logs nobody out; the node holds
a hash of the session id, never the id itself nor the API key. Every request
re-reads the key it was opened with, so revoking the key ends its sessions at
once. A state-changing form also carries the session's CSRF token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from api.errors import Unauthorized
from api.keys import Principal
from graph.store import GraphStore

__all__ = ["COOKIE", "Session", "SessionStore", "LoginRequired", "BadCsrf", "IDLE_SECONDS"]

COOKIE = "lienket_session"
IDLE_SECONDS = 8 * 3600  # one working day without a request ends a session
# How stale "last seen" may get before a request writes it again: a page view
# should not cost a write, and an idle limit of hours does not need seconds.
TOUCH_SECONDS = 60


class LoginRequired(Unauthorized):
    """No session, or one that ended: log in again."""


class BadCsrf(Unauthorized):
    """A form that did not come from this session's own page."""


@dataclass(frozen=True)
class Session:
    principal: Principal
    purpose: str
    csrf: str

    def check_csrf(self, token: str | None) -> None:
        if not token or not hmac.compare_digest(token, self.csrf):
            raise BadCsrf("This form is out of date or did not come from lienket; "
                          "reload the page and send it again.")


CREATE = """
CREATE (s:WorkspaceSession)
SET s = $session"""

FIND = """
MATCH (s:WorkspaceSession {token_hash: $token_hash})
OPTIONAL MATCH (k:ApiKey {key_id: s.key_id})
RETURN s.key_id AS key_id, s.purpose AS purpose, s.csrf AS csrf, s.seen_at AS seen_at,
       k.key_id AS key_found, k.role AS role, k.name AS name, k.revoked_at AS revoked_at"""

TOUCH = "MATCH (s:WorkspaceSession {token_hash: $token_hash}) SET s.seen_at = $now"

DROP = "MATCH (s:WorkspaceSession {token_hash: $token_hash}) DETACH DELETE s"

DROP_IDLE = "MATCH (s:WorkspaceSession) WHERE s.seen_at < $cutoff DETACH DELETE s"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    """Session id -> :class:`Session`, in the graph, with idle expiry."""

    def __init__(self, idle_seconds: int = IDLE_SECONDS) -> None:
        self._idle = idle_seconds

    def create(self, store: GraphStore, principal: Principal, purpose: str) -> tuple[str, Session]:
        now = time.time()
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        session = {"token_hash": _digest(token), "key_id": principal.key_id,
                   "purpose": purpose, "csrf": csrf, "seen_at": now,
                   "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}

        def work(tx) -> None:
            tx.run(DROP_IDLE, cutoff=now - self._idle).consume()  # nobody logged out of these
            tx.run(CREATE, session=session).consume()

        store.execute_write(work)
        return token, Session(principal, purpose, csrf)

    def find(self, store: GraphStore, token: str | None) -> Session | None:
        """The live session of ``token``: None when there is none, it sat idle too
        long, or its key has been revoked (then it is removed)."""
        if not token:
            return None
        token_hash = _digest(token)
        rows = store.read(FIND, token_hash=token_hash)
        if not rows:
            return None
        row, now = rows[0], time.time()
        if row["key_found"] is None or row["revoked_at"] is not None \
                or now - row["seen_at"] > self._idle:
            store.write(DROP, token_hash=token_hash)
            return None
        if now - row["seen_at"] > TOUCH_SECONDS:
            store.write(TOUCH, token_hash=token_hash, now=now)
        principal = Principal(row["key_id"], row["role"], row["name"] or None)
        return Session(principal, row["purpose"] or "", row["csrf"])

    def drop(self, store: GraphStore, token: str | None) -> None:
        if token:
            store.write(DROP, token_hash=_digest(token))
