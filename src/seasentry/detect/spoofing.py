"""Spoofing and position manipulation: false positions broadcast under one MMSI.

Kinds of evidence (each becomes an interval over the false positions; overlapping
intervals of one MMSI are merged into one ``spoofing`` event listing all kinds):

- ``impossible_speed``: positions the segmenter set aside as noise (a short segment that
  cannot follow the vessel's track) whose jump from or to the real track implies more
  than ``spoofing.max_speed_kn`` (50 kn: no surface vessel of the region; GFW segmenter's
  default maximum speed; Skylight's spoofing documentation uses the same idea) over at
  least ``spoofing.min_distance_nm`` (2 nm: shorter jumps are GPS noise). Times are padded
  for timing errors (``tracks.time_buffer_min``, as in the segmenter). The event spans
  those positions.
- ``impossible_jump``: a track that moves, within ``tracks.max_segment_gap_h``, to a place
  it cannot reach at 50 kn and carries on from there (which side is false is unknown:
  the event spans the jump, from the last position before to the first after).
- ``type_speed``: positions of a track whose displacement over the last
  ``spoofing.type_speed_window_min`` (30 min, time padded by ``tracks.time_buffer_min``)
  implies more than ``spoofing.type_speed_factor`` (1.5) times the cap of the vessel's
  broadcast ship type
  (``spoofing.cap_*_kn``: fishing, tug, sailing, passenger, cargo, tanker; high-speed
  craft, pleasure craft and unknown types have no type cap) over at least
  ``min_distance_nm``. A fast ferry at 25-38 kn is not spoofing: high-speed craft (type
  40-49) have no type cap and passenger ships are capped at 30 x 1.5 = 45 kn.
- ``on_land``: positions more than ``spoofing.min_land_distance_m`` (500 m: the accuracy
  of the Natural Earth 1:10m coastline) inside land -- more than
  ``spoofing.coarse_land_distance_m`` (10 km) outside the fine 1:10m coverage, where
  1:50m land has km-scale errors and draws lakes and rivers as land -- on a vessel that
  also has positions at sea (an MMSI entirely on land is an inland vessel or a land
  transmitter, not false positions). SAR aircraft (type 9) never reach this detector.
- ``two_places``: one MMSI transmitting from two places at once, i.e. two parallel,
  non-noise segments overlapping in time (two ships sharing an MMSI, or one real track
  and one sustained spoofed track). The event spans the overlap.

Timing errors are not spoofing: receive-time stamps of satellite or delayed feeds can be
far off, which makes a vessel seem to jump back and forth *along its own path*. A
suspicious position within ``spoofing.on_track_nm`` (1 nm) of the vessel's other track
within ``spoofing.on_track_window_h`` (2 h) is therefore not counted (for ``two_places``:
when most sampled positions of the shorter track lie on the other one).

Positions whose timestamp disagrees with their own AIS UTC-second field (relative to the
vessel's usual clock offset, ``spoofing.max_time_offset_s``) have unreliable times and are
not used as evidence for the speed-based kinds (see :func:`with_time_check`).

Sources: GFW segmenter (gpsdio-segment) for speed/distance segmentation; Skylight
documentation on AIS spoofing and identity manipulation; UN Panel of Experts on Libya
reports (S/2019/914, S/2021/229) describing AIS manipulation by tankers off Libya.

Confidence: the strongest kind's base value (two_places 0.9, impossible_speed 0.8,
on_land 0.7, impossible_jump 0.6, type_speed 0.5), +0.1 for each further kind and +0.1
when at least 3 false positions are involved, capped at 1.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ..config import Config
from ..tracks import (TRACK_COLUMNS, by_mmsi_ts, ensure_tracks, haversine_nm, multi_segment_table, padded_hours,
                      parallel_pairs, time_trust)
from ._common import (distinct_consecutive, empty_events, group_ids, make_events, port_distance, positions_list,
                      runs, searchsorted_runs, to_us, vessel_track_rows, vessel_tracks, zone_names_at)
from .identity_quality import is_default_mmsi

BASE_CONF = {"two_places": 0.9, "impossible_speed": 0.8, "on_land": 0.7,
             "impossible_jump": 0.6, "type_speed": 0.5}


class _OwnTrack:
    """Non-noise positions of every MMSI, to test whether a suspicious position lies on
    the vessel's own path (a timing error) rather than somewhere else (a false position)."""

    def __init__(self, v: pl.DataFrame, cfg: Config):
        """``v``: non-noise positions sorted by (mmsi, ts)."""
        self.m = v["mmsi"].to_numpy()
        self.t = to_us(v["ts"])
        self.lat = v["lat"].to_numpy()
        self.lon = v["lon"].to_numpy()
        self.seg = v["seg_id"].to_numpy()
        self.win = int(cfg.spoofing.on_track_window_h * 3.6e9)
        self.dist = cfg.spoofing.on_track_nm

    def near(self, mmsi: int, t: int, lat: float, lon: float, not_seg: int | None = None,
             only_seg: int | None = None) -> bool:
        lo = np.searchsorted(self.m, mmsi, side="left")
        hi = np.searchsorted(self.m, mmsi, side="right")
        if hi <= lo:
            return False
        tt = self.t[lo:hi]
        a = lo + np.searchsorted(tt, t - self.win, side="left")
        b = lo + np.searchsorted(tt, t + self.win, side="right")
        if b <= a:
            return False
        sel = np.ones(b - a, dtype=bool)
        if not_seg is not None:
            sel &= self.seg[a:b] != not_seg
        if only_seg is not None:
            sel &= self.seg[a:b] == only_seg
        if not sel.any():
            return False
        d = haversine_nm(self.lat[a:b][sel], self.lon[a:b][sel], lat, lon)
        return bool(d.min() <= self.dist)


def _is_by_mmsi_ts(df: pl.DataFrame) -> bool:
    if df.height < 2:
        return True
    return by_mmsi_ts(df["mmsi"].to_numpy(), to_us(df["ts"]))


def _by_mmsi_ts(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` sorted by (mmsi, ts); build_tracks output already is, so usually no sort."""
    return df if _is_by_mmsi_ts(df) else df.sort(["mmsi", "ts"])


def with_time_check(tr: pl.DataFrame, cfg: Config) -> pl.DataFrame:
    """Add ``_tok``: the position's timestamp is a measurement of when it was sent
    (:func:`seasentry.tracks.time_trust`). Untrusted positions are never evidence for the
    speed-based kinds."""
    return tr.with_columns(pl.Series("_tok", time_trust(tr, cfg)))


def explained_by_course(lat_a, lon_a, sog_a, cog_a, lat_b, lon_b, sog_b, cog_b, cfg: Config) -> np.ndarray:
    """True where a move from A to B is what a time error along the ship's own course gives.

    A satellite collection time or an offset clock shifts a report along the vessel's path:
    B then lies on A's dead-reckoning line (ahead or behind along the reported course), the
    reported speeds and courses agree, and the shift is at most ``spoofing.course_max_shift_h``
    of sailing at the reported speed. Conditions: both reported SOG >= ``course_min_sog_kn``
    and within ``course_max_dsog`` (fraction) of each other, courses within
    ``course_max_dcog_deg``, B within ``course_cross_track_nm`` (plus 5 % of the distance, for
    course changes) of A's course line and A of B's. A false position put elsewhere (across
    the course, or off a stationary ship) is not explained.
    """
    sc = cfg.spoofing
    sa = np.asarray(sog_a, dtype=float)
    sb = np.asarray(sog_b, dtype=float)
    ca = np.asarray(cog_a, dtype=float)
    cb = np.asarray(cog_b, dtype=float)
    ok = np.isfinite(sa) & np.isfinite(sb) & np.isfinite(ca) & np.isfinite(cb)
    ok &= (sa >= sc.course_min_sog_kn) & (sb >= sc.course_min_sog_kn) & (ca < 360) & (cb < 360)
    mean = np.where(ok, (sa + sb) / 2.0, 1.0)
    ok &= np.abs(sa - sb) <= sc.course_max_dsog * mean
    dcog = np.abs(((ca - cb) + 180.0) % 360.0 - 180.0)
    ok &= dcog <= sc.course_max_dcog_deg
    d = haversine_nm(lat_a, lon_a, lat_b, lon_b)
    brg = _bearing(lat_a, lon_a, lat_b, lon_b)
    tol = sc.course_cross_track_nm + 0.05 * d
    cross_a = np.abs(d * np.sin(np.radians(brg - ca)))
    cross_b = np.abs(d * np.sin(np.radians(brg - cb)))
    ok &= (cross_a <= tol) & (cross_b <= tol)
    ok &= d / mean <= sc.course_max_shift_h
    return ok


def _bearing(lat1, lon1, lat2, lon2) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    x = np.sin(dl) * np.cos(p2)
    y = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.degrees(np.arctan2(x, y)) % 360.0


def type_caps(statics: pl.DataFrame | None, cfg: Config) -> pl.DataFrame:
    """Per MMSI: the most often broadcast ship type and its speed cap (kn; null = no cap)."""
    sc = cfg.spoofing
    if statics is None or statics.height == 0 or "ship_type" not in statics.columns:
        return pl.DataFrame(schema={"mmsi": pl.Int64, "ship_type": pl.Int16, "cap_kn": pl.Float64})
    st = statics.select(pl.col("mmsi").cast(pl.Int64), pl.col("ship_type").cast(pl.Int16)).filter(
        pl.col("ship_type").is_not_null() & (pl.col("ship_type") > 0))
    mode = (st.group_by(["mmsi", "ship_type"]).agg(pl.len().alias("n"))
            .sort(["mmsi", "n", "ship_type"], descending=[False, True, False])
            .unique(subset="mmsi", keep="first"))
    ty = pl.col("ship_type")
    cap = (pl.when(ty == 30).then(sc.cap_fishing_kn)
           .when(ty.is_in([31, 32, 33, 52])).then(sc.cap_tug_kn)
           .when(ty == 36).then(sc.cap_sailing_kn)
           .when(ty.is_between(60, 69)).then(sc.cap_passenger_kn)
           .when(ty.is_between(70, 79)).then(sc.cap_cargo_kn)
           .when(ty.is_between(80, 89)).then(sc.cap_tanker_kn)
           .otherwise(None).cast(pl.Float64))
    return mode.select("mmsi", "ship_type", cap.alias("cap_kn"))


def _sog_cog(df: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Reported SOG (kn) and COG (deg) as float arrays, NaN when missing."""
    def col(c):
        if c not in df.columns:
            return np.full(df.height, np.nan)
        return df[c].cast(pl.Float64).fill_null(np.nan).to_numpy()
    return col("sog"), col("cog")


def _stationary_glitch(m, t, lat, lon, sog, before: int, after: int, t0: int, t1: int, cfg: Config) -> bool:
    """A slow ship that stays put is never a teleport: positions away from a berth or anchor
    spot for less than ``tracks.min_segment_minutes``, with the positions before and after
    them within ``spoofing.min_distance_nm`` of each other and both reporting a SOG below
    ``spoofing.stationary_sog_kn``, are a GPS glitch of a stationary ship."""
    n = len(t)
    if before < 0 or after >= n or m[before] != m[after]:
        return False
    sc = cfg.spoofing
    if (t1 - t0) / 6e7 >= cfg.tracks.min_segment_minutes:
        return False
    if not (sog[before] < sc.stationary_sog_kn and sog[after] < sc.stationary_sog_kn):
        return False
    return float(haversine_nm(lat[before], lon[before], lat[after], lon[after])) < sc.min_distance_nm


def _intervals_noise(tr: pl.DataFrame, own: "_OwnTrack", cfg: Config) -> list[dict]:
    """Noise segments whose jump from/to the real track is impossible."""
    sc = cfg.spoofing
    buf = cfg.tracks.time_buffer_min * 60.0
    if not tr["noise"].any():
        return []
    a = _by_mmsi_ts(tr)
    m = a["mmsi"].to_numpy()
    t = to_us(a["ts"])
    lat = a["lat"].to_numpy()
    lon = a["lon"].to_numpy()
    noise = a["noise"].to_numpy()
    seg = a["seg_id"].to_numpy()
    n = len(t)
    idx = np.arange(n)
    good = ~noise
    prev_good = np.where(good, idx, -1)
    np.maximum.accumulate(prev_good, out=prev_good)
    nxt_good = np.where(good, idx, n)
    nxt_good = np.minimum.accumulate(nxt_good[::-1])[::-1]
    out = []
    cand = np.flatnonzero(noise)
    pg = prev_good[cand]
    ng = nxt_good[cand]
    okp = (pg >= 0) & (m[np.maximum(pg, 0)] == m[cand])
    okn = (ng < n) & (m[np.minimum(ng, n - 1)] == m[cand])
    pgc = np.maximum(pg, 0)
    ngc = np.minimum(ng, n - 1)
    dp = np.where(okp, haversine_nm(lat[pgc], lon[pgc], lat[cand], lon[cand]), 0.0)
    dn = np.where(okn, haversine_nm(lat[cand], lon[cand], lat[ngc], lon[ngc]), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sp = np.where(okp, dp / np.maximum(padded_hours((t[cand] - t[pgc]) / 1e6, buf), 1e-9), 0.0)
        sn = np.where(okn, dn / np.maximum(padded_hours((t[ngc] - t[cand]) / 1e6, buf), 1e-9), 0.0)
    tok = a["_tok"].to_numpy()
    sog, cog = _sog_cog(a)
    # a jump is evidence only with trusted, distinct times at both ends and when a time error
    # along the reported course does not explain it
    ev_p = okp & (sp > sc.max_speed_kn) & (dp >= sc.min_distance_nm) & tok[cand] & tok[pgc] & (t[cand] != t[pgc])
    ev_n = okn & (sn > sc.max_speed_kn) & (dn >= sc.min_distance_nm) & tok[cand] & tok[ngc] & (t[ngc] != t[cand])
    if ev_p.any():
        q = np.flatnonzero(ev_p)
        ev_p[q] &= ~explained_by_course(lat[pgc[q]], lon[pgc[q]], sog[pgc[q]], cog[pgc[q]],
                                        lat[cand[q]], lon[cand[q]], sog[cand[q]], cog[cand[q]], cfg)
    if ev_n.any():
        q = np.flatnonzero(ev_n)
        ev_n[q] &= ~explained_by_course(lat[cand[q]], lon[cand[q]], sog[cand[q]], cog[cand[q]],
                                        lat[ngc[q]], lon[ngc[q]], sog[ngc[q]], cog[ngc[q]], cfg)
    false = ev_p | ev_n
    if not false.any():
        return []
    for q in np.flatnonzero(false).tolist():
        i = int(cand[q])
        if own.near(int(m[i]), int(t[i]), float(lat[i]), float(lon[i])):
            false[q] = False  # on the vessel's own path: a timestamp error
    if not false.any():
        return []
    f = pl.DataFrame({"mmsi": m[cand], "seg": seg[cand], "i": cand, "false": false,
                      "speed": np.maximum(sp, sn), "dist": np.maximum(dp, dn)})
    per = f.group_by(["mmsi", "seg"]).agg(
        pl.col("i").filter(pl.col("false")).alias("rows"),
        pl.col("speed").max().alias("vmax"), pl.col("dist").max().alias("dmax"),
    ).filter(pl.col("rows").list.len() >= sc.min_false_positions).sort(["mmsi", "seg"])
    for r in per.iter_rows(named=True):
        rows = np.sort(np.asarray(r["rows"]))
        if _stationary_glitch(m, t, lat, lon, sog, prev_good[rows[0]], nxt_good[rows[-1]], t[rows[0]], t[rows[-1]], cfg):
            continue
        out.append({"mmsi": r["mmsi"], "start": int(t[rows[0]]), "end": int(t[rows[-1]]),
                    "lat": float(np.median(lat[rows])), "lon": float(np.median(lon[rows])),
                    "kind": "impossible_speed", "n": len(rows), "speed": r["vmax"],
                    "dist": r["dmax"], "rows": rows, "src": (t, lat, lon)})
    return out


def _intervals_jumps(v: pl.DataFrame, own: "_OwnTrack", par_mmsi: set, cfg: Config) -> list[dict]:
    """Sequential impossible jumps between consecutive non-noise segments."""
    sc = cfg.spoofing
    if v.height < 2:
        return []
    m = v["mmsi"].to_numpy()
    t = to_us(v["ts"])
    seg = v["seg_id"].to_numpy()
    dt_all = (t[1:] - t[:-1]) / 3.6e9
    j = np.flatnonzero((m[1:] == m[:-1]) & (seg[1:] != seg[:-1]) & (dt_all <= cfg.tracks.max_segment_gap_h))
    if len(j) == 0:
        return []
    lat = v["lat"].to_numpy()
    lon = v["lon"].to_numpy()
    d = np.zeros(len(t) - 1)
    sp = np.zeros(len(t) - 1)
    d[j] = haversine_nm(lat[j], lon[j], lat[j + 1], lon[j + 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        sp[j] = d[j] / padded_hours(dt_all[j] * 3600.0, cfg.tracks.time_buffer_min * 60.0)
    tok = v["_tok"].to_numpy()
    j = j[(sp[j] > sc.max_speed_kn) & (d[j] >= sc.min_distance_nm) & tok[j] & tok[j + 1] & (t[j] != t[j + 1])]
    if len(j):
        sog, cog = _sog_cog(v)
        j = j[~explained_by_course(lat[j], lon[j], sog[j], cog[j], lat[j + 1], lon[j + 1], sog[j + 1], cog[j + 1], cfg)]
    out = []
    for k in j.tolist():
        if int(m[k]) in par_mmsi:
            continue
        mm = int(m[k])
        if (own.near(mm, int(t[k + 1]), float(lat[k + 1]), float(lon[k + 1]), only_seg=int(seg[k]))
                or own.near(mm, int(t[k]), float(lat[k]), float(lon[k]), only_seg=int(seg[k + 1]))):
            continue  # the "jump" follows the vessel's own path: a timestamp error
        out.append({"mmsi": int(m[k]), "start": int(t[k]), "end": int(t[k + 1]),
                    "lat": float(lat[k + 1]), "lon": float(lon[k + 1]), "kind": "impossible_jump",
                    "n": 1, "speed": float(sp[k]), "dist": float(d[k]),
                    "rows": np.array([k, k + 1]), "src": (t, lat, lon)})
    return out


def _window_start(key: np.ndarray, win: float, rows: np.ndarray) -> np.ndarray:
    """``searchsorted(key, key - win, side="right") - 1`` (``key`` sorted: for each row, the
    last row at least ``win`` earlier) where ``rows`` is True, -1 elsewhere (searched for the
    rows of MMSIs with a speed cap only; :func:`_intervals_type` reads no other)."""
    j = np.full(len(key), -1, dtype=np.int64)
    r = np.flatnonzero(rows)
    j[r] = np.searchsorted(key, key[r] - win, side="right") - 1
    return j


def _intervals_type(v: pl.DataFrame, caps: pl.DataFrame, cfg: Config) -> list[dict]:
    """Sustained speed above the ship type's cap: displacement over at least
    ``spoofing.type_speed_window_min`` (padded for timing errors) divided by the time."""
    sc = cfg.spoofing
    caps = caps.filter(pl.col("cap_kn").is_not_null()).sort("mmsi")
    if caps.height == 0:
        return []
    if v.height < 2:
        return []
    m = v["mmsi"].to_numpy()
    cm = caps["mmsi"].to_numpy()
    k = searchsorted_runs(cm, m)
    has = cm[k] == m
    if not has.any():
        return []
    caps_v = np.where(has, caps["cap_kn"].to_numpy()[k], np.nan)
    ty = np.where(has, caps["ship_type"].to_numpy()[k], 0)
    lim = np.where(has, caps_v * sc.type_speed_factor, np.inf)
    t = to_us(v["ts"])
    g = group_ids(m, v["track_id"].to_numpy())
    # for each row, the last row of the same track at least `window` earlier
    span = float(t.max() - t.min()) / 1e6 + 1.0
    key = g.astype(np.float64) * span + (t - t.min()) / 1e6
    win = sc.type_speed_window_min * 60.0
    j = _window_start(key, win, has)
    ok = (j >= 0) & has
    ok[ok] &= g[j[ok]] == g[ok]
    lat = v["lat"].to_numpy()
    lon = v["lon"].to_numpy()
    # prefilter: the path length bounds the displacement, so rows whose path speed is within
    # the limit cannot be flagged (path steps: dist_nm, recomputed at segment starts)
    step = v["dist_nm"].fill_null(np.nan).to_numpy().copy()
    newg = np.r_[True, g[1:] != g[:-1]]
    step[newg] = 0.0
    miss = np.flatnonzero(np.isnan(step))
    if len(miss):
        step[miss] = haversine_nm(lat[miss - 1], lon[miss - 1], lat[miss], lon[miss])
    cum = np.cumsum(step)
    jc = np.maximum(j, 0)
    buf = cfg.tracks.time_buffer_min * 60.0
    path = cum - cum[jc]
    ok &= (path >= sc.min_distance_nm) & (path / padded_hours((t - t[jc]) / 1e6, buf) > lim)
    idx = np.flatnonzero(ok)
    if len(idx) == 0:
        return []
    jj = j[idx]
    d = haversine_nm(lat[jj], lon[jj], lat[idx], lon[idx])
    sp = d / padded_hours((t[idx] - t[jj]) / 1e6, cfg.tracks.time_buffer_min * 60.0)
    flag = np.zeros(len(t), dtype=bool)
    spd = np.zeros(len(t))
    dist = np.zeros(len(t))
    spd[idx], dist[idx] = sp, d
    tok = v["_tok"].to_numpy()
    hit = (sp > lim[idx]) & (d >= sc.min_distance_nm) & tok[idx] & tok[jj]
    if hit.any():
        sog, cog = _sog_cog(v)
        q = np.flatnonzero(hit)
        hit[q] &= ~explained_by_course(lat[jj[q]], lon[jj[q]], sog[jj[q]], cog[jj[q]],
                                       lat[idx[q]], lon[idx[q]], sog[idx[q]], cog[idx[q]], cfg)
    flag[idx] = hit
    if not flag.any():
        return []
    s, e = runs(flag, g)
    out = []
    for a, b in zip(s.tolist(), e.tolist()):
        if b - a < sc.min_false_positions:
            continue
        out.append({"mmsi": int(m[a]), "start": int(t[j[a]]), "end": int(t[b - 1]),
                    "lat": float(np.median(lat[a:b])), "lon": float(np.median(lon[a:b])),
                    "kind": "type_speed", "n": b - a, "speed": float(spd[a:b].max()),
                    "dist": float(dist[a:b].max()), "rows": np.arange(j[a], b), "src": (t, lat, lon),
                    "ship_type": int(ty[a]), "type_cap_kn": float(caps_v[a])})
    return out


def _impossible_steps(m, t, lat, lon, tok, sog, cog, cfg: Config, rows: np.ndarray | None = None) -> np.ndarray:
    """``out[i]``: the move from row i-1 to row i (same MMSI, by time) is an impossible jump
    that survives the time checks (trusted distinct times, not explained by the course).

    ``rows`` (optional, ascending, each >= 1): only these ``i`` are tested (the others are
    False); the same value as without it at every one of them."""
    sc = cfg.spoofing
    n = len(t)
    out = np.zeros(n, dtype=bool)
    if n < 2:
        return out
    p = np.arange(n - 1) if rows is None else np.asarray(rows, dtype=np.int64) - 1  # pairs (p, p + 1)
    same = m[p + 1] == m[p]
    d = np.where(same, haversine_nm(lat[p], lon[p], lat[p + 1], lon[p + 1]), 0.0)
    dt = (t[p + 1] - t[p]) / 1e6
    with np.errstate(divide="ignore", invalid="ignore"):
        sp = d / padded_hours(dt, cfg.tracks.time_buffer_min * 60.0)
    j = p[same & (d >= sc.min_distance_nm) & (sp > sc.max_speed_kn) & tok[p + 1] & tok[p]
          & (dt != 0) & (dt <= cfg.tracks.max_segment_gap_h * 3600.0)]
    if len(j):
        j = j[~explained_by_course(lat[j], lon[j], sog[j], cog[j], lat[j + 1], lon[j + 1], sog[j + 1], cog[j + 1],
                                   cfg)]
    out[j + 1] = True
    return out


def _not_excluded(geo, lat: np.ndarray, lon: np.ndarray, cfg: Config) -> np.ndarray:
    """Points outside every port area (``port_visit.entry_km`` by default, plus
    ``spoofing.port_area_margin_km``), anchorage and known navigable waterway."""
    ok = np.ones(len(lat), dtype=bool)
    if len(lat) == 0:
        return ok
    if getattr(geo, "ports", None) is not None:
        _, eff = port_distance(geo, lat, lon, radius_km=cfg.port_visit.entry_km + cfg.spoofing.port_area_margin_km,
                               default_radius_km=cfg.port_visit.entry_km)
        ok &= ~(eff <= cfg.port_visit.entry_km + cfg.spoofing.port_area_margin_km)
    fn = getattr(geo, "in_waterway", None)
    if callable(fn) and ok.any():
        k = np.flatnonzero(ok)
        ok[k] = ~np.asarray(fn(lat[k], lon[k]), dtype=bool)
    return ok


def _maybe_land(geo, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Cheap test: the shipped shore raster does not put the point clearly at sea."""
    fn = getattr(geo, "signed_distance_nm", None)
    if not callable(fn):
        return np.asarray(geo.on_land(lat, lon), dtype=bool)
    sd = np.asarray(fn(lat, lon), dtype=float)
    bound = getattr(geo, "CLEARLY_AT_SEA_NM", 3.0)
    err = getattr(getattr(geo, "_shore", None), "interp_error_nm", None)
    extra = np.asarray(err(lat, lon), dtype=float) if callable(err) else 8.6
    return np.isfinite(sd) & (sd < bound + extra)


def _clearly_on_land(geo, lat: np.ndarray, lon: np.ndarray, cfg: Config) -> np.ndarray:
    sc = cfg.spoofing
    fn = getattr(geo, "clearly_on_land", None)
    if callable(fn):
        return np.asarray(fn(lat, lon, sc.min_land_distance_m, mask=sc.land_mask,
                             fallback_tolerance_m=sc.coarse_land_distance_m,
                             sure_inland_m=sc.natural_earth_sure_m), dtype=bool)
    return np.asarray(geo.on_land(lat, lon, margin_m=sc.coarse_land_distance_m), dtype=bool)


def _intervals_land(tr: pl.DataFrame, geo, cfg: Config) -> list[dict]:
    """Runs of positions clearly on land that the vessel reached or left by a teleport.

    A position counts when (1) the shore raster does not put it clearly at sea, (2) it lies
    outside every port area, anchorage and known navigable waterway, (3) its run of such
    positions (broken at impossible jumps) starts or ends with an impossible jump that survives
    the time checks, (4) the high-resolution land mask puts it clearly on land (inside land by
    more than ``spoofing.min_land_distance_m``). A vessel whose every position is on land
    (an inland vessel, a land transmitter) is left out, as is a GPS glitch of a stationary ship.
    """
    a = _by_mmsi_ts(tr)
    if a.height == 0 or not hasattr(geo, "on_land"):
        return []
    lat = a["lat"].to_numpy()
    lon = a["lon"].to_numpy()
    first, inv = distinct_consecutive(lat, lon)
    ul, uo = lat[first], lon[first]
    maybe_u = _maybe_land(geo, ul, uo)
    if not maybe_u.any():
        return []
    k = np.flatnonzero(maybe_u)
    maybe_u[k] = _not_excluded(geo, ul[k], uo[k], cfg)
    if not maybe_u.any():
        return []
    maybe = maybe_u[inv]
    m = a["mmsi"].to_numpy()
    t = to_us(a["ts"])
    g = group_ids(m)
    sea_count = np.bincount(g, weights=~maybe, minlength=int(g[-1]) + 1)
    sog, cog = _sog_cog(a)
    # a jump matters only where it arrives on a maybe-land row or right after one (it breaks
    # or ends a run): tested there only
    need = maybe.copy()
    need[1:] |= maybe[:-1]
    need[0] = False
    jump = _impossible_steps(m, t, lat, lon, a["_tok"].to_numpy(), sog, cog, cfg, rows=np.flatnonzero(need))
    if not jump.any():
        return []
    # runs of maybe-land rows, broken where an impossible jump arrives
    brk = np.cumsum(jump)
    s, e = runs(maybe, g * (int(brk[-1]) + 2) + brk)
    n = len(t)
    keep_rows = np.zeros(n, dtype=bool)
    for x, y in zip(s.tolist(), e.tolist()):
        if sea_count[g[x]] == 0:
            continue
        tele_in = bool(jump[x])
        tele_out = y < n and m[y] == m[x] and bool(jump[y])
        if not (tele_in or tele_out):
            continue
        if _stationary_glitch(m, t, lat, lon, sog, x - 1 if x > 0 and m[x - 1] == m[x] else -1,
                              y if y < n and m[y] == m[x] else n, t[x], t[y - 1], cfg):
            continue
        keep_rows[x:y] = True
    if not keep_rows.any():
        return []
    rows = np.flatnonzero(keep_rows)
    ru, rinv = np.unique(inv[rows], return_inverse=True)
    land = np.zeros(n, dtype=bool)
    land[rows] = _clearly_on_land(geo, ul[ru], uo[ru], cfg)[rinv]
    s, e = runs(land, g * (int(brk[-1]) + 2) + brk)
    out = []
    for x, y in zip(s.tolist(), e.tolist()):
        if y - x < cfg.spoofing.min_false_positions:
            continue
        out.append({"mmsi": int(m[x]), "start": int(t[x]), "end": int(t[y - 1]),
                    "lat": float(np.median(lat[x:y])), "lon": float(np.median(lon[x:y])),
                    "kind": "on_land", "n": y - x, "speed": None, "dist": None,
                    "rows": np.arange(x, y), "src": (t, lat, lon)})
    return out


def _intervals_parallel(good: pl.DataFrame, own: "_OwnTrack", cfg: Config) -> tuple[list[dict], set]:
    pairs = parallel_pairs(multi_segment_table(good))
    if pairs.height == 0:
        return [], set()
    out = []
    g = good.filter(pl.col("mmsi").is_in(pairs["mmsi"].unique().implode())).sort(["mmsi", "seg_id", "ts"])
    for r in pairs.iter_rows(named=True):
        mm, sa, sb = r["mmsi"], r["seg_a"], r["seg_b"]
        t0 = r["overlap_start"]
        t1 = r["overlap_end"]
        win = g.filter((pl.col("mmsi") == mm) & pl.col("seg_id").is_in([sa, sb])
                       & pl.col("ts").is_between(t0, t1))
        wa = win.filter(pl.col("seg_id") == sa)
        wb = win.filter(pl.col("seg_id") == sb)
        if wa.height == 0 or wb.height == 0:
            continue
        # separation at matching times (nearest position of b for each of a)
        j = wa.select("ts", "lat", "lon").join_asof(
            wb.select("ts", pl.col("lat").alias("lat_b"), pl.col("lon").alias("lon_b")),
            on="ts", strategy="nearest")
        sep = haversine_nm(j["lat"].to_numpy(), j["lon"].to_numpy(), j["lat_b"].to_numpy(), j["lon_b"].to_numpy())
        small, other_seg = (wa, sb) if wa.height <= wb.height else (wb, sa)
        t = to_us(small["ts"])
        probe = np.unique(np.linspace(0, small.height - 1, min(small.height, 25)).round().astype(int))
        sl, so = small["lat"].to_numpy(), small["lon"].to_numpy()
        on = [own.near(int(mm), int(t[q]), float(sl[q]), float(so[q]), only_seg=int(other_seg)) for q in probe]
        if np.mean(on) > 0.5 or small["_tok"].mean() < 0.5:
            continue  # one path with scrambled timestamps, or untrustworthy times
        out.append({"mmsi": int(mm), "start": int(to_us(pl.Series([t0]))[0]),
                    "end": int(to_us(pl.Series([t1]))[0]),
                    "lat": float(small["lat"].median()), "lon": float(small["lon"].median()),
                    "kind": "two_places", "n": int(min(wa.height, wb.height)), "speed": None,
                    "dist": float(np.median(sep)), "rows": np.arange(small.height),
                    "src": (t, small["lat"].to_numpy(), small["lon"].to_numpy()),
                    "segments": [int(sa), int(sb)], "positions_in_overlap": [wa.height, wb.height]})
    return out, {int(x) for x in pairs["mmsi"].unique().to_list()}


def detect_spoofing(tracks: pl.DataFrame, statics: pl.DataFrame | None, geo,
                    cfg: Config | None = None, *, time_ok: np.ndarray | None = None) -> pl.DataFrame:
    """Spoofing events (type ``spoofing``).

    ``time_ok`` (optional): :func:`seasentry.tracks.time_trust` of every row of ``tracks``
    with this ``cfg``, as :func:`seasentry.tracks.build_tracks_trust` returns it beside the
    tracks; computed here when not given."""
    cfg = cfg or Config()
    if time_ok is not None and (len(time_ok) != tracks.height or not all(c in tracks.columns for c in TRACK_COLUMNS)):
        time_ok = None
    tr = ensure_tracks(tracks, cfg)
    if tr.height == 0:
        return empty_events()
    # placeholder MMSIs (MID000000, 123456789 ...) are shared by many transmitters: an
    # identity-quality fact (vessels.default_mmsi / shared_mmsi), never a spoofed position
    dflt = is_default_mmsi(tr["mmsi"].to_numpy())
    if dflt.any():
        tr = tr.filter(pl.Series(~dflt))
        if time_ok is not None:
            time_ok = time_ok[~dflt]  # time_trust is per MMSI: leaving out whole MMSIs keeps the rest
        if tr.height == 0:
            return empty_events()
    cols = [c for c in ("mmsi", "ts", "lat", "lon", "sog", "cog", "seg_id", "track_id", "noise", "implied_speed_kn",
                        "dist_nm", "second", "time_source") if c in tr.columns]
    timed = "time_source" in tr.columns and bool((tr["time_source"] == "base").any())
    if ("second" in tr.columns and tr["second"].null_count() < tr.height) or timed:
        v0, rows = vessel_track_rows(tr) if time_ok is not None and tr is tracks else (None, False)
        if rows is not False:
            # the tracks' own vessel_tracks (usually computed already by the other detectors)
            # with the given trust of its rows: what vessel_tracks of the frame below gives
            ok = np.asarray(time_ok, dtype=bool)
            tr = tr.select(cols).with_columns(pl.Series("_tok", ok))
            good = v0.select(cols).with_columns(pl.Series("_tok", ok if rows is None else ok[rows]))
        else:
            tr = (with_time_check(tr.select(cols), cfg) if time_ok is None
                  else tr.select(cols).with_columns(pl.Series("_tok", np.asarray(time_ok, dtype=bool))))
            good = vessel_tracks(tr)  # non-noise, by (mmsi, track_id, ts)
    else:  # every time trusted: reuse the (usually already computed) vessel_tracks of the input
        good = vessel_tracks(tr).select(cols).with_columns(pl.lit(True).alias("_tok"))
        tr = tr.select(cols).with_columns(pl.lit(True).alias("_tok"))
    # non-noise, by (mmsi, ts): ``good`` itself unless some MMSI has parallel tracks; then
    # ``tr`` filtered (build_tracks output is by (mmsi, ts)) rather than a sort of ``good``
    good_mt = good
    if not _is_by_mmsi_ts(good):
        tr = _by_mmsi_ts(tr)
        good_mt = _by_mmsi_ts(tr.filter(~pl.col("noise")) if tr["noise"].any() else tr)
    own = _OwnTrack(good_mt, cfg)
    par, par_mmsi = _intervals_parallel(good, own, cfg)
    ivs = (_intervals_noise(tr, own, cfg) + _intervals_jumps(good_mt, own, par_mmsi, cfg)
           + _intervals_type(good, type_caps(statics, cfg), cfg) + _intervals_land(tr, geo, cfg) + par)
    if not ivs:
        return empty_events()
    ivs.sort(key=lambda r: (r["mmsi"], r["start"], r["end"], r["kind"]))
    merged: list[list[dict]] = []
    run_end = 0
    for r in ivs:
        if merged and merged[-1][0]["mmsi"] == r["mmsi"] and r["start"] <= run_end:
            merged[-1].append(r)
            run_end = max(run_end, r["end"])
        else:
            merged.append([r])
            run_end = r["end"]
    mm, st, en, la, lo, det, conf = [], [], [], [], [], [], []
    for grp in merged:
        kinds = sorted({x["kind"] for x in grp})
        n_false = int(sum(x["n"] for x in grp))
        main = max(grp, key=lambda x: BASE_CONF[x["kind"]])
        c = max(BASE_CONF[k] for k in kinds) + 0.1 * (len(kinds) - 1) + (0.1 if n_false >= 3 else 0.0)
        speeds = [x["speed"] for x in grp if x["speed"] is not None]
        dists = [x["dist"] for x in grp if x["dist"] is not None]
        t_, la_, lo_ = main["src"]
        rows = main["rows"]
        d = {
            "kinds": kinds,
            "n_false_positions": n_false,
            "max_implied_speed_kn": max(speeds) if speeds else None,
            "max_jump_nm": max(dists) if dists else None,
            "false_positions": positions_list(t_, la_, lo_, None, 0, 0, idx=rows),
        }
        for x in grp:
            if "ship_type" in x:
                d["ship_type"], d["type_cap_kn"] = x["ship_type"], x["type_cap_kn"]
                d["type_speed_threshold_kn"] = x["type_cap_kn"] * cfg.spoofing.type_speed_factor
            if "segments" in x:
                d["parallel_segments"] = x["segments"]
                d["positions_in_overlap"] = x["positions_in_overlap"]
                d["separation_nm"] = x["dist"]
        mm.append(grp[0]["mmsi"])
        st.append(min(x["start"] for x in grp))
        en.append(max(x["end"] for x in grp))
        la.append(main["lat"])
        lo.append(main["lon"])
        det.append(d)
        conf.append(min(1.0, c))
    return make_events("spoofing", mm, st, en, la, lo, det, conf,
                       zone=zone_names_at(geo, np.array(la), np.array(lo)))
