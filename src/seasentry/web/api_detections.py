"""Satellite / radar detections matched to AIS (seasentry.detections): the contract records, the map
layer (detections by status, missed AIS vessels, scene footprints with time) and the scenes."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from ..detections.records import detection_records, missed_records, scene_records
from ..detections.schema import STATUSES
from .deps import cursor, viewer
from .util import MAX_OFFSET, MAX_PAGE, clean, page, parse_bbox, time_range

router = APIRouter(prefix="/api", tags=["detections"])

MAX_MAP = 20_000


def _statuses(status: str | None) -> list[str] | None:
    if not status:
        return None
    st = [s for s in status.split(",") if s]
    bad = sorted(set(st) - set(STATUSES))
    if bad:
        raise HTTPException(422, f"unknown status {', '.join(bad)}: use {', '.join(STATUSES)}")
    return st


class _Ctx:
    """records.py reads ``store._time``; API times are parsed already."""
    @staticmethod
    def _time(v):
        return v


@router.get("/detections", summary="Detections with their match status (the `seasentry detections` contract)")
def list_detections(status: str | None = Query(None, max_length=200, pattern=r"^[a-z]+(,[a-z]+)*$",
                                               description="Comma-separated: " + ", ".join(STATUSES)),
                    scene: str | None = Query(None, max_length=300),
                    mmsi: int | None = Query(None, ge=0, le=999_999_999, description="Matched to this vessel"),
                    start: datetime | None = Query(None, description="Images at or after this time"),
                    end: datetime | None = Query(None, description="Images at or before this time"),
                    bbox=Depends(parse_bbox),
                    limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                    p=Depends(viewer), cur=Depends(cursor)):
    start, end = time_range(start, end)
    res = detection_records(_Ctx, status=_statuses(status), scene=scene, mmsi=mmsi, start=start, end=end, bbox=bbox,
                            limit=limit, offset=offset, con=cur, count=True)
    if res is None:
        return page(0, limit, offset, [])
    total, items = res
    return page(total, limit, offset, clean(items))


@router.get("/detections/missed", summary="AIS vessels inside a footprint at image time that no detection matched")
def list_missed(scene: str | None = Query(None, max_length=300),
                mmsi: int | None = Query(None, ge=0, le=999_999_999),
                start: datetime | None = None, end: datetime | None = None, bbox=Depends(parse_bbox),
                limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                p=Depends(viewer), cur=Depends(cursor)):
    start, end = time_range(start, end)
    res = missed_records(_Ctx, scene=scene, mmsi=mmsi, start=start, end=end, bbox=bbox, limit=limit, offset=offset,
                         con=cur, count=True)
    if res is None:
        return page(0, limit, offset, [])
    total, items = res
    return page(total, limit, offset, clean(items))


@router.get("/detections/scenes", summary="Scenes (images): footprint, time, detections by status")
def list_scenes(start: datetime | None = None, end: datetime | None = None, bbox=Depends(parse_bbox),
                limit: int = Query(500, ge=1, le=MAX_PAGE), p=Depends(viewer), cur=Depends(cursor)):
    start, end = time_range(start, end)
    items = scene_records(_Ctx, start=start, end=end, bbox=bbox, limit=limit, con=cur)
    return {"count": len(items), "items": clean(items)}


@router.get("/detections/map", summary="Map layer: detections (dark, matched ...), missed AIS vessels, footprints")
def detections_map(scene: str | None = Query(None, max_length=300),
                   start: datetime | None = None, end: datetime | None = None, bbox=Depends(parse_bbox),
                   limit: int = Query(5000, ge=1, le=MAX_MAP), p=Depends(viewer), cur=Depends(cursor)):
    start, end = time_range(start, end)
    recs = detection_records(_Ctx, scene=scene, start=start, end=end, bbox=bbox, limit=limit, con=cur) or []
    miss = missed_records(_Ctx, scene=scene, start=start, end=end, bbox=bbox, limit=limit, con=cur) or []
    scenes = scene_records(_Ctx, start=start, end=end, bbox=bbox, limit=MAX_PAGE, con=cur)
    if scene:
        scenes = [s for s in scenes if s["scene_id"] == scene]

    def feat(r, props):
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                "properties": {k: r.get(k) for k in props}}

    dfe = []
    for r in recs:
        f = feat(r, ("detection_id", "scene_id", "time", "status", "reason", "source", "sensor", "length_m",
                     "confidence", "mmsi", "score", "distance_m", "track_id", "event_id"))
        f["properties"]["name"] = (r.get("vessel") or {}).get("name")
        c = r.get("candidates") or []
        f["properties"]["nearest"] = ({"mmsi": c[0]["mmsi"], "name": c[0].get("name"), "why": c[0]["why"],
                                       "distance_m": c[0]["distance_m"]} if c and r["status"] == "dark" else None)
        ctx = r.get("context") or {}
        f["properties"]["context"] = {k: ctx.get(k) for k in ("zone", "departure", "alongside", "gap_link", "northbound",
                                                               "heading_deg") if ctx.get(k) is not None}
        dfe.append(f)
    return clean({
        "detections": {"type": "FeatureCollection", "features": dfe},
        "missed": {"type": "FeatureCollection",
                   "features": [feat(r, ("mmsi", "name", "scene_id", "time", "length_m", "reason")) for r in miss]},
        "scenes": {"type": "FeatureCollection",
                   "features": [{"type": "Feature", "geometry": s["footprint"],
                                 "properties": {k: s[k] for k in ("scene_id", "source", "sensor", "time", "pass_direction",
                                                                  "counts")}}
                                for s in scenes if s["footprint"] is not None]},
        "truncated": len(recs) >= limit,
    })


@router.get("/detections/{detection_id}", summary="One detection")
def get_detection(detection_id: str = Path(..., min_length=1, max_length=300), p=Depends(viewer),
                  cur=Depends(cursor)):
    rows = cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'detections'").fetchone()[0]
    if rows:
        hit = cur.execute("SELECT scene_id FROM detections WHERE detection_id = ?", [detection_id]).fetchone()
        if hit:
            recs = detection_records(_Ctx, scene=hit[0], con=cur) or []
            for r in recs:
                if r["detection_id"] == detection_id:
                    return clean(r)
    raise HTTPException(404, f"no detection {detection_id!r}")
