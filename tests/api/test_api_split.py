"""Undoing a wrong merge over HTTP: a reviewer splits, the answer says where the
mentions went, the split is audited, and other roles are refused."""

from __future__ import annotations

import httpx

from api.app import create_app
from api.keys import create_key
from api.settings import ApiSettings
from ingest.resolve.service import resolve_all
from tests.api.conftest import serve
from tests.ingest.resolve.test_service import load, person_of


def test_a_reviewer_splits_a_wrong_merge(settings, store, tmp_path):
    load(store, tmp_path)  # WANG XIAOMING's passport-less apprehension is merged by score
    resolve_all(store)
    pid = person_of(store, "foreigners:R001#subject")
    wrong = ["border_events:EV6001#subject"]
    assert person_of(store, wrong[0]) == pid
    _, reviewer = create_key(store, role="reviewer", name="split test")
    _, analyst = create_key(store, role="analyst", name="split test")
    app = create_app(ApiSettings(store=settings), store=store)
    body = {"mention_ids": wrong, "reason": "Apprehended man is shorter; no scar"}
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as c:
        refused = c.post(f"/api/v1/entities/person/{pid}/split", json=body,
                         headers={"Authorization": f"Bearer {analyst}"})
        bad = c.post(f"/api/v1/entities/person/{pid}/split",
                     json={**body, "mention_ids": ["marriages:HN22#citizen"]},
                     headers={"Authorization": f"Bearer {reviewer}"})
        done = c.post(f"/api/v1/entities/person/{pid}/split", json=body,
                      headers={"Authorization": f"Bearer {reviewer}"})
    assert refused.status_code == 403
    assert bad.status_code == 400, bad.text
    assert "no mention marriages:HN22#citizen" in bad.json()["detail"]
    assert done.status_code == 200, done.text
    persons = done.json()["persons"]
    moved_to = person_of(store, wrong[0])
    assert moved_to != pid and persons[moved_to] == wrong and wrong[0] not in persons[pid]
    audit = store.read("MATCH (a:AuditEntry {action: 'split'}) RETURN a.subject AS subject, "
                       "a.purpose AS purpose")
    assert audit == [{"subject": f"Person:{pid}", "purpose": body["reason"]}]
