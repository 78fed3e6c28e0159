"""Shared helpers of the web API: JSON cleaning, limits, request parameter parsers."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from fastapi import HTTPException, Query
from starlette.responses import JSONResponse, Response

from ..timeutil import iso

# Hard limits on every query size (the API never returns more than these in one response).
MAX_PAGE = 1000            # list endpoints (vessels, events, alerts, audit, positions pages: see below)
MAX_POSITIONS_PAGE = 10_000
MAX_LATEST = 50_000        # latest positions for the map
MAX_TRACK_POINTS = 20_000  # after simplification
MAX_TRACK_RAW = 2_000_000  # positions read for one track before simplification
MAX_OFFSET = 1_000_000
# (request body limits: web.max_body_bytes and web.max_list_upload_bytes in the configuration)


def clean(v: Any) -> Any:
    """Make a value JSON-safe: datetimes as ISO 8601 UTC with Z, NaN/inf as null, numpy scalars
    as Python numbers, nested containers recursively."""
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, datetime):
        return iso(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [clean(x) for x in v]
    if isinstance(v, Decimal):
        return float(v)
    if hasattr(v, "item"):  # numpy scalar
        return clean(v.item())
    if hasattr(v, "tolist"):
        return clean(v.tolist())
    return str(v)


class SafeJSONResponse(JSONResponse):
    """JSON response that never fails on NaN, datetimes or numpy values (they are cleaned)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(clean(content), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")


class CleanJSONResponse(JSONResponse):
    """JSON response for content the handler has already passed through :func:`clean`: skips
    FastAPI's ``jsonable_encoder`` (a handler returning a Response is sent as is) and a second
    cleaning pass; for the big responses (``/api/latest``: 6,000 rows cost ~0.4 s in those two)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def utc_naive(d: datetime | None) -> datetime | None:
    """Aware datetimes to naive UTC (the store's convention); naive ones are taken as UTC."""
    if d is None:
        return None
    if d.tzinfo is not None:
        d = d.astimezone(timezone.utc).replace(tzinfo=None)
    if not (1970 <= d.year <= 2200):
        raise HTTPException(422, f"time {d.isoformat()} is out of range (1970-2200)")
    return d


def time_range(start: datetime | None, end: datetime | None) -> tuple[datetime | None, datetime | None]:
    s, e = utc_naive(start), utc_naive(end)
    if s is not None and e is not None and e < s:
        raise HTTPException(422, "end is before start")
    return s, e


BBOX_DOC = "Bounding box 'min_lon,min_lat,max_lon,max_lat' in WGS84 degrees (e.g. 10,32,16,38)."


async def parse_bbox(bbox: str | None = Query(None, description=BBOX_DOC, max_length=200)
               ) -> tuple[float, float, float, float] | None:
    """Dependency: parse and check a bbox parameter (422 with the reason when bad). ``async``: a
    plain ``def`` dependency runs in a worker thread, so a kept answer (web.util.acached) would
    wait behind slow requests for one."""
    if bbox is None or bbox.strip() == "":
        return None
    parts = bbox.split(",")
    if len(parts) != 4:
        raise HTTPException(422, "bbox must be 4 comma-separated numbers: min_lon,min_lat,max_lon,max_lat")
    try:
        x0, y0, x1, y1 = (float(p) for p in parts)
    except ValueError:
        raise HTTPException(422, "bbox values must be numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        raise HTTPException(422, "bbox values must be finite")
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise HTTPException(422, "bbox out of range or min > max (longitudes -180..180, latitudes -90..90)")
    return x0, y0, x1, y1


def page(total: int, limit: int, offset: int, items: list) -> dict[str, Any]:
    return {"total": int(total), "limit": int(limit), "offset": int(offset), "count": len(items), "items": items}


def rows(cur, sql: str, args: list | None = None) -> list[dict[str, Any]]:
    """Run a query; rows as cleaned dicts."""
    res = cur.execute(sql, args or [])
    cols = [d[0] for d in res.description]
    return [clean(dict(zip(cols, r))) for r in res.fetchall()]


def table_exists(cur, name: str) -> bool:
    return cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                       [name]).fetchone()[0] > 0


def json_bytes(content: Any) -> bytes:
    """The JSON text of ``content`` as SafeJSONResponse writes it."""
    return json.dumps(clean(content), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def cached(request, compute, raw: bool = False):
    """The response of a read, kept until the store changes (seasentry.web.cache): ``compute()``
    returns the content (``raw``: already JSON bytes). Errors (HTTPException) are not kept."""
    from .cache import request_key

    ctx = request.app.state.ctx
    if ctx.responses is None:
        body = compute()
        return Response(body if raw else json_bytes(body), media_type="application/json")
    return ctx.responses.get_or_compute(request_key(request), (lambda: compute()) if raw else
                                        (lambda: json_bytes(compute())))


async def acached(request, compute, raw: bool = False):
    """:func:`cached` for ``async`` handlers: a kept answer is sent from the event loop at once
    (it never waits behind slow requests for a worker thread); anything else is computed in the
    thread pool."""
    from starlette.concurrency import run_in_threadpool

    from .cache import request_key

    ctx = request.app.state.ctx
    if ctx.responses is not None:
        hit = ctx.responses.peek(request_key(request))
        if hit is not None:
            return hit
    return await run_in_threadpool(cached, request, compute, raw)
