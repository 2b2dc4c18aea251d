"""Dependencies, declared once as aliases; permissions attach per route.

Those that do no I/O are ``async``: FastAPI runs a plain ``def`` dependency on
its thread pool, and the four hops of every request (store, settings, key,
role) were a sixth of the API's own time on a flag listing. The key is
checked on the pool only when it is not remembered (:class:`KeyCache`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from api.errors import Forbidden, Unauthorized
from api.keys import PERMISSIONS, KeyCache, Principal
from api.pages_session import COOKIE, LoginRequired, Session, SessionStore
from api.settings import ApiSettings
from graph.store import GraphStore

__all__ = ["StoreDep", "SettingsDep", "PrincipalDep", "require", "SessionDep",
           "require_session"]


async def get_store(request: Request) -> GraphStore:
    return request.app.state.store


async def get_settings(request: Request) -> ApiSettings:
    return request.app.state.settings


def key_cache(request: Request) -> KeyCache:
    return request.app.state.key_cache


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="lienket"'}


async def get_principal(request: Request, store: StoreDep) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send an API key as 'Authorization: Bearer lk_…'; "
                           "an administrator creates one with `lienket keys create`.",
                           headers=_CHALLENGE)
    cache = key_cache(request)
    principal = cache.remembered(token.strip())
    if principal is None:  # a database read: on the pool, off the event loop
        principal = await run_in_threadpool(cache.verify, store, token.strip())
    if principal is None:
        raise Unauthorized("This API key is unknown or revoked; ask an administrator "
                           "for a new one.", headers=_CHALLENGE)
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def _allow(principal: Principal, permission: str) -> None:
    roles = PERMISSIONS[permission]
    if principal.role not in roles:
        raise Forbidden(f"The role {principal.role} may not do this; it needs one of "
                        f"{', '.join(roles)}.")


def require(permission: str):
    """A dependency that lets through only the roles holding ``permission``."""

    async def check(principal: PrincipalDep) -> Principal:
        _allow(principal, permission)
        return principal

    return Depends(check)


def get_session(request: Request, store: StoreDep) -> Session:
    """The workspace session of the ``/viz`` pages: the same principal as the key it was
    opened with, as long as that key is still valid."""
    sessions: SessionStore = request.app.state.sessions
    session = sessions.find(store, request.cookies.get(COOKIE))
    if session is None:
        raise LoginRequired("Log in at /viz/login with your API key.")
    request.state.principal = session.principal
    return session


SessionDep = Annotated[Session, Depends(get_session)]


def require_session(permission: str):
    """:func:`require` for the workspace pages: the session's role must hold ``permission``."""

    async def check(session: SessionDep) -> Session:
        _allow(session.principal, permission)
        return session

    return Depends(check)
