"""The workspace keeps the API's rules: who may see what, purpose of access, audit,
CSRF, and the bearer-only /api/v1."""

from __future__ import annotations

import httpx

from api.keys import create_key, revoke_key
from tests.viz.conftest import XSS_NAME

PURPOSE = "VV-2026-07 xác minh"


def _client(site) -> httpx.Client:
    return httpx.Client(base_url=site.url, timeout=30, follow_redirects=False)


def _login(client: httpx.Client, key: str, purpose: str = PURPOSE) -> httpx.Response:
    return client.post("/viz/login", data={"key": key, "purpose": purpose, "next": "/viz/"})


def _audit(site, **params: str) -> list[dict]:
    """The audit trail as an administrator reads it (a read's entry may still be
    on its way from the spool to the graph; the listing waits for it)."""
    r = httpx.get(site.url + "/api/v1/audit", params={**params, "limit": 200}, timeout=30,
                  headers={"Authorization": f"Bearer {site.keys['admin']}"})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_pages_send_a_stranger_to_the_login_and_fetches_get_a_problem(site):
    with _client(site) as client:
        page = client.get("/viz/flags?kind=illegal_entry_network")
        assert page.status_code == 303
        assert page.headers["location"] == \
            "/viz/login?next=%2Fviz%2Fflags%3Fkind%3Dillegal_entry_network"
        english = client.get("/viz/flags?lang=en")
        assert english.headers["location"] == "/viz/login?next=%2Fviz%2Fflags%3Flang%3Den&lang=en"
        data = client.get("/viz/data/expand/enterprise/4900123456")
        assert data.status_code == 401
        assert data.headers["content-type"] == "application/problem+json"


def test_login_needs_a_valid_key_and_a_purpose(site):
    with _client(site) as client:
        assert "không đúng" in _login(client, "lk_nope_nope").text
        assert _login(client, site.keys["investigator"], purpose=" ").status_code == 401
        ok = _login(client, site.keys["investigator"])
        assert ok.status_code == 303 and ok.headers["location"] == "/viz/"
        cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/viz" in cookie
        assert site.keys["investigator"] not in cookie
        with _client(site) as other:
            assert _login(other, site.keys["case_system"]).headers["location"] == "/viz/flags"
        page = client.get("/viz/")
        assert site.keys["investigator"] not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]


def test_the_session_has_its_role_and_nothing_more(site):
    with _client(site) as client:
        _login(client, site.keys["investigator"])
        inbox = client.get("/viz/flags")
        assert inbox.status_code == 403 and "text/html" in inbox.headers["content-type"]
        assert "flags_read" not in inbox.text and "reviewer" in inbox.text
        token = client.cookies.get("lienket_session")
        api = httpx.get(site.url + "/api/v1/search", params={"q": "x"},
                        cookies={"lienket_session": token})
        assert api.status_code == 401  # the API stays bearer-only


def test_reading_a_person_is_audited_with_the_sessions_purpose(site):
    person = site.persons[XSS_NAME]
    with _client(site) as client:
        _login(client, site.keys["analyst"], purpose="VV-2026-99 audit check")
        page = client.get(f"/viz/entity/person/{person}")
        assert page.status_code == 200
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.text and XSS_NAME not in page.text
    rows = [{"purpose": e["purpose"], "role": e["role"]}
            for e in _audit(site, subject=f"Person:{person}", action="read")]
    assert {"purpose": "VV-2026-99 audit check", "role": "analyst"} in rows


def test_a_status_change_needs_the_forms_token_and_a_reason(site):
    flag = site.network_flag
    with _client(site) as client:
        _login(client, site.keys["admin"])
        forged = client.post(f"/viz/flags/{flag}/transition",
                             data={"to": "in_review", "reason": "forged"})
        assert forged.status_code == 401
        page = client.get(f"/viz/flags/{flag}")
        csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        empty = client.post(f"/viz/flags/{flag}/transition",
                            data={"to": "in_review", "reason": " ", "csrf": csrf})
        assert empty.status_code == 400 and "Give the reason" in empty.text
        wrong = client.post(f"/viz/flags/{flag}/transition",
                            data={"to": "confirmed", "reason": "sure", "csrf": csrf})
        assert wrong.status_code == 409
    status = site.store.read("MATCH (f:Flag {flag_id: $id}) RETURN f.status AS s", id=flag)
    assert status == [{"s": "new"}]


def test_revoking_the_key_ends_its_sessions(site):
    key_id, key = create_key(site.store, role="investigator", name="short-lived")
    with _client(site) as client:
        _login(client, key)
        assert client.get("/viz/").status_code == 200
        revoke_key(site.store, key_id)
        assert client.get("/viz/").status_code == 303


def test_paths_between_two_entities_are_drawn_and_audited(site):
    person = site.persons[XSS_NAME]
    with _client(site) as client:
        _login(client, site.keys["investigator"])
        page = client.get("/viz/paths", params={"from": f"Person:{person}",
                                                 "to": "Enterprise:4900123456", "lang": "en"})
        assert page.status_code == 200 and "Connections:" in page.text
        bad = client.get("/viz/paths", params={"from": "nothing", "to": "Enterprise:1"})
        assert bad.status_code == 400 and "Type:key" in bad.text
    assert f"Person:{person} -> Enterprise:4900123456" in [
        e["subject"] for e in _audit(site, action="paths")]


def test_logging_out_needs_the_token_and_ends_the_session(site):
    with _client(site) as client:
        _login(client, site.keys["investigator"])
        page = client.get("/viz/")
        csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        assert client.post("/viz/logout", data={"csrf": "forged"}).status_code == 401
        out = client.post("/viz/logout", data={"csrf": csrf})
        assert out.status_code == 303 and out.headers["location"] == "/viz/login"
        assert client.get("/viz/").status_code == 303
