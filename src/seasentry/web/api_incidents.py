"""The incident register on the web: list (JSON or GeoJSON for the map layer), one incident with
its sources, and the incident page (sources with the extracted fields highlighted)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from starlette.responses import HTMLResponse

from .deps import cursor, viewer
from .util import MAX_OFFSET, MAX_PAGE, clean, page, parse_bbox, time_range

router = APIRouter(prefix="/api", tags=["incidents"])

TYPES = ("departure", "interception", "rescue", "shipwreck", "seizure", "inspection", "meeting", "resolution",
         "statement", "death")


def _near(near: str | None):
    if not near:
        return None
    try:
        la, lo, km = (float(x) for x in near.split(","))
    except ValueError:
        raise HTTPException(422, "near must be 'lat,lon,km'") from None
    if not (-90 <= la <= 90 and -180 <= lo <= 180 and 0 < km <= 20000):
        raise HTTPException(422, "near: latitude -90..90, longitude -180..180, 0 < km <= 20000")
    return la, lo, km


@router.get("/incidents", summary="Incidents of the register filtered by type, time, place and vessel")
def list_incidents(type: str | None = Query(None, max_length=300, pattern=r"^[a-z_]+(,[a-z_]+)*$",
                                            description="Comma-separated types: " + ", ".join(TYPES)),
                   start: datetime | None = Query(None, description="Incidents ending on or after this day"),
                   end: datetime | None = Query(None, description="Incidents starting on or before this day"),
                   bbox=Depends(parse_bbox),
                   near: str | None = Query(None, max_length=100, description="lat,lon,km"),
                   mmsi: int | None = Query(None, ge=0, le=999_999_999, description="Incidents naming this vessel"),
                   min_confidence: float | None = Query(None, ge=0, le=1),
                   format: Literal["json", "geojson"] = Query("json"),
                   order: Literal["asc", "desc"] = Query("desc", description="By start day"),
                   limit: int = Query(200, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                   p=Depends(viewer), cur=Depends(cursor)):
    from ..reports.register import geojson, query_incidents

    start, end = time_range(start, end)
    types = [t for t in (type or "").split(",") if t]
    unknown = sorted(set(types) - set(TYPES))
    if unknown:
        raise HTTPException(422, f"unknown incident type(s) {', '.join(unknown)}: use {', '.join(TYPES)}")
    total, recs = query_incidents(cur, types or None, start, end, _near(near), bbox=bbox, mmsi=mmsi,
                                  min_confidence=min_confidence, limit=limit, offset=offset, order=order)
    if format == "geojson":
        fc = geojson(recs)
        fc.update({"total": total, "limit": limit, "offset": offset, "count": len(recs)})
        return clean(fc)
    return page(total, limit, offset, clean(recs))


@router.get("/incidents/types", summary="Incident types with counts")
def incident_types(p=Depends(viewer), cur=Depends(cursor)):
    from ..reports.register import has_register

    counts = dict(cur.execute("SELECT type, count(*) FROM incidents GROUP BY 1").fetchall()) \
        if has_register(cur) else {}
    return {"types": [{"type": t, "count": int(counts.get(t, 0))} for t in TYPES]}


@router.get("/incidents/{incident_id}", summary="One incident with every source and its highlighted spans")
def get_incident(incident_id: str = Path(..., min_length=1, max_length=64),
                 p=Depends(viewer), cur=Depends(cursor)):
    from ..reports.register import get_incident as gi

    rec = gi(cur, incident_id)
    if rec is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return clean(rec)


@router.get("/incidents/{incident_id}/page", summary="The incident page (HTML fragment)", response_class=HTMLResponse)
def incident_page(incident_id: str = Path(..., min_length=1, max_length=64),
                  p=Depends(viewer), cur=Depends(cursor)):
    from ..reports.page import render_page
    from ..reports.register import get_incident as gi

    rec = gi(cur, incident_id)
    if rec is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return HTMLResponse(render_page(rec), headers={"Cache-Control": "no-store"})
