"""Behaviour events (issue 3 contract records) with filters and pagination.

The events with their vessels' identities are read once into a frame kept until the store
changes (its generation, :mod:`seasentry.web.cache`); a request filters, sorts and pages that
frame, so it costs what its page costs, not a read of every event's details (DuckDB reads the
whole ``details`` column for a top-N: 30 ms of the 35 ms of a first page on the benchmark
store). A store with more than ``MAX_FRAME_EVENTS`` events is queried in SQL instead.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from .. import schema as S
from ..engine import event_record
from .deps import cursor, viewer
from .util import MAX_OFFSET, MAX_PAGE, acached, clean, page, parse_bbox, time_range

router = APIRouter(prefix="/api", tags=["events"])

EVENT_TYPES = S.ALL_EVENT_TYPES

_SELECT = """SELECT e.*, v.name AS v_name, v.imo AS v_imo, v.callsign AS v_callsign, v.flag AS v_flag,
                    v.ship_type AS v_ship_type
             FROM events e LEFT JOIN vessels v USING (mmsi)"""


MAX_FRAME_EVENTS = 200_000
_frame: dict[str, Any] = {}
_frame_lock = threading.Lock()


def _events_frame(cur, gen):
    """Every event joined with its vessel (the columns of _SELECT), kept for the generation
    ``gen``; None when the store is too large to keep it (or its generation is unknown)."""
    if gen is None:
        return None
    key = id(cur._store) if hasattr(cur, "_store") else id(cur)
    with _frame_lock:
        hit = _frame.get("events")
        if hit is not None and hit[0] == (key, gen):
            return hit[1]
        if cur.execute("SELECT count(*) FROM events").fetchone()[0] > MAX_FRAME_EVENTS:
            _frame.clear()
            return None
        df = cur.execute(_SELECT).pl()
        _frame.clear()
        _frame["events"] = ((key, gen), df)
        _frame["records"] = {}      # event_id -> its record (JSON-safe), filled as pages ask for them
    return df


MAX_KEPT_RECORDS = 50_000


def _frame_records(df) -> list[dict]:
    """The records of the rows of ``df`` (a slice of the kept frame): each event's record is
    built once per frame (event_record and clean: 2.2 of the 4.5 ms of CPU of a filtered page of
    the benchmark store) and kept with it, at most MAX_KEPT_RECORDS of them. The records are
    shared between answers: nothing changes them after."""
    kept = _frame.get("records")
    if kept is None:
        return [clean(event_record(r)) for r in df.iter_rows(named=True)]
    out = []
    for r in df.iter_rows(named=True):
        rec = kept.get(r["event_id"])
        if rec is None:
            rec = clean(event_record(r))
            if len(kept) < MAX_KEPT_RECORDS:
                kept[r["event_id"]] = rec
        out.append(rec)
    return out


def _events_from_frame(df, types, mmsi, start, end, zone, bbox, min_confidence, order, limit, offset) -> dict:
    """The SQL filters and order of _events on the kept frame (same rows, same order)."""
    import polars as pl

    c = pl.lit(True)
    if types:
        c = c & pl.col("type").is_in(types)
    if mmsi is not None:
        c = c & ((pl.col("mmsi") == mmsi) | (pl.col("other_mmsi") == mmsi)).fill_null(False)
    if start is not None:
        c = c & (pl.col("end") >= start)
    if end is not None:
        c = c & (pl.col("start") <= end)
    if zone:
        c = c & (pl.col("zone") == zone)
    if bbox is not None:
        c = c & pl.col("lon").is_between(bbox[0], bbox[2]) & pl.col("lat").is_between(bbox[1], bbox[3])
    if min_confidence is not None:
        c = c & (pl.col("confidence") >= min_confidence)
    sel = df.filter(c.fill_null(False))
    sel = sel.sort(["start", "type", "mmsi", "event_id"], descending=[order == "desc", False, False, False],
                   nulls_last=True)
    return page(sel.height, limit, offset, _frame_records(sel.slice(offset, limit)))


def _records(cur, sql: str, args: list) -> list[dict]:
    res = cur.execute(sql, args)
    cols = [d[0] for d in res.description]
    return [clean(event_record(dict(zip(cols, r)))) for r in res.fetchall()]


@router.get("/events", summary="Events filtered by type, zone, time, vessel and bounding box")
async def list_events(request: Request, type: str | None = Query(None, max_length=300, pattern=r"^[a-z_]+(,[a-z_]+)*$",
                                         description="Comma-separated types: " + ", ".join(EVENT_TYPES)),
                zone: str | None = Query(None, max_length=200),
                mmsi: int | None = Query(None, ge=0, le=999_999_999, description="Vessel (either party)"),
                start: datetime | None = Query(None, description="Events ending at or after this time"),
                end: datetime | None = Query(None, description="Events starting at or before this time"),
                bbox=Depends(parse_bbox),
                min_confidence: float | None = Query(None, ge=0, le=1),
                order: Literal["asc", "desc"] = Query("desc", description="By start time"),
                limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                p=Depends(viewer), cur=Depends(cursor)):
    start, end = time_range(start, end)
    ctx = request.app.state.ctx
    gen = ctx.generation() if ctx.generation is not None else None
    return await acached(request, lambda: _events(cur, type, zone, mmsi, start, end, bbox, min_confidence, order, limit,
                                           offset, gen))


def _events(cur, type, zone, mmsi, start, end, bbox, min_confidence, order, limit, offset, gen=None) -> dict:
    cond, args = [], []
    if type:
        types = [t for t in type.split(",") if t]
        unknown = set(types) - set(EVENT_TYPES)
        if unknown:  # a type another stage added is fine when the store holds it
            unknown -= {t for (t,) in cur.execute("SELECT DISTINCT type FROM events").fetchall()}
        unknown = sorted(unknown)
        if unknown:
            raise HTTPException(422, f"unknown event type(s) {', '.join(unknown)}: use {', '.join(EVENT_TYPES)}")
        cond.append(f"e.type IN ({', '.join('?' for _ in types)})")
        args += types
    else:
        types = None
    df = _events_frame(cur, gen)
    if df is not None:
        return _events_from_frame(df, types, mmsi, start, end, zone, bbox, min_confidence, order, limit, offset)
    if mmsi is not None:
        cond.append("(e.mmsi = ? OR e.other_mmsi = ?)")
        args += [mmsi, mmsi]
    if start is not None:
        cond.append('e."end" >= ?')
        args.append(start)
    if end is not None:
        cond.append("e.start <= ?")
        args.append(end)
    if zone:
        cond.append("e.zone = ?")
        args.append(zone)
    if bbox is not None:
        cond.append("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?")
        args += [bbox[0], bbox[2], bbox[1], bbox[3]]
    if min_confidence is not None:
        cond.append("e.confidence >= ?")
        args.append(min_confidence)
    where = (" WHERE " + " AND ".join(cond)) if cond else ""
    total = cur.execute(f"SELECT count(*) FROM events e{where}", args).fetchone()[0]
    direction = "DESC" if order == "desc" else "ASC"
    items = _records(cur, f"{_SELECT}{where} ORDER BY e.start {direction}, e.type, e.mmsi, e.event_id "
                          f"LIMIT ? OFFSET ?", args + [limit, offset])
    return page(total, limit, offset, items)


@router.get("/events/types", summary="Event types with counts")
async def event_types(request: Request, p=Depends(viewer), cur=Depends(cursor)):
    def compute():
        counts = dict(cur.execute("SELECT type, count(*) FROM events GROUP BY type").fetchall())
        return {"types": [{"type": t, "count": int(counts.get(t, 0))} for t in
                          list(EVENT_TYPES) + sorted(set(counts) - set(EVENT_TYPES))]}

    return await acached(request, compute)


@router.get("/events/{event_id}", summary="One event")
def get_event(event_id: str = Path(..., min_length=1, max_length=128), p=Depends(viewer), cur=Depends(cursor)):
    items = _records(cur, f"{_SELECT} WHERE e.event_id = ?", [event_id])
    if not items:
        raise HTTPException(404, f"no event {event_id!r}")
    return items[0]
