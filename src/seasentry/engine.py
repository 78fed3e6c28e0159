"""The embedded (single-machine) engine: store -> tracks -> detectors -> screening -> events table.

Detection always runs over everything stored, so re-running is safe and gives the same
events (event ids are content hashes), and late data revises earlier events (a gap that
late positions fill disappears). The same detector kernels are called by the streaming
and distributed engines.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import polars as pl
import pyarrow as pa

from . import schema as S
from .config import Config


@dataclass
class DetectReport:
    positions: int = 0
    vessels: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    detections: dict[str, int] = field(default_factory=dict)  # satellite/radar detections by match status
    missed: int = 0                                            # AIS vessels in a footprint not detected


def load_inputs(store) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Positions (with a position) and statics, columnar, straight from DuckDB."""
    pos = store.con.execute(
        "SELECT mmsi, ts, lat, lon, sog, cog, heading, nav_status, msg_type, station, msg_key, second, "
        "time_source FROM positions WHERE lat IS NOT NULL").pl()
    sta = store.con.execute("SELECT * FROM statics").pl()
    return pos, sta


def detect(store, cfg: Config | None = None, zones: list[str] | tuple = (), screen: bool = True,
           progress=None) -> DetectReport:
    """Run every detector over the store and replace the ``events`` table."""
    from .detect import detect_events
    from .detect.identity_quality import identity_quality
    from .geo import Geography
    from .tracks import build_tracks

    cfg = cfg or store.config
    rep = DetectReport()
    t0 = time.perf_counter()
    zones = list(zones) + stored_zone_files(store)
    geo = Geography.default(extra_zones=tuple(zones))
    if progress:
        progress("loading positions")
    pos, sta = load_inputs(store)
    rep.positions = pos.height
    rep.vessels = pos["mmsi"].n_unique() if pos.height else 0
    if progress:
        progress(f"detecting events over {rep.positions:,} positions of {rep.vessels:,} vessels")
    t1 = time.perf_counter()
    tracks = build_tracks(pos, cfg)
    del pos  # tracks hold every row still needed: do not keep two copies of the positions
    rep.timings["tracks"] = time.perf_counter() - t1
    ev = detect_events(tracks, sta, geo, cfg, timings=rep.timings)
    t1 = time.perf_counter()
    quality = identity_quality(tracks, sta, cfg)
    rep.timings["identity_quality"] = time.perf_counter() - t1
    del tracks
    return finish_detect(store, cfg, ev, rep, screen, t0, quality=quality)


def finish_detect(store, cfg: Config, ev: pl.DataFrame, rep: DetectReport, screen: bool, t0: float,
                  positions: str = "positions", quality: pl.DataFrame | None = None) -> DetectReport:
    """Common tail of every engine: add sanctions screening and the matching of satellite/radar
    detections to AIS (``positions``: the relation holding the AIS positions), replace the events
    table, count; with ``quality`` (per-MMSI identity quality), write the vessels' identity-quality
    flags."""
    if quality is not None and hasattr(store, "write_identity_quality"):
        store.write_identity_quality(quality)
    frames = [ev]
    if screen:
        t1 = time.perf_counter()
        sm = screening_events(store, cfg)
        rep.timings["sanctions_match"] = time.perf_counter() - t1
        if sm is not None and sm.height:
            frames.append(sm)
    t1 = time.perf_counter()
    de = detection_events(store, cfg, ev, rep, positions)
    if de is not None and de.height:
        rep.timings["detections"] = time.perf_counter() - t1
        frames.append(de)
    events = pl.concat([f.select([c.name for c in S.EVENTS]).cast(_pl_schema()) for f in frames])
    write_events(store, events)
    rep.events_by_type = dict(sorted(events.group_by("type").len().iter_rows()))
    rep.seconds = time.perf_counter() - t0
    return rep


def detection_events(store, cfg: Config, ev: pl.DataFrame, rep: DetectReport, positions: str = "positions"):
    """Match stored satellite/radar detections to AIS (seasentry.detections): ``dark_detection``
    and ``ais_match`` events, or None when no detection was loaded."""
    from .detections.run import match_store
    from .detections.store import has_detections

    if not has_detections(store.con):
        match_store(store, cfg, positions=positions)  # clears results of detections since removed
        return None
    from .geo import Geography

    geo = Geography.default(extra_zones=tuple(stored_zone_files(store)))
    mr = match_store(store, cfg, geo=geo, gap_events=ev, positions=positions)
    rep.detections = mr.by_status
    rep.missed = mr.missed
    return mr.events


def stored_zone_files(store) -> list[str]:
    """Zones created through the web page/API live in the store's ``zones`` table; detection
    uses them like ``--zones`` files (written to a file named by their content hash)."""
    try:
        n = store.con.execute("SELECT count(*) FROM zones").fetchone()[0]
    except Exception:  # no zones table: nothing created through the API
        return []
    if not n:
        return []
    import hashlib
    import tempfile
    from pathlib import Path

    from .web.zones import user_zones_geojson

    text = json.dumps(user_zones_geojson(store.con), ensure_ascii=False, sort_keys=True)
    path = Path(tempfile.gettempdir()) / f"seasentry-zones-{hashlib.sha256(text.encode()).hexdigest()[:16]}.geojson"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return [str(path)]


def _pl_schema() -> dict:
    return dict(pl.from_arrow(S.EVENTS.empty_table()).schema)


def screening_events(store, cfg: Config) -> pl.DataFrame | None:
    """Screen every vessel identity seen in AIS against the loaded sanctions lists, with the rules of
    ``seasentry screen`` (``ScreeningIndex.screen_vessels``: IMO conflicts across all the reports
    of an MMSI, flag, AIS ship type and call sign) and the thresholds of the configuration. Each
    hit says when the list entry was designated relative to the vessel's AIS data."""
    try:
        from .screening import ScreeningIndex
        from .screening.designation import designation_context
    except ImportError:
        return None
    try:
        idx = ScreeningIndex.from_connection(store.con, config=cfg)
    except Exception as exc:  # no lists loaded yet
        if "no lists" in str(exc).lower() or "does not exist" in str(exc).lower():
            return None
        raise
    if idx is None or len(idx) == 0:
        return None
    ids = store.con.execute("""
        SELECT DISTINCT s.mmsi, s.imo, s.name, s.callsign, v.flag, s.ship_type
        FROM statics s LEFT JOIN vessels v USING (mmsi)
        UNION
        SELECT v.mmsi, NULL::BIGINT, NULL, NULL, v.flag, NULL::SMALLINT FROM vessels v""").pl()
    hits = idx.screen_vessels(ids)
    if hits is None or hits.height == 0:
        return None
    first_last = store.con.execute("SELECT mmsi, first_seen, last_seen FROM vessels").pl()
    last_pos = store.con.execute(
        "SELECT mmsi, arg_max(lat, ts) AS lat, arg_max(lon, ts) AS lon FROM positions "
        "WHERE lat IS NOT NULL GROUP BY mmsi").pl()
    best = hits.sort("score", descending=True).unique(subset=["mmsi", "entity_id"], keep="first", maintain_order=True)
    best = best.join(first_last, on="mmsi", how="left").join(last_pos, on="mmsi", how="left")
    by_id = {e.entity_id: e for e in idx.entities}
    rows = []
    for r in best.iter_rows(named=True):
        details = {k: r.get(k) for k in ("entity_id", "list", "list_version", "schema", "name", "matched_name",
                                          "score", "decision", "programs", "matched_on")}
        try:
            details["explanation"] = json.loads(r["explanation"]) if isinstance(r.get("explanation"), str) \
                else r.get("explanation")
        except (TypeError, ValueError):
            details["explanation"] = r.get("explanation")
        e = by_id.get(r["entity_id"])
        if e is not None:
            details["designation"] = designation_context(store.con, e, r["first_seen"], r["last_seen"])
        rows.append({
            "event_id": "", "type": "sanctions_match", "mmsi": r["mmsi"], "other_mmsi": None,
            "start": r["first_seen"], "end": r["last_seen"], "lat": r["lat"], "lon": r["lon"], "zone": None,
            "details": json.dumps(details, default=str, ensure_ascii=False), "confidence": float(r["score"]),
        })
    from .detect._common import finalize_events

    df = pl.DataFrame(rows, schema_overrides={"start": pl.Datetime("us"), "end": pl.Datetime("us"),
                                               "other_mmsi": pl.Int64, "zone": pl.String})
    return finalize_events(df)


def rescreen(store, cfg: Config | None = None) -> int:
    """Screen every vessel again (lists changed) and replace only the ``sanctions_match`` events.

    Returns the number of sanctions_match events now stored.
    """
    sm = screening_events(store, cfg or store.config)
    c = store.con
    c.execute("BEGIN TRANSACTION")
    try:
        c.execute("DELETE FROM events WHERE type = 'sanctions_match'")
        n = 0
        if sm is not None and sm.height:
            tab = sm.select([f.name for f in S.EVENTS]).cast(_pl_schema()).to_arrow().cast(S.EVENTS)
            c.register("b_sm", tab)
            c.execute("INSERT INTO events SELECT * FROM b_sm")
            c.unregister("b_sm")
            n = sm.height
        c.execute("COMMIT")
    except BaseException:
        c.execute("ROLLBACK")
        raise
    return n


def write_events(store, events: pl.DataFrame) -> None:
    c = store.con
    tab = events.to_arrow().cast(S.EVENTS)
    c.execute("BEGIN TRANSACTION")
    try:
        c.execute("DELETE FROM events")
        c.register("b_events", tab)
        c.execute("INSERT INTO events SELECT * FROM b_events")
        c.unregister("b_events")
        c.execute("COMMIT")
    except BaseException:
        c.execute("ROLLBACK")
        raise


def query_events(store, type: str | None = None, mmsi: int | None = None, start=None, end=None,
                 zone: str | None = None, bbox=None, limit: int | None = None) -> pl.DataFrame:
    """Events joined with the vessel's identity, ordered by start time."""
    cond, args = [], []
    if type:
        types = [t.strip() for t in type.split(",")]
        cond.append(f"e.type IN ({', '.join('?' for _ in types)})")
        args += types
    if mmsi is not None:
        cond.append("(e.mmsi = ? OR e.other_mmsi = ?)")
        args += [int(mmsi), int(mmsi)]
    if start is not None:
        cond.append("e.\"end\" >= ?")
        args.append(store._time(start))
    if end is not None:
        cond.append("e.start <= ?")
        args.append(store._time(end))
    if zone:
        cond.append("e.zone = ?")
        args.append(zone)
    if bbox is not None:
        x0, y0, x1, y1 = bbox
        cond.append("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?")
        args += [x0, x1, y0, y1]
    where = (" WHERE " + " AND ".join(cond)) if cond else ""
    sql = f"""SELECT e.*, v.name AS v_name, v.imo AS v_imo, v.callsign AS v_callsign, v.flag AS v_flag,
                     v.ship_type AS v_ship_type
              FROM events e LEFT JOIN vessels v USING (mmsi){where}
              ORDER BY e.start, e.type, e.mmsi"""
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.con.execute(sql, args).pl()


def event_record(r: dict) -> dict:
    """One event as the JSON contract of ``seasentry events --format jsonl``."""
    from .timeutil import iso

    try:
        details = json.loads(r["details"]) if r["details"] else {}
    except ValueError:
        details = {"raw": r["details"]}
    vessel = {k: r.get(f"v_{k}") for k in ("name", "imo", "callsign", "flag", "ship_type")}
    return {
        "event_id": r["event_id"], "type": r["type"], "mmsi": int(r["mmsi"]),
        "other_mmsi": None if r["other_mmsi"] is None else int(r["other_mmsi"]),
        "start": iso(r["start"]), "end": iso(r["end"]), "lat": r["lat"], "lon": r["lon"], "zone": r["zone"],
        "vessel": {k: v for k, v in vessel.items() if v is not None}, "details": details,
        "confidence": r["confidence"],
    }


def events_arrow(events: pl.DataFrame) -> pa.Table:
    return events.to_arrow()
