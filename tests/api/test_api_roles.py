"""The whole role matrix: every route for every role, over HTTP.

Allowed: anything but 401/403 (a missing flag's 404 is fine: the role got in).
Denied: 403 problem+json naming the roles that may.
"""

from __future__ import annotations

import pytest

from api.errors import PROBLEM
from api.keys import PERMISSIONS, ROLES

E = "4900123456"


def routes(api):
    p = api.persons["WANG XIAOMING"]
    return [
        ("explore", "GET", "/api/v1/search", {"params": {"q": "wang"}}),
        ("explore", "GET", f"/api/v1/entities/person/{p}", {}),
        ("explore", "GET", f"/api/v1/entities/enterprise/{E}", {}),
        ("explore", "GET", f"/api/v1/entities/person/{p}/neighbourhood", {}),
        ("explore", "GET", "/api/v1/paths", {"params": {
            "from_type": "person", "from_key": p, "to_type": "enterprise", "to_key": E}}),
        ("resolution_review", "POST", "/api/v1/entities/person/p_missing/split",
         {"json": {"mention_ids": ["m"], "reason": "matrix"}}),
        ("queries", "GET", "/api/v1/queries", {}),
        ("queries", "POST", "/api/v1/queries/permits_expiring", {"json": {"params": {}}}),
        ("flags_read", "GET", "/api/v1/flags", {}),
        ("flags_read", "GET", "/api/v1/flags/f_missing", {}),
        ("flags_read", "GET", "/api/v1/flags/f_missing/explanation", {}),
        ("flags_transition", "POST", "/api/v1/flags/f_missing/transitions",
         {"json": {"to": "in_review", "reason": "matrix"}}),
        ("flags_case", "PUT", "/api/v1/flags/f_missing/case", {"json": {"case_ref": "X"}}),
        ("feed", "GET", "/api/v1/feed/flags", {}),
        ("admin", "GET", "/api/v1/audit", {}),
        ("admin", "GET", "/api/v1/keys", {}),
        ("admin", "POST", "/api/v1/keys", {"json": {"role": "investigator", "name": "m"}}),
        ("admin", "DELETE", "/api/v1/keys/k_missing", {}),
        ("admin", "GET", "/api/v1/webhooks/dead-letters", {}),
        ("admin", "POST", "/api/v1/ingest", {"json": {}}),  # an admin gets 400: not multipart
        ("admin", "POST", "/api/v1/webhooks/dead-letters/dl_missing/redeliver", {}),
    ]


def test_matrix_covers_every_api_route(api):
    with api.client() as c:
        doc = c.get("/openapi.json").json()
    declared = {(m.upper(), path) for path, ops in doc["paths"].items() for m in ops
                if path.startswith("/api/v1")}
    tested = set()
    for _, method, path, _ in routes(api):
        for template in doc["paths"]:
            parts, tparts = path.split("/"), template.split("/")
            if len(parts) == len(tparts) and all(
                    t.startswith("{") or t == x for t, x in zip(tparts, parts)):
                tested.add((method, template))
    assert declared == tested


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_role(api, role):
    with api.client(role, **{"X-Purpose": "role matrix test"}) as c:
        for permission, method, path, kwargs in routes(api):
            r = c.request(method, path, **kwargs)
            if role in PERMISSIONS[permission]:
                assert r.status_code not in (401, 403), (role, method, path, r.text)
            else:
                assert r.status_code == 403, (role, method, path, r.text)
                assert r.headers["content-type"].startswith(PROBLEM)
                assert role in r.json()["detail"]
