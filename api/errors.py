"""Every error the API returns is ``application/problem+json`` (RFC 9457).

One exception class maps to one status, and its message is the ``detail``: a
sentence the caller can act on. Domain errors from the library keep their own
sentences; only the status is decided here.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from analysis.flags_store import BadFlagQuery, FlagNotFound, IllegalTransition, ReviewIncomplete
from analysis.risk_queries import BadQuery
from api.keys import BadRole, KeyNotFound
from api.webhooks import LetterNotFound, ReceiverFailed, WebhookNotConfigured
from graph.errors import StoreAuthFailed, StoreUnavailable
from ingest.pipeline import NoFiles
from ingest.readers import UnreadableFile
from ingest.recognise import UnknownFeed
from ingest.resolve.service import BadSplit, PersonNotFound

__all__ = ["ApiError", "Unauthorized", "Forbidden", "NotFound", "BadRequest", "Conflict",
           "install_error_handlers", "PROBLEM"]

PROBLEM = "application/problem+json"
log = logging.getLogger("lienket.api")


class ApiError(Exception):
    status = 500
    title = "Internal error"
    slug = "internal"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers


class Unauthorized(ApiError):
    status, title, slug = 401, "Not authenticated", "unauthenticated"


class Forbidden(ApiError):
    status, title, slug = 403, "Not allowed for this role", "forbidden"


class NotFound(ApiError):
    status, title, slug = 404, "Not found", "not-found"


class BadRequest(ApiError):
    status, title, slug = 400, "Bad request", "bad-request"


class Conflict(ApiError):
    status, title, slug = 409, "Conflict", "conflict"


class AuditUnavailable(ApiError):
    status, title, slug = 503, "Audit trail unavailable", "audit-unavailable"


# Library exceptions: (status, title, slug).
_DOMAIN: dict[type[Exception], tuple[int, str, str]] = {
    StoreUnavailable: (503, "Graph database unavailable", "store-unavailable"),
    StoreAuthFailed: (503, "Graph database refused the service", "store-auth"),
    FlagNotFound: (404, "Flag not found", "flag-not-found"),
    PersonNotFound: (404, "Person not found", "person-not-found"),
    BadSplit: (400, "Split not possible", "bad-split"),
    IllegalTransition: (409, "Transition not allowed", "illegal-transition"),
    ReviewIncomplete: (400, "Review incomplete", "review-incomplete"),
    BadFlagQuery: (400, "Bad flag query", "bad-flag-query"),
    BadQuery: (400, "Bad query", "bad-query"),
    KeyNotFound: (404, "API key not found", "key-not-found"),
    BadRole: (400, "Unknown role", "bad-role"),
    UnknownFeed: (400, "Not a known feed", "unknown-feed"),
    UnreadableFile: (400, "Unreadable file", "unreadable-file"),
    NoFiles: (400, "No feed files", "no-files"),
    LetterNotFound: (404, "Dead letter not found", "dead-letter-not-found"),
    WebhookNotConfigured: (409, "No webhook configured", "webhook-not-configured"),
    ReceiverFailed: (502, "Webhook receiver failed", "webhook-receiver-failed"),
}


def problem(status: int, title: str, slug: str, detail: str, instance: str,
            headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": f"https://lienket.local/problems/{slug}", "title": title,
            "status": status, "detail": detail, "instance": instance}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.slug, exc.detail, request.url.path,
                       exc.headers)

    for cls, (status, title, slug) in _DOMAIN.items():
        def make(status: int = status, title: str = title, slug: str = slug):
            async def handler(request: Request, exc: Exception) -> JSONResponse:
                return problem(status, title, slug, str(exc), request.url.path)
            return handler
        app.add_exception_handler(cls, make())

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body",))
            parts.append(f"{where}: {err.get('msg')}")
        detail = "The request is not valid: " + "; ".join(parts) + "."
        return problem(422, "Invalid request", "invalid-request", detail, request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"There is no endpoint at {request.url.path}; see /docs for the list."
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}; see /docs."
        return problem(exc.status_code, "HTTP error", "http", detail, request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "Internal error", "internal",
                       "The service failed unexpectedly; the error is logged. "
                       "Retry, and report it if it happens again.", request.url.path)
