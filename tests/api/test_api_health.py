"""Liveness, readiness, errors as problem+json, OpenAPI."""

from __future__ import annotations

import httpx

from api.app import create_app
from api.errors import PROBLEM
from api.settings import ApiSettings


def test_healthz_and_readyz_need_no_key(api):
    with api.client() as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        assert c.get("/readyz").json() == {"status": "ready"}


def test_unknown_route_is_a_problem(api):
    with api.client("admin") as c:
        r = c.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert set(body) >= {"type", "title", "status", "detail"} and body["status"] == 404


def test_missing_wrong_and_revoked_keys_get_401(api):
    with api.client() as c:
        none = c.get("/api/v1/search", params={"q": "li"})
        wrong = c.get("/api/v1/search", params={"q": "li"},
                      headers={"Authorization": "Bearer lk_nope_nope"})
        revoked = c.get("/api/v1/search", params={"q": "li"},
                        headers={"Authorization": f"Bearer {api.revoked}"})
        tampered = c.get("/api/v1/search", params={"q": "li"},
                         headers={"Authorization": f"Bearer {api.keys['admin']}x"})
    for r in (none, wrong, revoked, tampered):
        assert r.status_code == 401, r.text
        assert r.headers["content-type"].startswith(PROBLEM)
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert "lienket keys create" in none.json()["detail"]


def test_validation_errors_are_problems(api):
    with api.client("admin") as c:
        r = c.get("/api/v1/flags", params={"limit": 500})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM)
    assert "limit" in r.json()["detail"]


def test_openapi_lists_every_route_with_response_models(api):
    with api.client() as c:
        doc = c.get("/openapi.json").json()
    assert {"/api/v1/search", "/api/v1/entities/{type}/{key}", "/api/v1/paths",
            "/api/v1/feed/flags", "/api/v1/audit"} <= set(doc["paths"])
    assert {"FlagDetail", "EntityRead", "Neighbourhood", "AuditPage"} <= set(
        doc["components"]["schemas"])


def test_store_down_gives_503_problem(api):
    """A store whose driver points at a closed port: readyz says 503 with a sentence."""
    import neo4j
    from conftest import serve
    from graph.store import GraphStore

    driver = neo4j.GraphDatabase.driver("bolt://127.0.0.1:1", auth=("x", "y"),
                                        connection_timeout=1.0,
                                        max_transaction_retry_time=0.5)
    dead = GraphStore(driver, database="x", address="bolt://127.0.0.1:1", engine="neo4j")
    dead.ensure_schema = lambda: None  # the lifespan's schema check would fail first
    app = create_app(ApiSettings(store=None), store=dead)  # type: ignore[arg-type]
    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as c:
        r = c.get("/readyz")
        assert c.get("/healthz").status_code == 200
        search = c.get("/api/v1/search", params={"q": "x"},
                       headers={"Authorization": "Bearer lk_a_b"})
    assert search.status_code == 503 and search.json()["title"] == "Graph database unavailable"
    assert r.status_code == 503
    assert r.headers["content-type"].startswith(PROBLEM)
    assert "Cannot reach the graph database" in r.json()["detail"]
    driver.close()
