"""``create_app(settings)``: the FastAPI application over one GraphStore."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import explore, models
from api.audit import AuditLog
from api.audit_spool import spool_folder
from api.deps import StoreDep
from api.errors import install_error_handlers
from api.flag_index import FlagListingIndex
from api.keys import KeyCache
from api.pages import install_pages
from api.settings import ApiSettings
from api.store_keeper import StoreKeeper, open_api_store
from api.term_index import TermIndex
from api.views import router
from api.webhook_worker import WebhookWorker
from graph.store import GraphStore

__all__ = ["create_app"]


def create_app(settings: ApiSettings | None = None, *, store: GraphStore | None = None) -> FastAPI:
    """The app. Settings are read in the lifespan when not given; ``store``
    lets a caller (tests) hand over an open store, which the app then does not close."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.settings = settings or ApiSettings.from_env()
        owned = store is None
        first = store or open_api_store(app.state.settings.store)
        app.state.store = first
        app.state.key_cache = KeyCache()
        app.state.flag_index = FlagListingIndex()
        app.state.term_index = TermIndex(keep=explore.PEOPLE_PER_NAME)
        first.ensure_schema()  # keys and audit entries need their constraints
        store_settings = app.state.settings.store
        app.state.audit = AuditLog(lambda: app.state.store,
                                   spool_folder(store_settings) if store_settings else None)
        keeper = StoreKeeper(app.state, app.state.settings.store)  # 503 at once, recovery
        keeper.start()
        hook = app.state.settings.webhook
        worker = WebhookWorker(lambda: app.state.store, hook,
                               app.state.settings.store.data_dir,
                               app.state.settings.feed_settle_seconds) if hook else None
        if worker:
            worker.start()
        app.state.term_index.start(lambda: app.state.store)
        try:
            yield
        finally:
            if worker:
                worker.stop()
            app.state.term_index.stop()
            keeper.stop()
            app.state.audit.close()
            if owned:
                first.close()

    app = FastAPI(title="lienket API", version="1",
                  description="Link analysis over agency records about foreigners. "
                              "Every read is attributable; access follows roles.",
                  lifespan=lifespan)
    install_error_handlers(app)

    @app.get("/healthz", response_model=models.Health, tags=["health"])
    def healthz():
        return {"status": "ok"}

    @app.get("/readyz", response_model=models.Health, tags=["health"],
             responses={503: {"description": "The graph database does not answer."}})
    def readyz(store: StoreDep):
        store.ping()  # StoreUnavailable -> 503 problem
        return {"status": "ready"}

    app.include_router(router)
    install_pages(app)  # the /viz workspace
    return app
