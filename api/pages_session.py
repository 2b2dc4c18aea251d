"""Workspace sessions: a browser cannot send a bearer header when it follows a link,
so the investigator pastes their API key once on the login page and the server
keeps it, handing the browser only a random session id.

The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's
page sends it) and scoped to ``/viz`` (the ``/api/v1`` routes never see it and
stay bearer-only). Every request re-checks the key, so revoking it ends its
sessions. A state-changing form also carries the session's CSRF token. Sessions
live in the server's memory: a restart logs everyone out, which is the safe way
round.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

from api.errors import Unauthorized
from api.keys import Principal

__all__ = ["COOKIE", "Session", "SessionStore", "LoginRequired", "BadCsrf", "IDLE_SECONDS"]

COOKIE = "lienket_session"
IDLE_SECONDS = 8 * 3600  # one working day without a request ends a session


class LoginRequired(Unauthorized):
    """No session, or one that ended: log in again."""


class BadCsrf(Unauthorized):
    """A form that did not come from this session's own page."""


@dataclass
class Session:
    principal: Principal
    key: str                       # the API key itself: never sent back to the browser
    purpose: str
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    seen: float = field(default_factory=time.monotonic)

    def check_csrf(self, token: str | None) -> None:
        if not token or not hmac.compare_digest(token, self.csrf):
            raise BadCsrf("This form is out of date or did not come from lienket; "
                          "reload the page and send it again.")


class SessionStore:
    """Session id -> :class:`Session`, thread-safe, with idle expiry."""

    def __init__(self, idle_seconds: int = IDLE_SECONDS) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self._idle = idle_seconds

    def create(self, principal: Principal, key: str, purpose: str) -> tuple[str, Session]:
        token, session = secrets.token_urlsafe(32), Session(principal, key, purpose)
        with self._lock:
            self._sessions[token] = session
        return token, session

    def find(self, token: str | None) -> Session | None:
        if not token:
            return None
        now = time.monotonic()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if now - session.seen > self._idle:
                del self._sessions[token]
                return None
            session.seen = now
            return session

    def drop(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)
