"""API keys: ``lk_<key_id>_<secret>``; only sha256(secret) is stored.

Roles and what each may do live here too, so the CLI, the dependencies and
the docs read one table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from graph.errors import LienketError
from graph.store import GraphStore

__all__ = ["ROLES", "PERMISSIONS", "Principal", "create_key", "revoke_key", "list_keys",
           "verify_key", "KeyCache", "KeyNotFound", "BadRole", "allowed"]

ROLES = ("investigator", "analyst", "reviewer", "case_system", "admin")

# permission -> roles that have it (admin has all).
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "explore": ("investigator", "analyst", "reviewer", "admin"),
    "queries": ("analyst", "reviewer", "admin"),
    "flags_read": ("reviewer", "case_system", "admin"),
    "flags_transition": ("reviewer", "case_system", "admin"),
    "flags_case": ("case_system", "admin"),
    "resolution_review": ("reviewer", "admin"),
    "feed": ("case_system", "admin"),
    "admin": ("admin",),
}


class KeyNotFound(LienketError):
    """No key has the id given."""


class BadRole(LienketError):
    """A role that does not exist."""


@dataclass(frozen=True)
class Principal:
    key_id: str
    role: str
    name: str | None = None


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def create_key(store: GraphStore, *, role: str, name: str | None = None) -> tuple[str, str]:
    """A new key for ``role``: returns (key_id, the full key, shown only now)."""
    if role not in ROLES:
        raise BadRole(f"'{role}' is not a role; use one of {', '.join(ROLES)}.")
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32).replace("_", "-")
    store.write("CREATE (k:ApiKey) SET k = $props",
                props={"key_id": key_id, "hash": _hash(secret), "role": role,
                       "name": name or "", "created_at": _now()})
    return key_id, f"lk_{key_id}_{secret}"


def revoke_key(store: GraphStore, key_id: str) -> None:
    rows = store.read("MATCH (k:ApiKey {key_id: $key_id}) RETURN k.revoked_at AS revoked_at",
                      key_id=key_id)
    if not rows:
        raise KeyNotFound(f"No API key has the id {key_id}; `lienket keys list` shows them.")
    if rows[0]["revoked_at"] is None:
        store.write("MATCH (k:ApiKey {key_id: $key_id}) SET k.revoked_at = $at",
                    key_id=key_id, at=_now())


def list_keys(store: GraphStore) -> list[dict[str, Any]]:
    return store.read(
        "MATCH (k:ApiKey) RETURN k.key_id AS key_id, k.role AS role, k.name AS name, "
        "k.created_at AS created_at, k.revoked_at AS revoked_at ORDER BY k.created_at, k.key_id")


def verify_key(store: GraphStore, token: str) -> Principal | None:
    """The principal for a presented key, or None when unknown, malformed or revoked."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "lk" or not parts[1] or not parts[2]:
        return None
    rows = store.read("MATCH (k:ApiKey {key_id: $key_id}) RETURN k.hash AS hash, k.role AS role, "
                      "k.name AS name, k.revoked_at AS revoked_at", key_id=parts[1])
    if not rows or rows[0]["revoked_at"] is not None:
        return None
    if not hmac.compare_digest(rows[0]["hash"], _hash(parts[2])):
        return None
    return Principal(parts[1], rows[0]["role"], rows[0]["name"] or None)


KEY_CACHE_SECONDS = 2.0  # how long another process may still accept a key just revoked


class KeyCache:
    """:func:`verify_key` remembering its recent yeses for a few seconds.

    Checking the key was one database round trip in every request. A key revoked
    through this process is forgotten at once; one revoked elsewhere (the CLI,
    another API process) stops working within ``seconds``. Refusals are never
    remembered, so a new key works at once. Entries are keyed by a digest of the
    whole key, never the key itself.
    """

    MAX_ENTRIES = 10_000

    def __init__(self, seconds: float = KEY_CACHE_SECONDS) -> None:
        self._seconds = seconds
        self._known: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def remembered(self, token: str) -> Principal | None:
        """The principal of a key checked less than ``seconds`` ago, else None (no I/O)."""
        with self._lock:
            hit = self._known.get(_hash(token))
        return hit[0] if hit is not None and hit[1] > time.monotonic() else None

    def verify(self, store: GraphStore, token: str) -> Principal | None:
        if (principal := self.remembered(token)) is not None:
            return principal
        digest, now = _hash(token), time.monotonic()
        principal = verify_key(store, token)
        with self._lock:
            if principal is None:
                self._known.pop(digest, None)
            else:
                if len(self._known) >= self.MAX_ENTRIES:
                    self._known.clear()
                self._known[digest] = (principal, now + self._seconds)
        return principal

    def forget(self, key_id: str) -> None:
        with self._lock:
            self._known = {d: hit for d, hit in self._known.items() if hit[0].key_id != key_id}
