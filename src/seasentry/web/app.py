"""The FastAPI application: REST API under /api, the map page at /, API docs at /docs.

    from seasentry.web import create_app
    app = create_app("seasentry.duckdb")          # then: uvicorn.run(app)

Everything under /api needs a bearer token (``seasentry tokens create``), except
``/api/health``. The page, its static files, ``/docs`` and ``/openapi.json`` carry no data and
are served without one. All assets (Leaflet, Swagger UI) are bundled: the browser fetches nothing
from the internet (the page's Content-Security-Policy allows only this origin).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import FileResponse, HTMLResponse, StreamingResponse

from .. import __version__
from .alerts_bridge import Unavailable
from .auth import FailureLimiter, RefusalThrottle, TokenVerifier, ensure_tables
from .deps import WebContext, viewer
from .guard import BODY_METHODS, Guard, bearer_of
from .stream import StoreNotifier, event_stream
from .util import SafeJSONResponse, clean
from .zones import ensure_table as ensure_zones_table

STATIC = Path(__file__).resolve().parent / "static"

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; connect-src 'self'; frame-src 'self' blob:; object-src 'none'; "
            "base-uri 'none'; form-action 'self'")

DESCRIPTION = """REST API of seasentry (offline maritime border and embargo monitoring).

Authenticate with `Authorization: Bearer sst_...` (create tokens with
`seasentry tokens create --role viewer|analyst|admin --name NAME`). Roles: **viewer** reads,
**analyst** also acts on alerts, manages zones and screens names, **admin** also manages tokens and
sanctions lists and reads the audit log. Lists are paginated (`limit`, `offset`; responses carry
`total`) and every query size has a hard limit. Times are ISO 8601 (UTC when no offset is given).
"""


def create_app(db_path: str | os.PathLike | None = None, *, store=None, config=None, bus=None,
               poll_interval_s: float = 3.0, token_cache_s: float = 300.0,
               local_secret: str | None = None) -> FastAPI:
    """Build the web application over a seasentry store.

    ``db_path``: store file (default: $SEASENTRY_DB or ./seasentry.duckdb); or pass an open
    ``store`` (:class:`seasentry.store.Store`, read-write) to share it, e.g. with a live stream.
    ``bus``: a :class:`seasentry.live.bus.EventBus` whose notifications are forwarded to
    ``/api/stream``; the store is polled every ``poll_interval_s`` seconds in any case.
    ``local_secret``: answer the read sessions of commands run beside the server with this
    secret (``seasentry serve`` writes it to the server file; :mod:`seasentry.web.local`).

    The store stays open for the life of the app (not tied to ASGI lifespan events, which test
    clients may run many times); ``app.state.ctx.store.close()`` closes it.
    """
    from ..config import Config
    from ..store import Store

    if store is None:
        store = Store(db_path, config=config)
    import copy

    # the app's own copy: its caches are keyed by it (seasentry.web.alerts_bridge)
    cfg = copy.deepcopy(config or getattr(store, "config", None) or Config())
    con = store.cursor()
    # the footers of Parquet files (the store's part files are written once, never changed; DuckDB
    # checks a file's modification time before it uses a kept footer) kept in memory: a track's
    # query is planned without reading its files' footers again (bench_web store, one vessel's
    # track through its bucket: 4.0 ms of CPU instead of 6.8, 150 vessels, under load)
    try:
        con.execute("SET GLOBAL parquet_metadata_cache = true")
    except Exception:  # noqa: BLE001 - a DuckDB without the setting: footers read every time
        pass
    ensure_tables(con)
    ensure_zones_table(con)
    w = cfg.web
    ctx = WebContext(store=store, config=cfg,
                     verifier=TokenVerifier(cache_s=token_cache_s, recheck_s=float(w.token_recheck_s),
                                           last_used_s=float(w.token_last_used_s)), bus=bus,
                     poll_interval_s=poll_interval_s,
                     limiter=FailureLimiter(int(w.auth_failures_max), float(w.auth_failure_window_s)),
                     refusals=RefusalThrottle(float(w.audit_refused_interval_s)))
    ctx.notifier = StoreNotifier(store, poll_interval_s)
    from . import alerts_bridge
    from .cache import ResponseCache, StoreGeneration

    ctx.generation = StoreGeneration(store.path if Path(store.path).exists() else None)
    ctx.responses = (ResponseCache(ctx.generation, max_entries=max(1, int(w.response_cache_entries)),
                                   max_bytes=int(float(w.response_cache_mb) * 2**20))
                     if w.response_cache else None)
    alerts_bridge.register_generation(cfg, ctx.generation)
    if local_secret:
        from .local import LocalSessions

        ctx.local = LocalSessions(store, local_secret, idle_s=float(w.cli_session_idle_s))

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):
        # the worker threads of sync handlers and dependencies (anyio's default: 40)
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, int(w.threads))
        yield

    app = FastAPI(title="seasentry API", version=__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, default_response_class=SafeJSONResponse, lifespan=lifespan)
    app.state.ctx = ctx

    # ------------------------------------------------------------------ errors: always a clear JSON 4xx
    async def _audit_refusal(request: Request, status: int, detail) -> None:
        """A refused write is audited (throttled, see auth.RefusalThrottle), unless the route did."""
        if request.method not in BODY_METHODS or not request.url.path.startswith("/api/") \
                or request.url.path.startswith("/api/_local/") or getattr(request.state, "audited", False):
            return
        route = getattr(request.scope.get("route"), "path", None)
        await run_in_threadpool(ctx.audit_refusal, request.method, request.url.path,
                                request.client.host if request.client else "unknown",
                                getattr(request.state, "principal", None), bearer_of(request.scope), status,
                                detail, route)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code in (401, 403, 404, 405, 409, 413, 422, 429):
            await _audit_refusal(request, exc.status_code, exc.detail)
        return SafeJSONResponse({"detail": exc.detail, "status": exc.status_code}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errs = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errs[:5])
        await _audit_refusal(request, 422, f"invalid request: {where}")
        return SafeJSONResponse({"detail": f"invalid request: {where}", "errors": clean(errs), "status": 422},
                                status_code=422)

    @app.exception_handler(Unavailable)
    async def unavailable(request: Request, exc: Unavailable):
        return SafeJSONResponse({"detail": str(exc), "status": 501}, status_code=501)

    # the outermost layer: rate limit, body limits and the token before any body is read, headers
    app.add_middleware(Guard, ctx=ctx)

    # ------------------------------------------------------------------ routers
    from . import api_admin, api_alerts, api_detections, api_events, api_incidents, api_vessels, local

    for r in (api_admin.router, api_vessels.router, api_events.router, api_alerts.router, api_incidents.router,
              api_detections.router, local.router):
        app.include_router(r)

    @app.get("/api/health", tags=["session"], summary="Liveness (no token needed, no data)")
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__}

    @app.get("/api/stream", tags=["live"], summary="Server-Sent Events: live events, positions/events/alerts changes",
             response_class=StreamingResponse, responses={200: {"content": {"text/event-stream": {}}}})
    async def stream(request: Request,
                     duration: float = Query(300.0, ge=0.5, le=3600, description="Seconds before the stream "
                                             "ends (clients reconnect)"),
                     types: str | None = Query(None, max_length=300, pattern=r"^[a-z_]+(,[a-z_]+)*$",
                                               description="Live event types to forward (default all)"),
                     p=Depends(viewer)):
        tset = {t for t in types.split(",") if t} if types else None
        return StreamingResponse(event_stream(ctx, duration, tset, request, p), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    # ------------------------------------------------------------------ page, static assets, docs
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", media_type="text/html",
                            headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="seasentry API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg",
                                   swagger_ui_parameters={"persistAuthorization": True})

    return app
