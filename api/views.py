"""The /api/v1 routes: look up, check, hand off to a service, record in the audit."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import unquote

from fastapi import APIRouter, Header, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from analysis import flags_store
from analysis.flag_explain import explain_flag
from analysis.risk_queries import list_queries, run_query
from api import audit_listing, explore, flags_api, keys, models, upload, webhooks
from api.deps import SettingsDep, StoreDep, key_cache, require
from api.errors import BadRequest
from api.respond import model_response
from ingest.resolve.service import split_person

_PROBLEM = {"model": models.Problem, "content": {"application/problem+json": {}}}
router = APIRouter(prefix="/api/v1", responses={
    code: {**_PROBLEM, "description": text} for code, text in (
        (400, "Bad request (filter, cursor, purpose, reason)"),
        (401, "No key, or an unknown or revoked key"),
        (403, "The key's role may not use this route"),
        (404, "Not found"), (409, "Not allowed by the review workflow"),
        (503, "The graph database cannot be reached"))})

Explore = require("explore")
Queries = require("queries")
FlagsRead = require("flags_read")
FlagsMove = require("flags_transition")
FlagsCase = require("flags_case")
ResolutionReview = require("resolution_review")
Feed = require("feed")
Admin = require("admin")
Cursor = Annotated[str | None, Query(max_length=500)]
AUDITED = {"Person", "Enterprise"}


def _audit(request: Request, action: str, subject: str, purpose: str | None = None):
    request.app.state.audit.record(request.state.principal, method=request.method,
                                   path=request.url.path, action=action, subject=subject,
                                   purpose=purpose)


# ---------------------------------------------------------------- explore
@router.get("/search", response_model=models.SearchPage, tags=["explore"])
def search(request: Request, store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=200)],
           type: Literal["person", "enterprise", "address", "phone", "vehicle"] = "person",
           limit: Annotated[int, Query(ge=1, le=100)] = 20, cursor: Cursor = None,
           principal=Explore):
    items, nxt = explore.search(store, q=q, type=type, limit=limit, cursor=cursor,
                                index=request.app.state.term_index)
    if type in ("person", "enterprise"):
        _audit(request, "search", f"{type}:{q}")
    return model_response(models.SearchPage, {"items": items, "next_cursor": nxt})


@router.get("/entities/{type}/{key}", response_model=models.EntityRead, tags=["explore"])
def get_entity(request: Request, store: StoreDep, type: str, key: str,
               purpose: Annotated[str | None, Query(max_length=500)] = None,
               x_purpose: Annotated[str | None, Header(max_length=500)] = None,
               principal=Explore):
    spec = explore.entity_type(type)
    # Headers are Latin-1: a non-ASCII purpose comes percent-encoded (or as ?purpose=).
    why = (unquote(x_purpose or "") or purpose or "").strip() or None
    if spec.label == "Person" and not why:
        raise BadRequest("Reading a person needs a purpose of access: send the X-Purpose "
                         "header (or ?purpose=) with the case or task, e.g. 'VV-2025-01'.")
    entity = explore.get_entity(store, spec, key)
    if spec.label in AUDITED or spec.is_record:
        _audit(request, "read", f"{spec.label}:{key}", why)
    return model_response(models.EntityRead, entity)


@router.get("/entities/{type}/{key}/neighbourhood", response_model=models.Neighbourhood,
            tags=["explore"])
def neighbourhood(request: Request, store: StoreDep, settings: SettingsDep, type: str, key: str,
                  depth: Annotated[int, Query(ge=1, le=explore.MAX_DEPTH)] = 1,
                  node_types: Annotated[str | None, Query(max_length=500)] = None,
                  rel_types: Annotated[str | None, Query(max_length=500)] = None,
                  limit: Annotated[int, Query(ge=1, le=5000)] = 100, principal=Explore):
    spec = explore.entity_type(type)
    result = explore.neighbourhood(store, spec, key, depth=depth, node_types=node_types,
                                   rel_types=rel_types, limit=min(limit, settings.max_nodes))
    if spec.label in AUDITED:
        _audit(request, "neighbourhood", f"{spec.label}:{key}")
    return model_response(models.Neighbourhood, result)


@router.get("/paths", response_model=models.PathList, tags=["explore"])
def paths(request: Request, store: StoreDep, from_type: str, from_key: str, to_type: str,
          to_key: str, max_length: Annotated[int, Query(ge=1, le=explore.MAX_PATH_LENGTH)] = 4,
          limit: Annotated[int, Query(ge=1, le=explore.MAX_PATHS)] = 3, principal=Explore):
    a, b = explore.entity_type(from_type), explore.entity_type(to_type)
    items = explore.paths(store, a, from_key, b, to_key, max_length=max_length, limit=limit)
    _audit(request, "paths", f"{a.label}:{from_key} -> {b.label}:{to_key}")
    return model_response(models.PathList, {"items": items})


@router.post("/entities/person/{person_id}/split", response_model=models.SplitOut,
             tags=["explore"])
def split(request: Request, store: StoreDep, person_id: str, body: models.SplitIn,
          principal=ResolutionReview):
    """Undo a wrong merge: the mentions named never again share a person with the rest.
    Resolution runs again before the answer (about 1.5 min on a province)."""
    result = split_person(store, person_id, body.mention_ids, user=f"api:{principal.key_id}",
                          reason=body.reason)
    _audit(request, "split", f"Person:{person_id}", body.reason)
    return model_response(models.SplitOut, {"decision_id": result.decision_id,
                                            "persons": result.persons})


# ---------------------------------------------------------------- queries
@router.get("/queries", response_model=models.QueryList, tags=["queries"])
def queries(principal=Queries):
    return model_response(models.QueryList, {"items": list_queries()})


@router.post("/queries/{name}", response_model=models.QueryRun, tags=["queries"])
def run(request: Request, store: StoreDep, name: str, body: models.QueryIn | None = None,
        principal=Queries):
    result = run_query(store, name, (body.params if body else {}))
    _audit(request, "query", name)
    return model_response(models.QueryRun, result.to_json())


# ------------------------------------------------------------------ flags
@router.get("/flags", response_model=models.FlagPage, tags=["flags"])
def list_flags(request: Request, store: StoreDep, kind: str | None = None,
               status: str | None = None,
               min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
               max_score: Annotated[float | None, Query(ge=0, le=1)] = None,
               subject: Annotated[str | None, Query(max_length=100)] = None,
               include_stale: bool = False, cursor: Cursor = None,
               limit: Annotated[int, Query(ge=1, le=200)] = 50, principal=FlagsRead):
    return Response(flags_api.list_flags_json(
        store, kind=kind, status=status, min_score=min_score, max_score=max_score,
        subject=subject, include_stale=include_stale, cursor=cursor, limit=limit,
        index=request.app.state.flag_index),
        media_type="application/json")


@router.get("/flags/{flag_id}", response_model=models.FlagDetail, tags=["flags"])
def get_flag(store: StoreDep, flag_id: str, principal=FlagsRead):
    return model_response(models.FlagDetail, flags_store.get_flag(store, flag_id))


@router.get("/flags/{flag_id}/explanation", response_model=models.FlagExplanation,
            tags=["flags"])
def explain(request: Request, store: StoreDep, flag_id: str, principal=FlagsRead):
    """Signals with weights and rules, the evidence subgraph, how each person in it was
    resolved, and the source rows: what a reviewer checks a flag against."""
    bundle = explain_flag(store, flag_id)
    _audit(request, "explain", f"Flag:{flag_id}")
    return model_response(models.FlagExplanation, bundle)


@router.post("/flags/{flag_id}/transitions", response_model=models.FlagDetail, tags=["flags"])
def transition(request: Request, store: StoreDep, flag_id: str, body: models.TransitionIn,
               principal=FlagsMove):
    flag = flags_store.review(store, flag_id, to=body.to, reason=body.reason,
                              user=f"api:{principal.key_id}", now=flags_api.change_time())
    _audit(request, "transition", f"Flag:{flag_id}", body.reason)
    return model_response(models.FlagDetail, flag)


@router.put("/flags/{flag_id}/case", response_model=models.FlagDetail, tags=["flags"])
def attach_case(request: Request, store: StoreDep, flag_id: str, body: models.CaseIn,
                principal=FlagsCase):
    flag = flags_api.attach_case(store, flag_id, case_ref=body.case_ref,
                                 user=f"api:{principal.key_id}")
    _audit(request, "case", f"Flag:{flag_id}", body.case_ref)
    return model_response(models.FlagDetail, flag)


@router.get("/feed/flags", response_model=models.FlagPage, tags=["flags"])
def feed(store: StoreDep, settings: SettingsDep, cursor: Cursor = None,
         limit: Annotated[int, Query(ge=1, le=200)] = 100, principal=Feed):
    page = flags_api.feed(store, cursor=cursor, limit=limit,
                          settle_seconds=settings.feed_settle_seconds)
    return model_response(models.FlagPage, {"items": page.items,
                                            "next_cursor": page.next_cursor})


# ------------------------------------------------------------------ admin
@router.get("/audit", response_model=models.AuditPage, tags=["admin"])
def audit_log(request: Request, store: StoreDep, key_id: str | None = None,
              subject: str | None = None, action: str | None = None, since: str | None = None,
              until: str | None = None, cursor: Cursor = None,
              limit: Annotated[int, Query(ge=1, le=200)] = 50, principal=Admin):
    # This process's reads still on their way to the graph are listed too; other
    # API processes' reach it within AuditLog.SHIP_SECONDS.
    request.app.state.audit.flush()
    items, nxt = audit_listing.list_entries(
        store, key_id=key_id, subject=subject, action=action, since=since, until=until,
        cursor=cursor, limit=limit)
    return model_response(models.AuditPage, {"items": items, "next_cursor": nxt})


@router.get("/keys", response_model=models.KeyList, tags=["admin"])
def list_keys(store: StoreDep, principal=Admin):
    return model_response(models.KeyList, {"items": keys.list_keys(store)})


@router.post("/keys", response_model=models.KeyCreated, status_code=201, tags=["admin"])
def create_key(request: Request, store: StoreDep, body: models.KeyIn, principal=Admin):
    key_id, key = keys.create_key(store, role=body.role, name=body.name)
    _audit(request, "key_create", f"ApiKey:{key_id}")
    return model_response(models.KeyCreated, {"key_id": key_id, "role": body.role, "key": key},
                          status_code=201)


@router.delete("/keys/{key_id}", status_code=204, tags=["admin"])
def revoke_key(request: Request, store: StoreDep, key_id: str, principal=Admin):
    keys.revoke_key(store, key_id)
    key_cache(request).forget(key_id)
    _audit(request, "key_revoke", f"ApiKey:{key_id}")


@router.get("/webhooks/dead-letters", response_model=models.DeadLetterList, tags=["admin"])
def dead_letters(store: StoreDep, include_redelivered: bool = False,
                 limit: Annotated[int, Query(ge=1, le=500)] = 100, principal=Admin):
    return model_response(models.DeadLetterList, {"items": webhooks.list_dead_letters(
        store, include_redelivered=include_redelivered, limit=limit)})


@router.post("/webhooks/dead-letters/{letter_id}/redeliver", response_model=models.Redelivery,
             tags=["admin"], responses={502: {**_PROBLEM, "description": "The receiver "
                                              "did not accept it; the letter is kept"}})
def redeliver(request: Request, store: StoreDep, settings: SettingsDep, letter_id: str,
              principal=Admin):
    _audit(request, "webhook_redeliver", f"DeadLetter:{letter_id}")
    return model_response(models.Redelivery,
                          webhooks.redeliver(store, settings.webhook, letter_id))


@router.post("/ingest", response_model=models.IngestResult, tags=["admin"],
             openapi_extra={"requestBody": upload.REQUEST_BODY},
             responses={413: {**_PROBLEM, "description": "The upload is over the size limit"}})
async def ingest(request: Request, store: StoreDep, settings: SettingsDep, principal=Admin):
    """Load feed files like `lienket ingest`: the summary per feed and the rejected rows."""
    result, names = await upload.ingest_upload(request, store,
                                               max_bytes=settings.max_upload_bytes,
                                               data_dir=settings.store.data_dir)
    await run_in_threadpool(_audit, request, "ingest", "upload:" + ", ".join(names))
    return result
