"""The investigator's workspace under ``/viz``: login, search, entity pages, graph
views that grow when a node is clicked, and the flags inbox with review.

Plain server-rendered pages and one small script (viz/static/graph.js); the same
roles, purpose-of-access rule and audit trail as ``/api/v1`` (see
:mod:`api.pages_session` for how a browser session stands in for the bearer key).
Pages forbid inline script and every other origin through their
Content-Security-Policy.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from analysis import flags_store
from analysis.model import KINDS
from api import explore, flags_api
from api.deps import SettingsDep, StoreDep, key_cache, require_session
from api.errors import ApiError, BadRequest, NotFound, problem
from api.keys import allowed
from api.pages_session import COOKIE, LoginRequired, Session, SessionStore
from viz import i18n, style
from viz.render import ASSETS, asset, graph_json, render_page, templates
from viz.target import parse_target
from viz.views import entity_view, expand_view, flag_view, path_view

__all__ = ["router", "install_pages"]

router = APIRouter(prefix="/viz", include_in_schema=False)
Explore = require_session("explore")
FlagsRead = require_session("flags_read")
FlagsMove = require_session("flags_transition")
Lang = Annotated[str, Query(max_length=5)]
AUDITED = ("Person", "Enterprise")
AUDITED_SEARCH = ("person", "enterprise")
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'")
_HEADERS = {"Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
_TYPES = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}


def _lang(lang: str | None) -> str:
    try:
        return i18n.check_lang(lang)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None


def _chrome(request: Request, session: Session | None) -> dict[str, Any]:
    """What every page's header needs: who is in, the purpose, the form token, links."""
    params = dict(request.query_params)
    principal = session.principal if session else None
    return {"principal": principal, "purpose": session.purpose if session else "",
            "csrf": session.csrf if session else "",
            "can_flags": bool(principal and allowed(principal.role, "flags_read")),
            "can_explore": bool(principal and allowed(principal.role, "explore")),
            "lang_query": lambda code: urlencode({**params, "lang": code})}


def _html(request: Request, template: str, *, lang: str, session: Session | None,
          code: int = 200, **ctx: Any) -> HTMLResponse:
    body = templates().get_template(template).render(
        t=i18n.words(lang), lang=lang, **_chrome(request, session), **ctx)
    return HTMLResponse(body, status_code=code, headers=_HEADERS)


def _graph_page(request: Request, graph, *, lang: str, session: Session,
                template: str = "graph.html", **ctx: Any) -> HTMLResponse:
    body = render_page(graph, lang, template=template, **_chrome(request, session), **ctx)
    return HTMLResponse(body, headers=_HEADERS)


def _audit(request: Request, session: Session, action: str, subject: str) -> None:
    request.app.state.audit.record(session.principal, method=request.method,
                                   path=request.url.path, action=action, subject=subject,
                                   purpose=session.purpose)


async def _form(request: Request) -> dict[str, str]:
    body = (await request.body()).decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}


def _local(target: str | None) -> str:
    """Only a path inside the workspace is a place to go back to after login."""
    if target and target.startswith("/viz/") and not target.startswith("//"):
        return target
    return "/viz/"


# ------------------------------------------------------------------ assets
@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in ASSETS:
        raise NotFound(f"There is no file {name} in the workspace.")
    return Response(asset(name), media_type=_TYPES[name.rsplit(".", 1)[-1]],
                    headers={"Cache-Control": "max-age=3600",
                             "X-Content-Type-Options": "nosniff"})


# ------------------------------------------------------------------- login
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, lang: Lang = "vi", next: str | None = None):
    return _html(request, "login.html", lang=_lang(lang), session=None, next=_local(next),
                 error=None)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, store: StoreDep):
    form = await _form(request)
    return await run_in_threadpool(_sign_in, request, store, form)


def _sign_in(request: Request, store, form: dict[str, str]) -> Response:
    lang = _lang(form.get("lang"))
    key, purpose = form.get("key", "").strip(), form.get("purpose", "").strip()
    principal = key_cache(request).verify(store, key) if key else None
    error = (i18n.text("bad_login", lang) if principal is None else
             i18n.text("need_purpose", lang) if not purpose else None)
    if error:
        return _html(request, "login.html", lang=lang, session=None, code=401,
                     next=_local(form.get("next")), error=error)
    sessions: SessionStore = request.app.state.sessions
    token, _ = sessions.create(store, principal, purpose[:500])
    request.app.state.audit.record(principal, method="POST", path=request.url.path,
                                   action="login", subject=f"ApiKey:{principal.key_id}",
                                   purpose=purpose[:500])
    target = _local(form.get("next"))
    if target == "/viz/" and not allowed(principal.role, "explore"):
        target = "/viz/flags"  # a case-system key may not search: it starts at the inbox
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/viz",
                        secure=request.url.scheme == "https")
    return response


@router.post("/logout")
async def logout(request: Request, store: StoreDep):
    form = await _form(request)
    await run_in_threadpool(_sign_out, store, request.app.state.sessions,
                            request.cookies.get(COOKIE), form.get("csrf"))
    response = RedirectResponse("/viz/login", status_code=303)
    response.delete_cookie(COOKIE, path="/viz")
    return response


def _sign_out(store, sessions: SessionStore, token: str | None, csrf: str | None) -> None:
    found = sessions.find(store, token)
    if found is not None:
        found.check_csrf(csrf)
        sessions.drop(store, token)


# ---------------------------------------------------------------- explore
@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, session: Session = Explore,
                q: Annotated[str, Query(max_length=200)] = "",
                type: Annotated[str, Query(max_length=20)] = "person", lang: Lang = "vi",
                cursor: Annotated[str | None, Query(max_length=500)] = None):
    lang = _lang(lang)
    if type not in explore.SEARCH_TYPES:
        raise BadRequest(f"'{type}' is not a search type; use one of "
                         f"{', '.join(explore.SEARCH_TYPES)}.")
    items, nxt = [], None
    if q.strip():
        items, nxt = explore.search(store, q=q, type=type, limit=25, cursor=cursor,
                                    index=request.app.state.term_index)
        if type in AUDITED_SEARCH:
            _audit(request, session, "search", f"{type}:{q}")
    return _html(request, "search.html", lang=lang, session=session, q=q, type=type,
                 types=explore.SEARCH_TYPES, items=items, next_cursor=nxt,
                 entity_types=explore.ENTITY_TYPES)



@router.get("/entity/{type}/{key}", response_class=HTMLResponse)
def entity_page(request: Request, store: StoreDep, type: str, key: str,
                session: Session = Explore, lang: Lang = "vi"):
    lang = _lang(lang)
    spec = explore.entity_type(type)
    entity = explore.get_entity(store, spec, key)
    if spec.label in AUDITED or spec.is_record:
        _audit(request, session, "read", f"{spec.label}:{key}")
    return _html(request, "entity.html", lang=lang, session=session, entity=entity, spec=spec,
                 title=entity["properties"].get(spec.title or spec.key) or key)


@router.get("/graph/{type}/{key}", response_class=HTMLResponse)
def graph_page(request: Request, store: StoreDep, settings: SettingsDep, type: str, key: str,
               session: Session = Explore, lang: Lang = "vi",
               depth: Annotated[int, Query(ge=1, le=explore.MAX_DEPTH)] = 1):
    lang = _lang(lang)
    spec = explore.entity_type(type)
    graph = entity_view(store, spec, key, depth=depth, cap=settings.max_nodes, lang=lang)
    if spec.label in AUDITED:
        _audit(request, session, "neighbourhood", f"{spec.label}:{key}")
    return _graph_page(request, graph, lang=lang, session=session)


@router.get("/data/expand/{type}/{key}")
def expand(request: Request, store: StoreDep, settings: SettingsDep, type: str, key: str,
           session: Session = Explore, lang: Lang = "vi"):
    lang = _lang(lang)
    spec = explore.entity_type(type)
    graph = expand_view(store, spec, key, cap=settings.max_nodes, lang=lang)
    if spec.label in AUDITED:
        _audit(request, session, "neighbourhood", f"{spec.label}:{key}")
    data = graph_json(graph, lang)
    return JSONResponse({"nodes": data["nodes"], "edges": data["edges"],
                         "legend": style.legend(graph, lang)},
                        headers={"Cache-Control": "no-store"})


@router.get("/paths", response_class=HTMLResponse)
def paths_page(request: Request, store: StoreDep, session: Session = Explore,
               lang: Lang = "vi", from_: Annotated[str, Query(alias="from", max_length=300)] = "",
               to: Annotated[str, Query(max_length=300)] = ""):
    lang = _lang(lang)
    a, b = parse_target(from_), parse_target(to)
    if a.flag_id or b.flag_id:
        raise BadRequest("Paths join two entities (Type:key), not flags.")
    graph = path_view(store, a.spec, a.key, b.spec, b.key, lang=lang)
    _audit(request, session, "paths", f"{a.spec.label}:{a.key} -> {b.spec.label}:{b.key}")
    return _graph_page(request, graph, lang=lang, session=session)


# ------------------------------------------------------------------- flags
@router.get("/flags", response_class=HTMLResponse)
def flags_inbox(request: Request, store: StoreDep, session: Session = FlagsRead,
                lang: Lang = "vi", kind: Annotated[str, Query(max_length=40)] = "",
                status: Annotated[str, Query(max_length=20)] = "",
                min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
                cursor: Annotated[str | None, Query(max_length=500)] = None):
    lang = _lang(lang)
    page = flags_api.list_flags(store, kind=kind or None, status=status or None,
                                min_score=min_score, max_score=None, subject=None,
                                include_stale=False, cursor=cursor, limit=50,
                                index=request.app.state.flag_index)
    more = None
    if page.next_cursor:
        more = "?" + urlencode({"lang": lang, "kind": kind, "status": status,
                                "min_score": "" if min_score is None else min_score,
                                "cursor": page.next_cursor})
    return _html(request, "flags.html", lang=lang, session=session, items=page.items,
                 kinds=KINDS, statuses=flags_store.STATUSES, kind=kind, status=status,
                 min_score=min_score, more=more)


def _flag_page(request: Request, store, settings, session: Session, flag_id: str, lang: str,
               error: str | None = None) -> HTMLResponse:
    try:
        graph = flag_view(store, flag_id, cap=settings.max_nodes, lang=lang)
    except flags_store.FlagNotFound as exc:  # a page, not the API's JSON problem
        raise NotFound(str(exc)) from None
    _audit(request, session, "flag_graph", f"Flag:{flag_id}")
    can_move = allowed(session.principal.role, "flags_transition")
    return _graph_page(request, graph, lang=lang, session=session, template="flag.html",
                       can_move=can_move, moves=flags_store.TRANSITIONS[graph.flag["status"]],
                       error=error)


@router.get("/flags/{flag_id}", response_class=HTMLResponse)
def flag_page(request: Request, store: StoreDep, settings: SettingsDep, flag_id: str,
              session: Session = FlagsRead, lang: Lang = "vi"):
    return _flag_page(request, store, settings, session, flag_id, _lang(lang))


@router.post("/flags/{flag_id}/transition")
async def move_flag(request: Request, store: StoreDep, settings: SettingsDep, flag_id: str,
                    session: Session = FlagsMove):
    form = await _form(request)
    session.check_csrf(form.get("csrf"))
    # The store is synchronous: the review runs off the event loop.
    return await run_in_threadpool(_move, request, store, settings, session, flag_id, form)


def _move(request: Request, store, settings, session: Session, flag_id: str,
          form: dict[str, str]) -> Response:
    lang = _lang(form.get("lang"))
    try:
        flags_store.review(store, flag_id, to=form.get("to", ""), reason=form.get("reason", ""),
                           user=f"viz:{session.principal.key_id}", now=flags_api.change_time())
    except (flags_store.IllegalTransition, flags_store.ReviewIncomplete) as exc:
        page = _flag_page(request, store, settings, session, flag_id, lang, error=str(exc))
        page.status_code = 409 if isinstance(exc, flags_store.IllegalTransition) else 400
        return page
    _audit(request, session, "transition", f"Flag:{flag_id}")
    return RedirectResponse(f"/viz/flags/{quote(flag_id, safe='')}?lang={lang}", status_code=303)


# ------------------------------------------------------------------ wiring
def _is_page(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/viz") and not path.startswith(("/viz/data/", "/viz/static/"))


def install_pages(app: FastAPI) -> None:
    """Mount the workspace on ``app``: its routes, its sessions, and errors shown as pages."""
    app.state.sessions = SessionStore()
    app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired):
        if not _is_page(request) or request.method != "GET":
            return problem(401, exc.title, exc.slug, exc.detail, request.url.path)
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        lang = request.query_params.get("lang")
        query = {"next": back, **({"lang": lang} if lang in i18n.LANGS else {})}
        return RedirectResponse("/viz/login?" + urlencode(query), status_code=303)

    @app.exception_handler(ApiError)
    async def _error(request: Request, exc: ApiError):
        if not _is_page(request):
            return problem(exc.status, exc.title, exc.slug, exc.detail, request.url.path,
                           exc.headers)
        lang = request.query_params.get("lang", "vi")
        return _html(request, "error.html", lang=lang if lang in i18n.LANGS else "vi",
                     session=None, code=exc.status, error=exc.detail)
