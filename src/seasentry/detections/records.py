"""Detections as records: the JSON contract of ``seasentry detections --format jsonl`` and of the
web API (``/api/detections``).

One object per detection::

    detection_id, scene_id, time, lat, lon, length_m, width_m, heading_deg, speed_kn, source,
    sensor, confidence, status (matched | ambiguous | dark | infrastructure | rejected, or null
    before the first detection run), reason, mmsi, score, distance_m (when matched / ambiguous),
    vessel {name, flag, ship_type, length_m} (when matched), candidates [{mmsi, name,
    distance_m, sigma_m, report_min, length_m, score, why}], event_id, track_id, target_id,
    context (dark: distance_to_shore_nm, zone, nearest_port, departure, northbound,
    heading_deg, alongside, gap_link, track)

and for ``--missed``: mmsi, name, scene_id, time, lat, lon (interpolated to the image time),
length_m (AIS), sigma_m, report_min, reason.
"""

from __future__ import annotations

import json

from ..timeutil import iso

CONTEXT_KEYS = ("distance_to_shore_nm", "shore_country", "zone", "nearest_port", "departure", "heading_deg",
                "heading_source", "northbound", "alongside", "gap_link", "track")


def _where(store, status=None, scene=None, mmsi=None, start=None, end=None, bbox=None, alias="d"):
    cond, args = [], []
    if status:
        cond.append(f"r.status IN ({', '.join('?' for _ in status)})")
        args += list(status)
    if scene:
        cond.append(f"{alias}.scene_id = ?")
        args.append(scene)
    if mmsi is not None:
        cond.append(f"{'r' if alias == 'd' else alias}.mmsi = ?")
        args.append(int(mmsi))
    if start is not None:
        cond.append(f"{alias}.ts >= ?")
        args.append(store._time(start) if isinstance(start, str) else start)
    if end is not None:
        cond.append(f"{alias}.ts <= ?")
        args.append(store._time(end) if isinstance(end, str) else end)
    if bbox is not None:
        cond.append(f"{alias}.lon BETWEEN ? AND ? AND {alias}.lat BETWEEN ? AND ?")
        args += [bbox[0], bbox[2], bbox[1], bbox[3]]
    return (" WHERE " + " AND ".join(cond)) if cond else "", args


def _exists(con, name: str) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0] > 0


def detection_records(store, status=None, scene=None, mmsi=None, start=None, end=None, bbox=None, limit=None,
                      offset: int = 0, con=None, count: bool = False):
    """Records (list of dicts), or None when no detection table exists. ``count``: (total, records)."""
    c = con or store.con
    if not _exists(c, "detections"):
        return None
    has_res = _exists(c, "detection_results")
    where, args = _where(store, status, scene, mmsi, start, end, bbox)
    res_join = "LEFT JOIN detection_results r USING (detection_id)" if has_res else \
        "LEFT JOIN (SELECT NULL::VARCHAR AS detection_id, NULL::VARCHAR AS status, NULL::VARCHAR AS reason, " \
        "NULL::BIGINT AS mmsi, NULL::DOUBLE AS score, NULL::DOUBLE AS distance_m, NULL AS candidates, " \
        "NULL::BIGINT AS target_id, NULL::VARCHAR AS track_id, NULL::VARCHAR AS event_id) r USING (detection_id)"
    base = f"FROM detections d {res_join} LEFT JOIN vessels v ON v.mmsi = r.mmsi"
    total = c.execute(f"SELECT count(*) {base}{where}", args).fetchone()[0] if count else None
    sql = f"""SELECT d.detection_id, d.scene_id, d.ts, d.lat, d.lon, d.length_m, d.width_m, d.heading_deg,
                     d.speed_kn, d.source, d.sensor, d.confidence, r.status, r.reason, r.mmsi, r.score,
                     r.distance_m, r.candidates, r.event_id, r.track_id, r.target_id,
                     v.name AS v_name, v.flag AS v_flag, v.ship_type AS v_ship_type, v.length AS v_length
              {base}{where} ORDER BY d.ts, d.scene_id, d.detection_id"""
    if limit:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = c.execute(sql, args).fetchall()
    cols = [x[0] for x in c.description]
    recs = [dict(zip(cols, r)) for r in rows]
    # context of dark detections, from their events
    ev_ids = [r["event_id"] for r in recs if r["status"] == "dark" and r["event_id"]]
    ctx = {}
    if ev_ids and _exists(c, "events"):
        for eid, det in c.execute("SELECT event_id, details FROM events WHERE event_id IN (SELECT unnest(?))",
                                  [ev_ids]).fetchall():
            try:
                d = json.loads(det)
            except (TypeError, ValueError):
                continue
            ctx[eid] = d
    names = {}
    mm = sorted({int(x["mmsi"]) for r in recs for x in (r["candidates"] or []) if x.get("mmsi") is not None})
    if mm:
        names = dict(c.execute("SELECT mmsi, name FROM vessels WHERE mmsi IN (SELECT unnest(?))", [mm]).fetchall())
    out = [record(r, ctx.get(r["event_id"]), names) for r in recs]
    return (total, out) if count else out


def record(r: dict, details: dict | None = None, names: dict | None = None) -> dict:
    matched = r["status"] in ("matched", "ambiguous")
    rec = {
        "detection_id": r["detection_id"], "scene_id": r["scene_id"], "time": iso(r["ts"]),
        "lat": r["lat"], "lon": r["lon"], "length_m": _r(r["length_m"], 1), "width_m": _r(r["width_m"], 1),
        "heading_deg": _r(r["heading_deg"], 1), "speed_kn": _r(r["speed_kn"], 2), "source": r["source"],
        "sensor": r["sensor"], "confidence": r["confidence"], "status": r["status"], "reason": r["reason"],
        "mmsi": int(r["mmsi"]) if matched and r["mmsi"] is not None else None,
        "score": r["score"] if matched else None, "distance_m": r["distance_m"] if matched else None,
        "vessel": ({k: v for k, v in {"name": r.get("v_name"), "flag": r.get("v_flag"),
                                      "ship_type": r.get("v_ship_type"), "length_m": r.get("v_length")}.items()
                    if v is not None} if matched else None),
        "candidates": [dict(x, name=(names or {}).get(x.get("mmsi"))) for x in (r["candidates"] or [])],
        "event_id": r["event_id"], "track_id": r["track_id"], "target_id": r["target_id"],
    }
    if details:
        rec["context"] = {k: details.get(k) for k in CONTEXT_KEYS if details.get(k) is not None}
    return rec


def _r(v, nd):
    return None if v is None else round(float(v), nd)


def missed_records(store, scene=None, mmsi=None, start=None, end=None, bbox=None, limit=None, offset: int = 0,
                   con=None, count: bool = False):
    c = con or store.con
    if not _exists(c, "detection_missed"):
        return None if not _exists(c, "detections") else ((0, []) if count else [])
    where, args = _where(store, None, scene, mmsi, start, end, bbox, alias="m")
    total = c.execute(f"SELECT count(*) FROM detection_missed m{where}", args).fetchone()[0] if count else None
    sql = f"""SELECT m.*, v.name FROM detection_missed m LEFT JOIN vessels v USING (mmsi){where}
              ORDER BY m.ts, m.scene_id, m.mmsi"""
    if limit:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = c.execute(sql, args).fetchall()
    cols = [x[0] for x in c.description]
    out = []
    for row in rows:
        r = dict(zip(cols, row))
        out.append({"mmsi": int(r["mmsi"]), "name": r["name"], "scene_id": r["scene_id"], "time": iso(r["ts"]),
                    "lat": r["lat"], "lon": r["lon"], "length_m": r["length_m"], "sigma_m": _r(r["sigma_m"], 1),
                    "report_min": _r(r["report_min"], 1), "reason": r["reason"],
                    "track_id": None if r.get("track_id") is None else int(r["track_id"])})
    return (total, out) if count else out


def scene_records(store, start=None, end=None, bbox=None, limit=None, con=None) -> list[dict]:
    """Scenes with footprint (GeoJSON geometry), time and counts by status."""
    import shapely

    c = con or store.con
    if not _exists(c, "detection_scenes"):
        return []
    where, args = _where(store, None, None, None, start, end, None, alias="s")
    if bbox is not None:
        where += (" AND " if where else " WHERE ") + "s.max_lon >= ? AND s.min_lon <= ? AND s.max_lat >= ? AND s.min_lat <= ?"
        args += [bbox[0], bbox[2], bbox[1], bbox[3]]
    has_res = _exists(c, "detection_results")
    counts = ("(SELECT d.scene_id, r.status, count(*) n FROM detections d LEFT JOIN detection_results r "
              "USING (detection_id) GROUP BY ALL)") if has_res else \
        "(SELECT scene_id, NULL AS status, count(*) n FROM detections GROUP BY ALL)"
    sql = f"""SELECT s.*, (SELECT list(struct_pack(status := k.status, n := k.n)) FROM {counts} k
                            WHERE k.scene_id = s.scene_id) AS counts
              FROM detection_scenes s{where} ORDER BY s.ts, s.scene_id"""
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = c.execute(sql, args).fetchall()
    cols = [x[0] for x in c.description]
    out = []
    for row in rows:
        r = dict(zip(cols, row))
        geom = None
        if r["footprint"]:
            try:
                geom = json.loads(shapely.to_geojson(shapely.from_wkt(r["footprint"])))
            except (shapely.errors.GEOSException, ValueError):
                geom = None
        out.append({"scene_id": r["scene_id"], "source": r["source"], "sensor": r["sensor"], "time": iso(r["ts"]),
                    "start": iso(r["start"]), "end": iso(r["end"]), "pass_direction": r["pass_direction"],
                    "sat_heading_deg": _r(r["sat_heading_deg"], 1), "footprint": geom,
                    "counts": {(k["status"] or "unmatched"): int(k["n"]) for k in (r["counts"] or [])}})
    return out
