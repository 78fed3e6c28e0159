"""Match the stored detections to the stored AIS and write the results (called by every detection
run: ``seasentry detect`` / ``run``, both engines, through :func:`seasentry.engine.finish_detect`).

Steps: read scenes and detections; reject what cannot be a vessel (on land, or outside the
configured confidence / length limits); set aside infrastructure known from AIS aids to
navigation and surveyed platform lists; build the AIS tracks of the hours around the images
(:func:`seasentry.tracks.build_tracks`, so two ships sharing an MMSI are two tracks); run the
matching kernel (:mod:`.match`); find infrastructure by repetition among the unmatched; give
every dark detection its context (:mod:`.context`: shore, zone, port, departure point, vessels
alongside, AIS gaps it may close, possible track) and build the events ``dark_detection`` and
``ais_match``; replace ``detection_results`` and ``detection_missed``.

Everything is recomputed from what is stored, so late AIS turns a dark detection into a match on
the next run, as it fills a gap.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow as pa

from ..config import Config
from . import context as C
from . import schema as S
from .match import SENSOR_CODES, WHY_MATCHED, WHY_OFF, Detections, Params, Scenes, Tracks, match
from .store import ensure_tables, has_detections

HOUR = 3600.0


@dataclass
class MatchReport:
    detections: int = 0
    scenes: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    missed: int = 0
    events: pl.DataFrame | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _epoch_s(s: pl.Series) -> np.ndarray:
    return s.cast(pl.Datetime("us")).dt.epoch("us").to_numpy().astype(np.float64) / 1e6


def _merged_windows(t: np.ndarray, half: float) -> list[tuple[float, float]]:
    if not len(t):
        return []
    ts = np.sort(t)
    out = [[ts[0] - half, ts[0] + half]]
    for x in ts[1:]:
        if x - half <= out[-1][1]:
            out[-1][1] = x + half
        else:
            out.append([x - half, x + half])
    return [(a, b) for a, b in out]


def _us(t: float):
    from datetime import datetime, timedelta
    return datetime(1970, 1, 1) + timedelta(microseconds=int(round(t * 1e6)))


def load_tracks(store, lo: float, hi: float, cfg: Config, positions: str = "positions") -> tuple[Tracks, pl.DataFrame]:
    """AIS vessel tracks with reports in [lo, hi] (epoch s) as kernel input, and the node table
    (node, mmsi, track_id)."""
    from ..detect._common import group_ids, vessel_tracks
    from ..tracks import build_tracks

    pos = store.con.execute(
        f"SELECT mmsi, ts, lat, lon, sog, cog, heading, nav_status, msg_type, station, msg_key FROM {positions} "
        f"WHERE lat IS NOT NULL AND ts BETWEEN ? AND ?", [_us(lo), _us(hi)]).pl()
    tr = vessel_tracks(build_tracks(pos, cfg)) if pos.height else pos
    del pos
    if tr.height == 0:
        z = np.zeros(0)
        return Tracks(np.zeros(0, np.int64), z, z, z, z, z, np.zeros(0, np.int64), z), pl.DataFrame(
            schema={"node": pl.Int64, "mmsi": pl.Int64, "track_id": pl.Int32})
    m = tr["mmsi"].to_numpy()
    k = tr["track_id"].to_numpy()
    node = group_ids(m, k).astype(np.int64)
    first = np.r_[True, node[1:] != node[:-1]]
    nodes = pl.DataFrame({"node": np.arange(int(node[-1]) + 1), "mmsi": m[first], "track_id": k[first]})
    lengths = store.con.execute("SELECT mmsi, length FROM vessels WHERE length > 0").pl()
    ln = nodes.join(lengths, on="mmsi", how="left")["length"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    return Tracks(node=node, t=_epoch_s(tr["ts"]), lat=tr["lat"].to_numpy(), lon=tr["lon"].to_numpy(),
                  sog=tr["sog"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
                  cog=tr["cog"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
                  mmsi=nodes["mmsi"].to_numpy(), length=ln), nodes


def _aids(store, lo: float, hi: float, positions: str) -> pl.DataFrame:
    """AIS aids to navigation and base stations (fixed positions) reporting in [lo, hi]."""
    return store.con.execute(
        f"""SELECT p.mmsi, avg(p.lat) AS lat, avg(p.lon) AS lon, any_value(v.name) AS name
            FROM {positions} p LEFT JOIN vessels v USING (mmsi)
            WHERE p.lat IS NOT NULL AND p.msg_type IN (4, 21) AND p.ts BETWEEN ? AND ?
            GROUP BY p.mmsi, round(p.lat, 3), round(p.lon, 3)""", [_us(lo), _us(hi)]).pl()


def match_store(store, cfg: Config | None = None, geo=None, gap_events: pl.DataFrame | None = None,
                positions: str = "positions", progress=None) -> MatchReport:
    """Match every stored detection; write detection_results / detection_missed; return the report
    with the events (``dark_detection``, ``ais_match``) to add to the events table."""
    cfg = cfg or store.config
    rep = MatchReport()
    con = store.con
    if not has_detections(con):
        try:
            con.execute("DELETE FROM detection_results")
            con.execute("DELETE FROM detection_missed")
        except Exception:  # no tables: no detections were ever loaded
            pass
        return rep
    ensure_tables(con)
    t_all = time.perf_counter()
    if geo is None:
        from ..geo import Geography
        geo = Geography.default()
    dc = cfg.detections
    if dc.method not in ("model", "radius"):
        raise ValueError(f"detections.method must be 'model' or 'radius', not {dc.method!r}")
    p = Params.from_config(cfg)
    det = con.execute("""SELECT d.*, s.ts AS scene_ts FROM detections d LEFT JOIN detection_scenes s USING (scene_id)
                         ORDER BY s.ts NULLS LAST, d.scene_id, d.detection_id""").pl()
    sc = con.execute("SELECT * FROM detection_scenes WHERE scene_id IN (SELECT DISTINCT scene_id FROM detections) "
                     "ORDER BY ts, scene_id").pl()
    rep.detections, rep.scenes = det.height, sc.height
    n = det.height
    lat, lon = det["lat"].to_numpy(), det["lon"].to_numpy()
    length = det["length_m"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    conf = det["confidence"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    t_det = _epoch_s(det["scene_ts"].fill_null(det["ts"]))
    scene_idx = {s: i for i, s in enumerate(sc["scene_id"].to_list())}
    d_scene = np.array([scene_idx.get(s, -1) for s in det["scene_id"].to_list()], np.int64)

    # ---- rejected: cannot be a vessel, or outside the configured limits
    t0 = time.perf_counter()
    reason = np.full(n, None, dtype=object)
    status = np.full(n, "", dtype=object)

    def set_(mask, st, why):
        m = np.asarray(mask, bool) & (status == "")
        status[m] = st
        reason[m] = why

    set_(geo.on_land(lat, lon, margin_m=dc.land_margin_m), "rejected", "on_land")
    set_(np.isfinite(length) & (length > dc.max_length_m), "rejected", "too_long")
    set_(np.isfinite(conf) & (conf < dc.min_confidence), "rejected", "low_confidence")
    set_(np.isfinite(length) & (length < dc.min_length_m), "rejected", "too_short")
    set_(d_scene < 0, "rejected", "no_scene")
    # ---- infrastructure known from AIS aids to navigation and surveyed platform lists
    lo_all, hi_all = float(t_det.min()) - p.max_gap_s, float(t_det.max()) + p.max_gap_s
    aids = _aids(store, lo_all, hi_all, positions)
    infra_name = np.full(n, None, dtype=object)
    if aids.height:
        from scipy.spatial import cKDTree
        tree = cKDTree(C.ecef(aids["lat"].to_numpy(), aids["lon"].to_numpy()))
        dd, ii = tree.query(C.ecef(lat, lon), k=1, distance_upper_bound=dc.infra_aton_radius_m)
        hit = np.isfinite(dd)
        names = aids["name"].to_list()
        mm = aids["mmsi"].to_list()
        for i in np.flatnonzero(hit & (status == "")):
            infra_name[i] = f"AIS aid to navigation {names[ii[i]] or ''} (MMSI {mm[ii[i]]})".replace("  ", " ")
        set_(hit, "infrastructure", "ais_aid_to_navigation")
    plats = C.platforms(dc.platforms_file)
    p_idx, p_dist = C.listed_platform(lat, lon, plats)
    surveyed = np.array([plats[i]["position"] == "surveyed" if i >= 0 else False for i in p_idx], bool)
    for i in np.flatnonzero(surveyed & (status == "")):
        infra_name[i] = plats[p_idx[i]]["name"]
    set_(surveyed, "infrastructure", "listed_platform")
    rep.timings["prepare"] = time.perf_counter() - t0

    # ---- kernel, per window of AIS around the images
    sc_t = _epoch_s(sc["ts"])
    fps = _footprints(sc["footprint"].to_list())
    bbox = sc.select("min_lon", "min_lat", "max_lon", "max_lat").fill_null(np.nan).to_numpy().astype(float)
    sensor = np.array([SENSOR_CODES.get(s or "other", 4) for s in sc["sensor"].to_list()], np.int64)
    heading = sc["sat_heading_deg"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    m_status = np.zeros(n, np.int64)
    m_node_mmsi = np.full(n, -1, np.int64)
    m_score = np.full(n, np.nan)
    m_dist = np.full(n, np.nan)
    cand_frames, missed_frames, off_frames, near_frames = [], [], [], []
    half = p.max_gap_s + p.off_s
    windows = _merged_windows(sc_t, half)
    t_kernel = 0.0
    for lo, hi in windows:
        sidx = np.flatnonzero((sc_t >= lo + half - 1e-6) & (sc_t <= hi - half + 1e-6))
        if not len(sidx):
            continue
        if progress:
            progress(f"matching {len(sidx)} scene(s) to AIS")
        t0 = time.perf_counter()
        tr, nodes = load_tracks(store, lo, hi, cfg, positions)
        rep.timings["load_ais"] = rep.timings.get("load_ais", 0.0) + time.perf_counter() - t0
        sel = np.flatnonzero(np.isin(d_scene, sidx))
        local = {int(s): k for k, s in enumerate(sidx)}
        dets = Detections(scene=np.array([local[int(s)] for s in d_scene[sel]], np.int64), lat=lat[sel], lon=lon[sel],
                          length=length[sel], active=(status[sel] == ""))
        scenes = Scenes(t=sc_t[sidx], sensor=sensor[sidx], heading=heading[sidx], bbox=bbox[sidx],
                        footprint=[fps[i] for i in sidx])
        t0 = time.perf_counter()
        res = match(dets, scenes, tr, p, timings=rep.timings.setdefault("kernel_parts", {}))
        t_kernel += time.perf_counter() - t0
        m_status[sel] = res.status
        ok = res.node >= 0
        m_node_mmsi[sel[ok]] = tr.mmsi[res.node[ok]]
        m_score[sel] = res.score
        m_dist[sel] = res.distance
        cand_frames.append(pl.DataFrame({
            "row": sel[res.c_det], "mmsi": tr.mmsi[res.c_node], "distance_m": res.c_dist, "sigma_m": res.c_sigma,
            "report_min": res.c_report / 60.0, "length_m": tr.length[res.c_node], "score": res.c_score,
            "why_code": res.c_why, "other_row": np.where(res.c_other >= 0, sel[np.maximum(res.c_other, 0)], -1)}))
        if len(res.m_node):
            missed_frames.append(pl.DataFrame({
                "scene_row": sidx[res.m_scene], "mmsi": tr.mmsi[res.m_node], "lat": res.m_lat, "lon": res.m_lon,
                "sigma_m": res.m_sigma, "report_min": res.m_report / 60.0, "length_m": tr.length[res.m_node],
                # several transmitters on one (default or shared) MMSI are separate tracks: which one
                "track_id": nodes["track_id"].to_numpy()[res.m_node]}))
        if len(res.o_node):
            pi, ni = res.o_prev, res.o_next
            off_frames.append(pl.DataFrame({
                "scene_row": sidx[res.o_scene], "mmsi": tr.mmsi[res.o_node], "length_m": tr.length[res.o_node],
                "prev_t": np.where(pi >= 0, tr.t[np.maximum(pi, 0)], np.nan),
                "prev_lat": np.where(pi >= 0, tr.lat[np.maximum(pi, 0)], np.nan),
                "prev_lon": np.where(pi >= 0, tr.lon[np.maximum(pi, 0)], np.nan),
                "next_t": np.where(ni >= 0, tr.t[np.maximum(ni, 0)], np.nan),
                "next_lat": np.where(ni >= 0, tr.lat[np.maximum(ni, 0)], np.nan),
                "next_lon": np.where(ni >= 0, tr.lon[np.maximum(ni, 0)], np.nan)}))
        del tr, nodes
    rep.timings["kernel"] = t_kernel

    # ---- statuses
    t0 = time.perf_counter()
    open_ = status == ""
    status[open_ & (m_status == 1)] = "matched"
    status[open_ & (m_status == 2)] = "ambiguous"
    status[open_ & (m_status <= 0)] = "dark"
    # infrastructure by repetition among the unmatched (and near approximately placed platforms)
    dark = np.flatnonzero(status == "dark")
    pass_of = _pass_ids(t_det)
    if len(dark):
        lab, npass, span_h = C.repeated_spots(lat[dark], lon[dark], t_det[dark], pass_of[dark], dc.infra_repeat_radius_m)
        rep_hit = (npass >= dc.infra_min_scenes) & (span_h >= dc.infra_min_span_h)
        listed = p_idx[dark] >= 0
        list_hit = listed & (npass >= dc.infra_listed_min_scenes)
        for j in np.flatnonzero(rep_hit | list_hit):
            i = dark[j]
            status[i] = "infrastructure"
            if list_hit[j]:
                reason[i] = "listed_platform"
                infra_name[i] = f"{plats[p_idx[i]]['name']} (seen in {npass[j]} passes)"
            else:
                reason[i] = "repeated"
                infra_name[i] = f"fixed object seen at this spot in {npass[j]} passes over {span_h[j]:.0f} h"
    rep.timings["infrastructure"] = time.perf_counter() - t0

    # ---- candidates (why each vessel was not the match), vessels' names and kinds
    t0 = time.perf_counter()
    vessels = con.execute("SELECT mmsi, name, ship_type, length FROM vessels").pl()
    cands = pl.concat(cand_frames) if cand_frames else pl.DataFrame(
        schema={"row": pl.Int64, "mmsi": pl.Int64, "distance_m": pl.Float64, "sigma_m": pl.Float64,
                "report_min": pl.Float64, "length_m": pl.Float64, "score": pl.Float64, "why_code": pl.Int64,
                "other_row": pl.Int64})
    cands = _why_text(cands, det, length, p)
    rep.timings["candidates"] = time.perf_counter() - t0

    # ---- dark context and events
    t0 = time.perf_counter()
    ids = det["detection_id"].to_list()
    track = np.full(n, None, dtype=object)
    target = np.full(n, None, dtype=object)
    ev_frames = []
    dark = np.flatnonzero(status == "dark")
    offs = pl.concat(off_frames) if off_frames else None
    if len(dark):
        ev_frames.append(_dark_events(det, dark, lat, lon, length, conf, t_det, pass_of, cands, vessels, offs,
                                      d_scene, scene_idx, gap_events, geo, cfg, track, target))
    good = np.flatnonzero(np.isin(status, ["matched", "ambiguous"]))
    if len(good):
        ev_frames.append(_match_events(det, good, status, m_node_mmsi, m_score, m_dist, length, vessels))
    events = pl.concat([f for f in ev_frames if f is not None and f.height]) if ev_frames else None
    rep.events = events
    rep.timings["events"] = time.perf_counter() - t0

    # ---- results and missed into the store
    t0 = time.perf_counter()
    ev_id = {}
    if events is not None and events.height:
        for d_id, e_id in zip(events["_detection_id"].to_list(), events["event_id"].to_list()):
            ev_id[d_id] = e_id
        rep.events = events.drop("_detection_id")
    res = pl.DataFrame({
        "row": np.arange(n), "detection_id": ids, "status": status.astype(str), "reason": list(reason),
        "mmsi": pl.Series(np.where(np.isin(status, ["matched", "ambiguous"]), m_node_mmsi, 0)).replace(0, None),
        "score": pl.Series(np.where(np.isin(status, ["matched", "ambiguous"]), m_score, np.nan)).fill_nan(None),
        "distance_m": pl.Series(np.where(np.isin(status, ["matched", "ambiguous"]), m_dist, np.nan)).fill_nan(None),
        "target_id": pl.Series(list(target), dtype=pl.Int64), "track_id": pl.Series(list(track), dtype=pl.String),
        "event_id": pl.Series([ev_id.get(i) for i in ids], dtype=pl.String),
        "infra": pl.Series(list(infra_name), dtype=pl.String)}, strict=False)
    res = res.with_columns(pl.when(pl.col("status") == "infrastructure").then(
        pl.col("reason") + pl.lit(": ") + pl.col("infra")).otherwise(pl.col("reason")).alias("reason"))
    struct = cands.select("row", pl.struct("mmsi", "distance_m", "sigma_m", "report_min", "length_m", "score",
                                           "why").alias("c"))
    lists = struct.group_by("row", maintain_order=True).agg(pl.col("c").alias("candidates"))
    res = res.join(lists, on="row", how="left").sort("row")
    _write_results(con, res)
    missed = _missed(sc, missed_frames, vessels, geo, cfg)
    _write_missed(con, missed)
    rep.missed = missed.height
    rep.by_status = {s: int((status == s).sum()) for s in S.STATUSES if (status == s).any()}
    rep.timings["write"] = time.perf_counter() - t0
    rep.timings["total"] = time.perf_counter() - t_all
    return rep


def _pass_ids(t: np.ndarray, gap_s: float = 600.0) -> np.ndarray:
    from .match import _passes
    return _passes(t, gap_s) if len(t) else np.zeros(0, np.int64)


def _footprints(wkts: list) -> list:
    import shapely

    out = []
    for w in wkts:
        try:
            out.append(shapely.from_wkt(w) if w else None)
        except shapely.errors.GEOSException:
            out.append(None)
    return out


def _why_text(c: pl.DataFrame, det: pl.DataFrame, length: np.ndarray, p: Params) -> pl.DataFrame:
    """The reason text of each (detection, vessel) pair."""
    ids = det["detection_id"]
    c = c.with_columns(
        pl.Series("det_len", length[c["row"].to_numpy()] if c.height else np.zeros(0)),
        pl.Series("other_id", [ids[int(o)] if o >= 0 else None for o in c["other_row"].to_list()], dtype=pl.String))
    gate = pl.col("sigma_m") * p.gate
    w = pl.col("why_code")
    why = (pl.when(w == 0).then(pl.lit("matched"))
           .when(w == 1).then(pl.format("too far: {} m from its expected position, more than {} m ({} sigma)",
                                        pl.col("distance_m").round(0).cast(pl.Int64), gate.round(0).cast(pl.Int64),
                                        pl.lit(f"{p.gate:g}")))
           .when(w == 2).then(pl.format("length: detected {} m, AIS {} m", pl.col("det_len").round(0).cast(pl.Int64),
                                        pl.col("length_m").round(0).cast(pl.Int64)))
           .when(w == 3).then(pl.format("matched to detection {} instead", pl.col("other_id")))
           .when(w == 4).then(pl.format("score {} below {}: as likely an object without AIS", pl.col("score").round(4),
                                        pl.lit(f"{p.min_score:g}")))
           .when(w == 5).then(pl.format("AIS off: silent at least {} h around the image (nearest report {} min away)",
                                        pl.lit(f"{p.off_s / HOUR:g}"), pl.col("report_min").round(0).cast(pl.Int64)))
           .when(w == 6).then(pl.lit("lower score than the matched vessel"))
           .when(w == 7).then(pl.format("outside the search radius ({} m away)",
                                        pl.col("distance_m").round(0).cast(pl.Int64)))
           .otherwise(pl.lit("?")))
    return c.with_columns(why.alias("why"), pl.col("length_m").fill_nan(None),
                          pl.col("distance_m").round(1), pl.col("sigma_m").round(1), pl.col("report_min").round(1),
                          pl.col("score").round(6))


def _names(vessels: pl.DataFrame) -> dict[int, tuple]:
    return {int(m): (nm, C.ship_kind(st), None if ln is None or ln <= 0 else float(ln))
            for m, nm, st, ln in vessels.select("mmsi", "name", "ship_type", "length").iter_rows()}


def _dark_events(det, dark, lat, lon, length, conf, t_det, pass_of, cands, vessels, offs, d_scene, scene_idx,
                 gap_events, geo, cfg, track, target) -> pl.DataFrame:
    from ..detect._common import make_events

    dc = cfg.detections
    k = len(dark)
    la, lo = lat[dark], lon[dark]
    ids = [det["detection_id"][int(i)] for i in dark]
    names = _names(vessels)
    # geography
    shore = np.asarray(geo.distance_to_shore_nm(la, lo), float)
    country = geo.shore_country(la, lo)
    zmat = geo.in_zones(la, lo)
    znames = geo.zone_names
    zone = [next((znames[z] for z in range(len(znames)) if zmat[z, j]), None) for j in range(k)]
    pidx, pkm = geo.nearest_port(la, lo)
    ports = geo.ports
    dep = C.departure_points()
    di, dd = C.nearest_point(la, lo, dep)
    # possible tracks across passes
    lab, size = C.dark_tracks(la, lo, t_det[dark], pass_of[dark], dc.track_max_gap_h, dc.track_max_speed_kn,
                              dc.track_slack_km)
    tinfo = {}
    for g in np.unique(lab):
        mem = np.flatnonzero(lab == g)
        mem = mem[np.argsort(t_det[dark][mem], kind="stable")]
        first, last = mem[0], mem[-1]
        tid = C.track_label(ids[first])
        info = {"track_id": tid, "detections": len(mem),
                "detection_ids": [ids[m] for m in mem]}
        if len(mem) > 1 and t_det[dark][last] - t_det[dark][first] > 120:
            dist = float(C.haversine_m(la[first], lo[first], la[last], lo[last]))
            dt = float(t_det[dark][last] - t_det[dark][first])
            info.update(course_deg=round(float(C.bearing_deg(la[first], lo[first], la[last], lo[last])), 1),
                        speed_kn=round(dist / dt / (1852.0 / 3600.0), 2), hours=round(dt / HOUR, 2),
                        distance_km=round(dist / 1000.0, 2))
        for m in mem:
            tinfo[m] = info
    # alongside: the nearest AIS-on vessel within alongside_max_m
    near = (cands.filter(pl.col("row").is_in(list(map(int, dark))) & (pl.col("why_code") != WHY_OFF))
            .sort("distance_m").group_by("row", maintain_order=True).first())
    along = {int(r): (int(m), float(d)) for r, m, d in near.select("row", "mmsi", "distance_m").iter_rows()
             if d is not None and d <= dc.alongside_max_m}
    cand_lists = {}
    for r, m, dist, why in cands.filter(pl.col("row").is_in(list(map(int, dark)))).select(
            "row", "mmsi", "distance_m", "why").iter_rows():
        cand_lists.setdefault(int(r), []).append({"mmsi": int(m), "name": names.get(int(m), (None,))[0],
                                                  "distance_m": dist, "why": why})
    links = _gap_links(dark, la, lo, length, t_det, d_scene, offs, gap_events, names, cfg)
    heading = det["heading_deg"].cast(pl.Float64).fill_null(np.nan).to_numpy()[dark]
    speed = det["speed_kn"].cast(pl.Float64).fill_null(np.nan).to_numpy()[dark]
    rows = []
    for j, i in enumerate(dark):
        i = int(i)
        tri = tinfo[j]
        track[i] = tri["track_id"]
        target[i] = C.target_id(ids[j])
        course, src = None, None
        if "course_deg" in tri:
            course, src = tri["course_deg"], "track"
        elif np.isfinite(heading[j]):
            course, src = float(heading[j]), "detection"
        north = None if course is None else bool(np.cos(np.radians(course)) >= np.cos(np.radians(dc.northbound_max_deg)))
        d = {
            "detection_id": ids[j], "scene_id": det["scene_id"][i], "source": det["source"][i],
            "sensor": det["sensor"][i], "length_m": None if not np.isfinite(length[i]) else round(float(length[i]), 1),
            "confidence": None if not np.isfinite(conf[i]) else float(conf[i]),
            "distance_to_shore_nm": round(float(shore[j]), 2) if np.isfinite(shore[j]) else None,
            "shore_country": country[j], "zone": zone[j],
            "nearest_port": None if pidx[j] < 0 else {
                "name": ports["name"][int(pidx[j])], "country": ports["country"][int(pidx[j])],
                "km": round(float(pkm[j]), 1)},
            "departure": None if di[j] < 0 else {"name": dep[di[j]]["name"], "distance_km": round(float(dd[j]) / 1000, 1)},
            "heading_deg": course, "heading_source": src, "northbound": north,
            "speed_kn": None if not np.isfinite(speed[j]) else float(speed[j]),
            "track": tri, "candidates": cand_lists.get(i, []),
        }
        if i in along:
            m, dist = along[i]
            nm, kind, ln = names.get(m, (None, "unknown", None))
            d["alongside"] = {"mmsi": m, "name": nm, "kind": kind, "length_m": ln, "distance_m": round(dist, 1)}
        if j in links:
            d["gap_link"] = links[j]
        rows.append(d)
    other = [(r.get("alongside") or {}).get("mmsi") or (r.get("gap_link") or {}).get("mmsi") for r in rows]
    t_us = (t_det[dark] * 1e6).round().astype(np.int64)
    confs = [r["confidence"] if r["confidence"] is not None else 0.5 for r in rows]
    ev = make_events("dark_detection", [target[int(i)] for i in dark], t_us, t_us, la, lo, rows, confs,
                     other_mmsi=other, zone=zone)
    # stable ids from the detection id (make_events' ids depend on the order of others)
    by_target = {target[int(i)]: ids[j] for j, i in enumerate(dark)}
    ev = ev.with_columns(pl.col("mmsi").replace_strict(by_target, return_dtype=pl.String).alias("_detection_id"))
    return ev.with_columns(pl.col("_detection_id").map_elements(lambda x: C.event_id_for("dark_detection", x),
                                                                return_dtype=pl.String).alias("event_id"))


def _gap_links(dark, la, lo, length, t_det, d_scene, offs, gap_events, names, cfg) -> dict[int, dict]:
    """Vessels with AIS off at the image time that could be the dark detection (see context.py)."""
    if offs is None or offs.height == 0:
        return {}
    dc = cfg.detections
    v = dc.gap_link_speed_kn * 1852.0 / 3600.0
    slack = dc.gap_link_slack_km * 1000.0
    j = pl.DataFrame({"j": np.arange(len(dark)), "scene_row": d_scene[dark], "lat": la, "lon": lo,
                      "t": t_det[dark], "len": length[dark]}).join(offs, on="scene_row", how="inner")
    if j.height == 0:
        return {}
    d_prev = C.haversine_m(j["prev_lat"].to_numpy(), j["prev_lon"].to_numpy(), j["lat"].to_numpy(), j["lon"].to_numpy())
    d_next = C.haversine_m(j["lat"].to_numpy(), j["lon"].to_numpy(), j["next_lat"].to_numpy(), j["next_lon"].to_numpy())
    t = j["t"].to_numpy()
    okp = np.isfinite(d_prev) & (d_prev <= v * (t - j["prev_t"].to_numpy()) + slack)
    okn = ~np.isfinite(j["next_t"].to_numpy()) | (d_next <= v * (j["next_t"].to_numpy() - t) + slack)
    p = Params.from_config(cfg)
    with np.errstate(divide="ignore", invalid="ignore"):
        zl = (np.log(j["len"].to_numpy()) - (p.length_a + p.length_b * np.log(j["length_m"].to_numpy()))) / p.length_s_sar
    okl = ~np.isfinite(zl) | (np.abs(zl) <= dc.gap_link_length_sigmas)
    j = j.with_columns(pl.Series("from_start_m", d_prev), pl.Series("zlen", np.nan_to_num(np.abs(zl), nan=1.0)))
    j = j.filter(pl.Series(okp & okn & okl))
    if j.height == 0:
        return {}
    # the best agreeing length first, then the nearest to where it went dark
    j = j.sort(["j", "zlen", "from_start_m"]).group_by("j", maintain_order=True).first()
    gaps = None
    if gap_events is not None and gap_events.height:
        gaps = gap_events.filter(pl.col("type") == "gap").select("event_id", "mmsi", "start", "end")
    out = {}
    for r in j.iter_rows(named=True):
        m = int(r["mmsi"])
        nm, kind, ln = names.get(m, (None, "unknown", None))
        went = _us(r["prev_t"]) if np.isfinite(r["prev_t"]) else None
        eid = None
        if gaps is not None and went is not None:
            g = gaps.filter((pl.col("mmsi") == m) & (pl.col("start") <= _us(r["t"])) & (pl.col("end") >= _us(r["t"])))
            if g.height:
                eid = g["event_id"][0]
        out[int(r["j"])] = {"mmsi": m, "name": nm, "kind": kind, "length_m": ln, "gap_event_id": eid,
                            "went_dark": None if went is None else went.isoformat() + "Z",
                            "from_start_km": round(r["from_start_m"] / 1000.0, 2),
                            "hours_since_dark": None if went is None else round((r["t"] - r["prev_t"]) / HOUR, 2),
                            "reappeared": None if not np.isfinite(r["next_t"]) else _us(r["next_t"]).isoformat() + "Z"}
    return out


def _match_events(det, good, status, mmsi, score, dist, length, vessels) -> pl.DataFrame:
    from ..detect._common import make_events

    names = _names(vessels)
    t_us = det["scene_ts"].fill_null(det["ts"]).cast(pl.Datetime("us")).dt.epoch("us").to_numpy()[good]
    rows, ids = [], []
    for i in good:
        i = int(i)
        m = int(mmsi[i])
        nm, kind, ln = names.get(m, (None, "unknown", None))
        ids.append(det["detection_id"][i])
        rows.append({"detection_id": det["detection_id"][i], "scene_id": det["scene_id"][i],
                     "source": det["source"][i], "sensor": det["sensor"][i], "status": status[i],
                     "score": float(score[i]), "distance_m": round(float(dist[i]), 1),
                     "length_m": None if not np.isfinite(length[i]) else round(float(length[i]), 1),
                     "ais_length_m": ln, "name": nm})
    ev = make_events("ais_match", mmsi[good], t_us, t_us, det["lat"].to_numpy()[good], det["lon"].to_numpy()[good],
                     rows, score[good])
    ev = ev.with_columns(pl.col("details").str.json_path_match("$.detection_id").alias("_detection_id"))
    return ev.with_columns(pl.col("_detection_id").map_elements(lambda x: C.event_id_for("ais_match", x),
                                                                return_dtype=pl.String).alias("event_id"))


def _missed(sc: pl.DataFrame, frames: list, vessels: pl.DataFrame, geo, cfg) -> pl.DataFrame:
    empty = pl.from_arrow(S.MISSED.empty_table())
    if not frames:
        return empty
    dc = cfg.detections
    m = pl.concat(frames)
    shore = np.asarray(geo.distance_to_shore_nm(m["lat"].to_numpy(), m["lon"].to_numpy()), float)
    m = m.filter(pl.Series(np.nan_to_num(shore, nan=0.0) >= dc.missed_min_shore_nm))
    if m.height == 0:
        return empty
    sids = sc["scene_id"].to_list()
    ts = sc["ts"].to_list()
    m = m.with_columns(pl.Series("scene_id", [sids[i] for i in m["scene_row"].to_list()], dtype=pl.String),
                       pl.Series("ts", [ts[i] for i in m["scene_row"].to_list()], dtype=pl.Datetime("us")))
    L = m["length_m"].fill_nan(None)
    reason = (pl.when(pl.col("length_m").is_null() | pl.col("length_m").is_nan())
              .then(pl.lit("not detected (AIS length unknown)"))
              .when(pl.col("length_m") < dc.small_vessel_m)
              .then(pl.format("small ({} m): probably below what the sensor detects",
                              pl.col("length_m").round(0).cast(pl.Int64)))
              .otherwise(pl.lit("not detected: possible sensor miss (or the AIS position is wrong)")))
    m = m.with_columns(L.alias("length_m"), reason.alias("reason"))
    return m.select([f.name for f in S.MISSED]).sort(["ts", "scene_id", "mmsi"])


def _write_results(con, res: pl.DataFrame) -> None:
    tab = res.select([f.name for f in S.RESULTS])
    arrow = tab.to_arrow()
    arrow = pa.Table.from_arrays([arrow.column(f.name).cast(f.type) if f.name != "candidates" else
                                  _cast_candidates(arrow.column("candidates")) for f in S.RESULTS], schema=S.RESULTS)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM detection_results")
        con.register("b_res", arrow)
        con.execute("INSERT INTO detection_results SELECT * FROM b_res")
        con.unregister("b_res")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _cast_candidates(col):
    return col.cast(pa.list_(S.CANDIDATE))


def _write_missed(con, m: pl.DataFrame) -> None:
    tab = m.to_arrow().cast(S.MISSED)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM detection_missed")
        con.register("b_mis", tab)
        con.execute("INSERT INTO detection_missed SELECT * FROM b_mis")
        con.unregister("b_mis")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise

