"""Vessels, identity history, positions, tracks and latest positions."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import numpy as np
import polars as pl
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from starlette.responses import HTMLResponse

from ..store import Store
from . import alerts_bridge as ab
from .deps import config, ctx_of, cursor, viewer
from .tracks import simplify_indices, tolerance_deg
from .util import (
    MAX_LATEST,
    MAX_OFFSET,
    MAX_PAGE,
    MAX_POSITIONS_PAGE,
    MAX_TRACK_POINTS,
    MAX_TRACK_RAW,
    acached,
    clean,
    json_bytes,
    page,
    parse_bbox,
    rows,
    time_range,
)

router = APIRouter(prefix="/api", tags=["vessels"])

MMSI = Path(..., ge=0, le=999_999_999, description="9-digit MMSI")
VESSEL_COLS = ("mmsi, name, callsign, imo, ship_type, length, beam, flag, flag_country, mmsi_kind, "
               "mmsi_valid, ais_class, first_seen, last_seen, positions, static_reports, names, "
               "coalesce(default_mmsi, false) AS default_mmsi, coalesce(shared_mmsi, false) AS shared_mmsi, "
               "coalesce(transmitters, 1) AS transmitters")


def _latest_relation(cur, cfg) -> str:
    """Store.latest_relation, with the table looked up once per store generation."""
    return "latest_positions" if ab.has_table(cur, cfg, "latest_positions") else Store.latest_relation(cur)


def _position_span(cur, cfg, mmsi: int):
    """Store.position_span, with the table looked up once per store generation."""
    if not ab.has_table(cur, cfg, "position_spans"):
        return None
    return cur.execute("SELECT first_ts, last_ts FROM position_spans WHERE mmsi = ?", [mmsi]).fetchone()


def _vessel_or_404(cur, mmsi: int) -> dict:
    r = rows(cur, f"SELECT {VESSEL_COLS} FROM vessels WHERE mmsi = ?", [mmsi])
    if not r:
        raise HTTPException(404, f"no vessel with MMSI {mmsi} in the store")
    return r[0]


@router.get("/vessels", summary="Search vessels by MMSI, IMO, call sign or (part of) any name")
async def search_vessels(request: Request,
                   q: str | None = Query(None, max_length=100, description="MMSI, IMO, call sign or name part"),
                   flag: str | None = Query(None, pattern=r"^[A-Za-z]{2}$", description="ISO-2 flag"),
                   limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                   p=Depends(viewer), cur=Depends(cursor), cfg=Depends(config)):
    def compute():
        cond, args = [], []
        s = (q or "").strip()
        if s:
            like = "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            cond.append("""(CAST(mmsi AS VARCHAR) = ? OR CAST(imo AS VARCHAR) = ? OR upper(callsign) = upper(?)
                OR name ILIKE ? ESCAPE '\\'
                OR mmsi IN (SELECT mmsi FROM vessel_identities WHERE field IN ('name', 'callsign')
                            AND value ILIKE ? ESCAPE '\\')
                OR mmsi IN (SELECT mmsi FROM vessel_identities WHERE field = 'imo' AND value = ?))""")
            args += [s, s, s, like, like, s]
        if flag:
            cond.append("flag = ?")
            args.append(flag.upper())
        where = (" WHERE " + " AND ".join(cond)) if cond else ""
        total = cur.execute(f"SELECT count(*) FROM vessels{where}", args).fetchone()[0]
        items = rows(cur, f"SELECT {VESSEL_COLS} FROM vessels{where} ORDER BY positions DESC, mmsi LIMIT ? OFFSET ?",
                     args + [limit, offset])
        risk = ab.risk_scores(cur, cfg, [it["mmsi"] for it in items])
        for it in items:
            it["risk"] = risk.get(it["mmsi"])
        return page(total, limit, offset, items)

    return await acached(request, compute)


@router.get("/vessels/{mmsi}", summary="One vessel: identity, history, risk, sanctions hits, event counts")
async def vessel_detail(request: Request, mmsi: int = MMSI, p=Depends(viewer), cur=Depends(cursor), cfg=Depends(config)):
    return await acached(request, lambda: _vessel_detail(cur, cfg, mmsi))


def _vessel_detail(cur, cfg, mmsi: int) -> dict:
    v = _vessel_or_404(cur, mmsi)
    v["identities"] = rows(cur, "SELECT field, value, first_seen, last_seen, reports FROM vessel_identities "
                                "WHERE mmsi = ? ORDER BY field, first_seen", [mmsi])
    # the newest position: one row of the store's latest-position table, not a scan of the positions
    last = rows(cur, f"SELECT ts, lat, lon, sog, cog, heading, nav_status FROM {_latest_relation(cur, cfg)} "
                     "WHERE mmsi = ?", [mmsi])
    v["last_position"] = last[0] if last else None
    v["events_by_type"] = dict(cur.execute(
        "SELECT type, count(*) FROM events WHERE mmsi = ? OR other_mmsi = ? GROUP BY type ORDER BY type",
        [mmsi, mmsi]).fetchall())
    hits = []
    for r in rows(cur, "SELECT event_id, details, confidence, start, \"end\" FROM events "
                       "WHERE type = 'sanctions_match' AND mmsi = ? ORDER BY confidence DESC", [mmsi]):
        try:
            d = json.loads(r["details"]) if r["details"] else {}
        except ValueError:
            d = {"raw": r["details"]}
        hits.append({"event_id": r["event_id"], "score": r["confidence"], **(d if isinstance(d, dict) else {})})
    v["sanctions_hits"] = hits
    v["risk"] = ab.vessel_risk(cur, cfg, mmsi)
    v["alerts"] = ab.list_alerts(cur, cfg, mmsi=mmsi, limit=100)[1]
    v["case_file"] = f"/api/vessels/{mmsi}/case"
    return v


@router.get("/vessels/{mmsi}/identities", summary="Identity history: every name, call sign, IMO, type, size")
async def vessel_identities(request: Request, mmsi: int = MMSI, p=Depends(viewer), cur=Depends(cursor)):
    def compute():
        _vessel_or_404(cur, mmsi)
        items = rows(cur, "SELECT field, value, first_seen, last_seen, reports FROM vessel_identities "
                          "WHERE mmsi = ? ORDER BY field, first_seen", [mmsi])
        return {"mmsi": mmsi, "items": items}

    return await acached(request, compute)


@router.get("/vessels/{mmsi}/risk", summary="Risk score of a vessel with its breakdown")
async def vessel_risk(request: Request, mmsi: int = MMSI, p=Depends(viewer), cur=Depends(cursor), cfg=Depends(config)):
    def compute():
        _vessel_or_404(cur, mmsi)
        r = ab.vessel_risk(cur, cfg, mmsi)
        return {"mmsi": mmsi, "available": ab.available(cur, cfg), "risk": r}

    return await acached(request, compute)


@router.get("/vessels/{mmsi}/track", summary="Track in a time range, simplified for a zoom level")
async def vessel_track(request: Request, mmsi: int = MMSI, start: datetime | None = None, end: datetime | None = None,
                 zoom: float | None = Query(None, ge=0, le=24, description="Web-mercator zoom: Douglas-Peucker "
                                            "tolerance of `pixels` screen pixels at this zoom; omit for all points"),
                 pixels: float = Query(1.0, gt=0, le=50),
                 max_points: int = Query(5000, ge=2, le=MAX_TRACK_POINTS),
                 p=Depends(viewer), cur=Depends(cursor), cfg=Depends(config)):
    start, end = time_range(start, end)
    db_path = ctx_of(request).store.path
    return await acached(request, lambda: _track(cur, cfg, mmsi, start, end, zoom, pixels, max_points, db_path))


def _track(cur, cfg, mmsi, start, end, zoom, pixels, max_points, db_path=None) -> dict:
    """``db_path``: the store's file, to read only the vessel's MMSI bucket of a store in parts
    (Store.vessel_positions_relation); None reads the ``positions`` view."""
    import duckdb

    from ..geojson import track_geometry

    _vessel_or_404(cur, mmsi)
    cond, args = ["mmsi = ?", "lat IS NOT NULL"], [mmsi]
    # the vessel's time span (store.position_spans, kept with the positions): DuckDB skips the
    # row groups outside it instead of reading the mmsi column of every position
    span = _position_span(cur, cfg, mmsi)
    if span is not None:
        start = span[0] if start is None else max(start, span[0])
        end = span[1] if end is None else min(end, span[1])
    if start is not None:
        cond.append("ts >= ?")
        args.append(start)
    if end is not None:
        cond.append("ts <= ?")
        args.append(end)
    sql = (f"SELECT epoch_ms(ts) AS t, lat, lon, sog, cog FROM {{rel}} WHERE {' AND '.join(cond)} "
           f"ORDER BY ts LIMIT {MAX_TRACK_RAW}")
    res = None
    if db_path is not None:
        try:
            cat = ab.memo(cfg, "positions_parts", lambda: Store.positions_parts(cur, db_path))
            res = cur.execute(sql.format(rel=Store.vessel_positions_relation(cur, mmsi, db_path, cat)),
                              args).fetchnumpy()
        except duckdb.IOException:  # a part file replaced by a compaction meanwhile: the view's current files
            res = None
    if res is None:
        res = cur.execute(sql.format(rel="positions"), args).fetchnumpy()
    t = np.asarray(res["t"], dtype=np.int64)
    lat = np.asarray(res["lat"], dtype=float)
    lon = np.asarray(res["lon"], dtype=float)
    tol = tolerance_deg(zoom, pixels) if zoom is not None else None
    keep = simplify_indices(lon, lat, tol, max_points)

    def col(name):
        a = res[name]
        vals = np.ma.getdata(a)[keep].astype(float)
        mask = np.ma.getmaskarray(a)[keep]
        return [None if m or not np.isfinite(x) else round(float(x), 1) for x, m in zip(vals, mask)]

    sog, cog = col("sog"), col("cog")
    pts = [[round(float(lon[i]), 6), round(float(lat[i]), 6), int(t[i]), s, c]
           for i, s, c in zip(keep.tolist(), sog, cog)]
    return {"mmsi": mmsi, "fields": ["lon", "lat", "t_ms", "sog", "cog"], "points": pts,
            "raw_points": int(t.size), "returned": len(pts), "truncated": bool(t.size >= MAX_TRACK_RAW),
            "tolerance_deg": tol,
            "start": clean(datetime.fromtimestamp(t[0] / 1000, timezone.utc)) if t.size else None,
            "end": clean(datetime.fromtimestamp(t[-1] / 1000, timezone.utc)) if t.size else None,
            # valid whatever the number of points (a Point for one; split where the vessel was silent
            # longer than gap.max_hours: separate segments, seasentry.geojson)
            "geometry": track_geometry([q[0] for q in pts], [q[1] for q in pts], [q[2] / 1000 for q in pts],
                                       float(cfg.gap.max_hours) * 3600)}


@router.get("/positions", summary="Position reports (paginated), by vessel, time range and bounding box")
async def positions(request: Request, mmsi: int | None = Query(None, ge=0, le=999_999_999), start: datetime | None = None,
              end: datetime | None = None, bbox=Depends(parse_bbox),
              limit: int = Query(1000, ge=1, le=MAX_POSITIONS_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
              p=Depends(viewer), cur=Depends(cursor)):
    start, end = time_range(start, end)
    cond, args = ["lat IS NOT NULL"], []
    if mmsi is not None:
        cond.append("mmsi = ?")
        args.append(mmsi)
    if start is not None:
        cond.append("ts >= ?")
        args.append(start)
    if end is not None:
        cond.append("ts <= ?")
        args.append(end)
    if bbox is not None:
        cond.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        args += [bbox[0], bbox[2], bbox[1], bbox[3]]
    where = " WHERE " + " AND ".join(cond)

    def compute():
        total = cur.execute(f"SELECT count(*) FROM positions{where}", args).fetchone()[0]
        items = rows(cur, f"SELECT mmsi, ts, lat, lon, sog, cog, heading, nav_status, msg_type, station "
                          f"FROM positions{where} ORDER BY mmsi, ts LIMIT ? OFFSET ?", args + [limit, offset])
        return page(total, limit, offset, items)

    return await acached(request, compute)


@router.get("/latest", summary="Latest position of every vessel (for the map), with identity and risk")
async def latest(request: Request, bbox=Depends(parse_bbox),
           max_age_h: float = Query(24.0, gt=0, le=24 * 366 * 50, description="Only vessels heard within "
                                    "this many hours of the newest position in the store"),
           since: datetime | None = Query(None, description="Only vessels with a position newer than this "
                                          "(incremental refresh)"),
           include_fixed: bool = Query(False, description="Include base stations and aids to navigation"),
           limit: int = Query(20_000, ge=1, le=MAX_LATEST),
           p=Depends(viewer), cur=Depends(cursor), cfg=Depends(config)):
    since, _ = time_range(since, None)
    return await acached(request, lambda: _latest(cur, cfg, bbox, max_age_h, since, include_fixed, limit), raw=True)


LATEST_FIELDS = ["mmsi", "t_ms", "lat", "lon", "sog", "cog", "heading", "name", "ship_type", "flag", "kind", "risk"]


def _latest(cur, cfg, bbox, max_age_h, since, include_fixed, limit) -> bytes:
    """The store's latest-position table (one row per vessel: Store.latest_relation), filtered,
    joined with the vessel's identity and risk; the JSON built by column."""
    rel = _latest_relation(cur, cfg)
    newest = cur.execute(f"SELECT max(ts) FROM {rel}").fetchone()[0]
    if newest is None:
        return json_bytes({"newest": None, "count": 0, "truncated": False, "fields": [], "rows": []})
    cond, args = ["l.ts >= ?"], [newest - timedelta(hours=max_age_h)]
    if since is not None:  # vessels heard since: their newest report is newer
        cond.append("l.ts > ?")
        args.append(since)
    if bbox is not None:
        cond.append("l.lon BETWEEN ? AND ? AND l.lat BETWEEN ? AND ?")
        args += [bbox[0], bbox[2], bbox[1], bbox[3]]
    if not include_fixed:
        cond.append("coalesce(v.mmsi_kind, '') NOT IN ('coast_station', 'aton')")
    sql = f"""SELECT l.mmsi, epoch_ms(l.ts) AS t_ms, round(l.lat, 5) AS lat, round(l.lon, 5) AS lon,
                     l.sog::DOUBLE AS sog, l.cog::DOUBLE AS cog, l.heading, v.name, v.ship_type, v.flag, v.mmsi_kind
              FROM {rel} l LEFT JOIN vessels v USING (mmsi)
              WHERE {' AND '.join(cond)} ORDER BY l.mmsi LIMIT ?"""
    df = cur.execute(sql, args + [limit + 1]).pl()
    truncated = df.height > limit
    # JSON-safe by columns (non-finite floats to null) instead of clean() on every value
    df = df.head(limit).with_columns([pl.when(pl.col(c).is_finite()).then(pl.col(c)).alias(c)
                                      for c, t in df.schema.items() if t.is_float()])
    risk = ab.risk_scores(cur, cfg, None)  # already JSON-safe ({"score", "level"})
    out = [[*r, risk.get(r[0])] for r in df.rows()]
    return json.dumps({"newest": clean(newest), "count": len(out), "truncated": truncated, "fields": LATEST_FIELDS,
                       "rows": out}, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


@router.get("/vessels/{mmsi}/case", summary="Evidence case file (self-contained HTML)",
            response_class=HTMLResponse,
            responses={200: {"content": {"text/html": {}}}, 404: {}, 501: {}})
def case_file(request: Request, mmsi: int = MMSI, start: datetime | None = None, end: datetime | None = None,
              p=Depends(viewer), cur=Depends(cursor), cfg=Depends(config)):
    start, end = time_range(start, end)
    _vessel_or_404(cur, mmsi)
    html = ab.case_html(cur, cfg, mmsi, start, end, store_path=ctx_of(request).store.path)
    return HTMLResponse(html, headers={"Content-Security-Policy": "default-src 'none'; img-src data:; "
                                                                    "style-src 'unsafe-inline'"})
