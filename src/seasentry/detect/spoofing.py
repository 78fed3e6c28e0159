"""Spoofing and position manipulation: false positions broadcast under one MMSI.

Kinds of evidence (each becomes an interval over the false positions; overlapping
intervals of one MMSI are merged into one ``spoofing`` event listing all kinds):

- ``impossible_speed``: positions the segmenter set aside as noise (a short segment that
  cannot follow the vessel's track) whose jump from or to the real track implies more
  than ``spoofing.max_speed_kn`` (50 kn: no surface vessel of the region; GFW segmenter's
  default maximum speed; Skylight's spoofing documentation uses the same idea) over at
  least ``spoofing.min_distance_nm`` (2 nm: shorter jumps are GPS noise). The event spans
  those positions.
- ``impossible_jump``: a track that moves, within ``tracks.max_segment_gap_h``, to a place
  it cannot reach at 50 kn and carries on from there (which side is false is unknown:
  the event spans the jump, from the last position before to the first after).
- ``type_speed``: consecutive positions of a track implying more than
  ``spoofing.type_speed_factor`` (1.5) times the cap of the vessel's broadcast ship type
  (``spoofing.cap_*_kn``: fishing, tug, sailing, passenger, cargo, tanker; high-speed
  craft, pleasure craft and unknown types have no type cap) over at least
  ``min_distance_nm``. A fast ferry at 25-38 kn is not spoofing: high-speed craft (type
  40-49) have no type cap and passenger ships are capped at 30 x 1.5 = 45 kn.
- ``on_land``: positions more than ``spoofing.min_land_distance_m`` (500 m: the accuracy
  of the Natural Earth 1:10m coastline) inside land. SAR aircraft (type 9) are not
  vessel positions and never reach this detector.
- ``two_places``: one MMSI transmitting from two places at once, i.e. two parallel,
  non-noise segments overlapping in time (two ships sharing an MMSI, or one real track
  and one sustained spoofed track). The event spans the overlap.

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
from ..tracks import ensure_tracks, haversine_nm, parallel_pairs, segment_table
from ._common import (distinct_consecutive, empty_events, make_events, positions_list, runs, to_us,
                      vessel_tracks, zone_names_at)

BASE_CONF = {"two_places": 0.9, "impossible_speed": 0.8, "on_land": 0.7,
             "impossible_jump": 0.6, "type_speed": 0.5}


def _by_mmsi_ts(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` sorted by (mmsi, ts); build_tracks output already is, so usually no sort."""
    if df.height < 2:
        return df
    m = df["mmsi"].to_numpy()
    t = to_us(df["ts"])
    ok = (m[1:] > m[:-1]) | ((m[1:] == m[:-1]) & (t[1:] >= t[:-1]))
    return df if bool(ok.all()) else df.sort(["mmsi", "ts"])


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


def _intervals_noise(tr: pl.DataFrame, cfg: Config) -> list[dict]:
    """Noise segments whose jump from/to the real track is impossible."""
    sc = cfg.spoofing
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
        sp = np.where(okp, dp / np.maximum(np.abs(t[cand] - t[pgc]) / 3.6e9, 1e-9), 0.0)
        sn = np.where(okn, dn / np.maximum(np.abs(t[ngc] - t[cand]) / 3.6e9, 1e-9), 0.0)
    false = ((sp > sc.max_speed_kn) & (dp >= sc.min_distance_nm)) | (
        (sn > sc.max_speed_kn) & (dn >= sc.min_distance_nm))
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
        out.append({"mmsi": r["mmsi"], "start": int(t[rows[0]]), "end": int(t[rows[-1]]),
                    "lat": float(np.median(lat[rows])), "lon": float(np.median(lon[rows])),
                    "kind": "impossible_speed", "n": len(rows), "speed": r["vmax"],
                    "dist": r["dmax"], "rows": rows, "src": (t, lat, lon)})
    return out


def _intervals_jumps(tr: pl.DataFrame, par_mmsi: set, cfg: Config) -> list[dict]:
    """Sequential impossible jumps between consecutive non-noise segments."""
    sc = cfg.spoofing
    v = _by_mmsi_ts(tr.filter(~pl.col("noise")) if tr["noise"].any() else tr)
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
        sp[j] = np.where(dt_all[j] > 0, d[j] / dt_all[j], np.inf)
    j = j[(sp[j] > sc.max_speed_kn) & (d[j] >= sc.min_distance_nm)]
    out = []
    for k in j.tolist():
        if int(m[k]) in par_mmsi:
            continue
        out.append({"mmsi": int(m[k]), "start": int(t[k]), "end": int(t[k + 1]),
                    "lat": float(lat[k + 1]), "lon": float(lon[k + 1]), "kind": "impossible_jump",
                    "n": 1, "speed": float(sp[k]), "dist": float(d[k]),
                    "rows": np.array([k, k + 1]), "src": (t, lat, lon)})
    return out


def _intervals_type(tr: pl.DataFrame, caps: pl.DataFrame, cfg: Config) -> list[dict]:
    sc = cfg.spoofing
    if caps.height == 0:
        return []
    caps = caps.filter(pl.col("cap_kn").is_not_null()).sort("mmsi")
    if caps.height == 0:
        return []
    v = vessel_tracks(tr)
    m = v["mmsi"].to_numpy()
    cm = caps["mmsi"].to_numpy()
    k = np.clip(np.searchsorted(cm, m), 0, len(cm) - 1)
    has = cm[k] == m
    caps_v = np.where(has, caps["cap_kn"].to_numpy()[k], np.nan)
    ty = np.where(has, caps["ship_type"].to_numpy()[k], 0)
    lim = np.where(has, caps_v * sc.type_speed_factor, np.inf)
    spd = v["implied_speed_kn"].fill_null(0.0).to_numpy()
    dist = v["dist_nm"].fill_null(0.0).to_numpy()
    flag = (spd > lim) & (dist >= sc.min_distance_nm)
    if not flag.any():
        return []
    t = to_us(v["ts"])
    lat = v["lat"].to_numpy()
    lon = v["lon"].to_numpy()
    grp = m * 100_000 + v["track_id"].to_numpy()
    s, e = runs(flag, grp)
    out = []
    for a, b in zip(s.tolist(), e.tolist()):
        if b - a < sc.min_false_positions:
            continue
        out.append({"mmsi": int(m[a]), "start": int(t[a]), "end": int(t[b - 1]),
                    "lat": float(np.median(lat[a:b])), "lon": float(np.median(lon[a:b])),
                    "kind": "type_speed", "n": b - a, "speed": float(spd[a:b].max()),
                    "dist": float(dist[a:b].max()), "rows": np.arange(a, b), "src": (t, lat, lon),
                    "ship_type": int(ty[a]), "type_cap_kn": float(caps_v[a])})
    return out


def _intervals_land(tr: pl.DataFrame, geo, cfg: Config) -> list[dict]:
    sc = cfg.spoofing
    a = _by_mmsi_ts(tr)
    if a.height == 0 or not hasattr(geo, "on_land"):
        return []
    lat = a["lat"].to_numpy()
    lon = a["lon"].to_numpy()
    first, inv = distinct_consecutive(lat, lon)
    land_u = np.asarray(geo.on_land(lat[first], lon[first], margin_m=sc.min_land_distance_m), dtype=bool)
    if not land_u.any():
        return []
    land = land_u[inv]
    m = a["mmsi"].to_numpy()
    t = to_us(a["ts"])
    s, e = runs(land, m)
    out = []
    for x, y in zip(s.tolist(), e.tolist()):
        if y - x < sc.min_false_positions:
            continue
        out.append({"mmsi": int(m[x]), "start": int(t[x]), "end": int(t[y - 1]),
                    "lat": float(np.median(lat[x:y])), "lon": float(np.median(lon[x:y])),
                    "kind": "on_land", "n": y - x, "speed": None, "dist": None,
                    "rows": np.arange(x, y), "src": (t, lat, lon)})
    return out


def _intervals_parallel(tr: pl.DataFrame) -> tuple[list[dict], set]:
    good = tr.filter(~pl.col("noise"))
    segs = segment_table(good)
    pairs = parallel_pairs(segs.filter(pl.len().over("mmsi") > 1))
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
        small = wa if wa.height <= wb.height else wb
        t = to_us(small["ts"])
        out.append({"mmsi": int(mm), "start": int(to_us(pl.Series([t0]))[0]),
                    "end": int(to_us(pl.Series([t1]))[0]),
                    "lat": float(small["lat"].median()), "lon": float(small["lon"].median()),
                    "kind": "two_places", "n": int(min(wa.height, wb.height)), "speed": None,
                    "dist": float(np.median(sep)), "rows": np.arange(small.height),
                    "src": (t, small["lat"].to_numpy(), small["lon"].to_numpy()),
                    "segments": [int(sa), int(sb)], "positions_in_overlap": [wa.height, wb.height]})
    return out, {int(x) for x in pairs["mmsi"].unique().to_list()}


def detect_spoofing(tracks: pl.DataFrame, statics: pl.DataFrame | None, geo,
                    cfg: Config | None = None) -> pl.DataFrame:
    """Spoofing events (type ``spoofing``)."""
    cfg = cfg or Config()
    tr = ensure_tracks(tracks, cfg)
    if tr.height == 0:
        return empty_events()
    par, par_mmsi = _intervals_parallel(tr)
    ivs = (_intervals_noise(tr, cfg) + _intervals_jumps(tr, par_mmsi, cfg)
           + _intervals_type(tr, type_caps(statics, cfg), cfg) + _intervals_land(tr, geo, cfg) + par)
    if not ivs:
        return empty_events()
    ivs.sort(key=lambda r: (r["mmsi"], r["start"], r["end"], r["kind"]))
    merged: list[list[dict]] = []
    for r in ivs:
        if merged and merged[-1][0]["mmsi"] == r["mmsi"] and r["start"] <= max(x["end"] for x in merged[-1]):
            merged[-1].append(r)
        else:
            merged.append([r])
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
