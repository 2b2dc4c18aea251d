"""The database goes down under a running API and comes back: 503 problem+json
within 2 s while it is down, answers again without restarting the API.

The API has its own data directory and engine, so stopping that engine leaves
the session's shared one alone.
"""

from __future__ import annotations

import time

import httpx

from api.app import create_app
from api.errors import PROBLEM
from api.keys import create_key
from api.settings import ApiSettings
from graph.config import StoreSettings
from graph.engine import ensure_engine, find_engine, stop_engine
from tests.api.conftest import serve
from tests.graph.test_engine import embedded_only


@embedded_only
def test_engine_stopped_gives_503_at_once_and_started_again_recovers(tmp_path):
    settings = StoreSettings.from_env({"LIENKET_DATA_DIR": str(tmp_path / "data"),
                                       "LIENKET_ENGINE_IDLE_SECONDS": "0"})
    app = create_app(ApiSettings(store=settings))
    try:
        with serve(app) as url, httpx.Client(base_url=url, timeout=30) as c:
            _, key = create_key(app.state.store, role="admin")
            c.headers["Authorization"] = f"Bearer {key}"
            assert c.get("/api/v1/flags").status_code == 200
            first_port = find_engine(settings.data_dir).bolt_port

            assert stop_engine(settings.data_dir)
            for path in ("/readyz", "/api/v1/flags", "/api/v1/search?q=li", "/api/v1/audit"):
                started = time.monotonic()
                r = c.get(path)
                assert time.monotonic() - started < 2.0, path
                assert r.status_code == 503, (path, r.text)
                assert r.headers["content-type"].startswith(PROBLEM)
                assert r.json()["title"] == "Graph database unavailable"
            assert c.get("/healthz").status_code == 200  # the process itself is fine

            ensure_engine(settings.data_dir, idle_seconds=0)  # comes back on new ports
            deadline = time.monotonic() + 30
            while c.get("/readyz").status_code != 200:
                assert time.monotonic() < deadline, "the API did not reconnect"
                time.sleep(0.1)
            assert find_engine(settings.data_dir).bolt_port != first_port
            again = c.get("/api/v1/flags")  # the same key: the data outlived the engine
            assert again.status_code == 200, again.text
            audit = c.get("/api/v1/audit")
            assert audit.status_code == 200
    finally:
        stop_engine(settings.data_dir)
