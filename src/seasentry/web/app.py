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
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import FileResponse, HTMLResponse, StreamingResponse

from .. import __version__
from .alerts_bridge import Unavailable
from .auth import TokenVerifier, audit, ensure_tables
from .deps import WebContext, viewer
from .stream import StoreNotifier, event_stream
from .util import MAX_BODY_BYTES, SafeJSONResponse, clean
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
               poll_interval_s: float = 3.0, token_cache_s: float = 300.0) -> FastAPI:
    """Build the web application over a seasentry store.

    ``db_path``: store file (default: $SEASENTRY_DB or ./seasentry.duckdb); or pass an open
    ``store`` (:class:`seasentry.store.Store`, read-write) to share it, e.g. with a live stream.
    ``bus``: a :class:`seasentry.live.bus.EventBus` whose notifications are forwarded to
    ``/api/stream``; the store is polled every ``poll_interval_s`` seconds in any case.

    The store stays open for the life of the app (not tied to ASGI lifespan events, which test
    clients may run many times); ``app.state.ctx.store.close()`` closes it.
    """
    from ..config import Config
    from ..store import Store

    if store is None:
        store = Store(db_path, config=config)
    cfg = config or getattr(store, "config", None) or Config()
    ensure_tables(store.con)
    ensure_zones_table(store.con)
    ctx = WebContext(store=store, config=cfg, verifier=TokenVerifier(cache_s=token_cache_s), bus=bus,
                     poll_interval_s=poll_interval_s)
    ctx.notifier = StoreNotifier(store, poll_interval_s)

    app = FastAPI(title="seasentry API", version=__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, default_response_class=SafeJSONResponse)
    app.state.ctx = ctx

    # ------------------------------------------------------------------ errors: always a clear JSON 4xx
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        p = getattr(request.state, "principal", None)
        if exc.status_code == 403 and p is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            cur = store.con.cursor()
            try:
                with ctx.write_lock:
                    audit(cur, p, "denied", request.url.path, {"method": request.method}, outcome="forbidden")
            finally:
                cur.close()
        return SafeJSONResponse({"detail": exc.detail, "status": exc.status_code}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errs = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errs[:5])
        return SafeJSONResponse({"detail": f"invalid request: {where}", "errors": clean(errs), "status": 422},
                                status_code=422)

    @app.exception_handler(Unavailable)
    async def unavailable(request: Request, exc: Unavailable):
        return SafeJSONResponse({"detail": str(exc), "status": 501}, status_code=501)

    @app.middleware("http")
    async def limits_and_headers(request: Request, call_next):
        cl = request.headers.get("content-length")
        if cl is not None:
            try:
                n = int(cl)
            except ValueError:
                return SafeJSONResponse({"detail": "bad Content-Length", "status": 400}, status_code=400)
            limit = MAX_BODY_BYTES if request.url.path != "/api/lists" else None
            if limit is not None and n > limit:
                return SafeJSONResponse({"detail": f"request body larger than {limit // 2**20} MiB",
                                         "status": 413}, status_code=413)
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    # ------------------------------------------------------------------ routers
    from . import api_admin, api_alerts, api_events, api_incidents, api_vessels

    for r in (api_admin.router, api_vessels.router, api_events.router, api_alerts.router, api_incidents.router):
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
        return StreamingResponse(event_stream(ctx, duration, tset, request), media_type="text/event-stream",
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
