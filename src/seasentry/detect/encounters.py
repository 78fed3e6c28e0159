"""Encounters: two vessels close together, slow, at sea, for a long time.

Definition (Miller et al. 2018, "Identifying global patterns of transshipment behavior",
Frontiers in Marine Science 5:240; GFW ``pipe-encounters``; defaults in
``seasentry.config.EncounterConfig``):

1. Each vessel track (noise removed) is resampled every ``encounter.resample_min``
   (10 min) on a common clock, interpolating linearly between the two surrounding
   positions only when they are less than ``encounter.max_interp_gap_h`` (1 h) apart.
2. Pairs of resampled points of two different MMSIs at the same instant within
   ``encounter.max_distance_m`` (500 m) are found with a spatial-temporal grid join (cells
   of at least 500 m, each point joined with its own and the four "forward" neighbouring
   cells at the same instant: no all-pairs comparison).
3. Consecutive close instants of one pair form a run; a run counts when it lasts at least
   ``encounter.min_duration_h`` (2 h) and both vessels' median speed over it is below
   ``encounter.max_median_speed_kn`` (2 kn).
4. Qualifying runs of the same pair separated by less than ``encounter.merge_gap_h``
   (4 h) are merged into one encounter.
5. Encounters whose median position is within ``encounter.min_distance_port_km`` (10 km)
   of a port are dropped: vessels moored together in a port are port visits, not
   encounters.

One event per pair: ``mmsi`` is the smaller MMSI, ``other_mmsi`` the larger.

Placeholder MMSIs (``MID000000``, 123456789, one repeated digit:
:func:`.identity_quality.is_default_mmsi`; ITU-R M.585, GFW drops them as "likely spoofing"):
many unrelated transmitters share one, so two of them close together are no known vessels and
make no event. A vessel meeting a partner on a placeholder MMSI met someone whose identity is
unknown: kept with ``details.default_mmsi`` (the placeholder side's MMSI), unless
``encounter.default_mmsi_partner`` is off.
Speed at a resampled point: interpolated reported SOG when both neighbours have one,
else the implied speed between the two surrounding positions.

Confidence: ``0.5 * observed_fraction + 0.5 * min(1, duration_h / (2 * min_duration_h))``
where ``observed_fraction`` is the share of the encounter's instants at which both
vessels have a real position within half a resampling step (not interpolated).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from ..config import Config
from ..tracks import EARTH_RADIUS_M, ensure_tracks
from ._common import (empty_events, group_ids, haversine_nm, make_events, port_distance, port_info,
                      shore_distance, to_us, vessel_tracks, zone_names_at)

_OFFSETS = ((0, 0), (1, 0), (-1, 1), (0, 1), (1, 1))  # (dx, dy): own cell + 4 forward neighbours


def resample(v: pl.DataFrame, step_s: float, max_interp_s: float) -> pl.DataFrame:
    """Resample tracks (sorted by mmsi, track_id, ts) on a ``step_s`` clock.

    Returns mmsi, g (track number), t (epoch s, int64), lat, lon, speed (kn), obs (bool:
    a real position within half a step).
    """
    m = v["mmsi"].to_numpy()
    t = to_us(v["ts"]).astype(np.float64) / 1e6
    lat = v["lat"].to_numpy()
    lon = v["lon"].to_numpy()
    sog = v["sog"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    g = group_ids(m, v["track_id"].to_numpy())
    n = len(t)
    ng = int(g[-1]) + 1 if n else 0
    gstart = np.flatnonzero(np.r_[True, g[1:] != g[:-1]]) if n else np.zeros(0, np.int64)
    gend = np.r_[gstart[1:], n] - 1 if n else np.zeros(0, np.int64)
    first = np.ceil(t[gstart] / step_s) * step_s
    last = np.floor(t[gend] / step_s) * step_s
    cnt = np.maximum(((last - first) / step_s).round().astype(np.int64) + 1, 0)
    total = int(cnt.sum())
    if total == 0:
        return pl.DataFrame(schema={"mmsi": pl.Int64, "g": pl.Int64, "t": pl.Int64, "lat": pl.Float64,
                                    "lon": pl.Float64, "speed": pl.Float64, "obs": pl.Boolean})
    gg = np.repeat(np.arange(ng), cnt)
    off = np.concatenate([[0], np.cumsum(cnt)[:-1]])
    tg = first[gg] + (np.arange(total) - off[gg]) * step_s
    span = float(t.max() - t.min()) + 2 * step_s + 1.0
    base = t.min() - step_s
    key = g * span + (t - base)
    kq = gg * span + (tg - base)
    i = np.searchsorted(key, kq + 1e-6, side="right") - 1
    i = np.clip(i, gstart[gg], gend[gg])
    j = np.minimum(i + 1, gend[gg])
    exact = np.abs(t[i] - tg) < 1e-3
    dt = t[j] - t[i]
    ok = exact | ((dt > 0) & (dt < max_interp_s))
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(dt > 0, (tg - t[i]) / dt, 0.0)
    f = np.where(exact, 0.0, f)
    dlon = ((lon[j] - lon[i] + 180.0) % 360.0) - 180.0
    la = lat[i] + f * (lat[j] - lat[i])
    lo = ((lon[i] + f * dlon + 180.0) % 360.0) - 180.0
    d = haversine_nm(lat[i], lon[i], lat[j], lon[j])
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = np.where(dt > 0, d / (dt / 3600.0), 0.0)
    sg = sog[i] + f * (sog[j] - sog[i])
    speed = np.where(np.isnan(sg), implied, sg)
    near = np.minimum(np.abs(tg - t[i]), np.abs(t[j] - tg))
    obs = near <= step_s / 2
    out = pl.DataFrame({"mmsi": m[i], "g": gg.astype(np.int64), "t": tg.round().astype(np.int64),
                        "lat": la, "lon": lo, "speed": speed, "obs": obs})
    return out.filter(pl.Series(ok))


PAIR_SCHEMA = {"a": pl.Int64, "b": pl.Int64, "t": pl.Int64, "dist_m": pl.Float64, "lat": pl.Float64,
               "lon": pl.Float64, "sa": pl.Float64, "sb": pl.Float64, "oa": pl.Boolean, "ob": pl.Boolean}


def close_pairs(rs: pl.DataFrame, max_m: float) -> pl.DataFrame:
    """Pairs (a < b by MMSI) of resampled points at the same instant within ``max_m``.

    The result is every such pair whatever the grid (cells are sized from ``max_m`` and the
    data's highest latitude, up to 85 degrees), so the search can be split: when ``rs`` has an
    int64 column ``cell``, only points with the same ``cell`` value are paired (the distributed
    engine passes several space-time cells, each with its halo, in one call).
    """
    if rs.height == 0:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    by_cell = "cell" in rs.columns
    lat = rs["lat"].to_numpy()
    lon = rs["lon"].to_numpy()
    cs_lat = max_m / (math.pi / 180.0 * EARTH_RADIUS_M) * 1.001
    maxlat = min(85.0, float(np.abs(lat).max()))
    cs_lon = cs_lat / math.cos(math.radians(maxlat))
    cy = np.floor(lat / cs_lat).astype(np.int64) + (1 << 19)
    cx = np.floor(lon / cs_lon).astype(np.int64) + (1 << 19)
    ti = (rs["t"].to_numpy() - rs["t"].min()) // 60  # minutes since first instant
    base = (ti << 42)
    cell = ["cell"] if by_cell else []
    k_left = base | (cy << 21) | cx
    left_all = rs.with_columns(pl.Series("k", k_left)).select(
        *cell, "k", pl.col("mmsi").alias("ma"), pl.col("t"), pl.col("lat").alias("la"),
        pl.col("lon").alias("loa"), pl.col("speed").alias("sa"), pl.col("obs").alias("oa"))
    right_all = rs.select(*cell, pl.col("mmsi").alias("mb"), pl.col("lat").alias("lb"),
                          pl.col("lon").alias("lob"), pl.col("speed").alias("sb"), pl.col("obs").alias("ob"))
    # Most points have nobody else in their own or a neighbouring cell at that instant: find
    # the rows that can match at all with hash look-ups on the keys, and join only those.
    kl = pl.Series(k_left)
    parts = []
    for dx, dy in _OFFSETS:
        if (dx, dy) == (0, 0):
            r_ok = l_ok = kl.is_duplicated()  # someone besides the point itself
            k_right = k_left
        else:
            k_right = base | ((cy - dy) << 21) | (cx - dx)
            r_ok = pl.Series(k_right).is_in(kl.implode())
            if not r_ok.any():
                continue
            l_ok = kl.is_in(pl.Series(k_right).filter(r_ok).implode())
        if not r_ok.any():
            continue
        left = left_all.filter(l_ok)
        right = right_all.filter(r_ok).with_columns(pl.Series("k", k_right).filter(r_ok))
        j = left.join(right, on=[*cell, "k"], how="inner")
        if by_cell:
            j = j.drop("cell")
        j = j.filter(pl.col("ma") < pl.col("mb")) if (dx, dy) == (0, 0) else j.filter(pl.col("ma") != pl.col("mb"))
        parts.append(j)
    p = pl.concat(parts) if parts else pl.DataFrame()
    if p.height == 0:
        return close_pairs(rs.clear(), max_m)
    d = haversine_nm(p["la"].to_numpy(), p["loa"].to_numpy(), p["lb"].to_numpy(), p["lob"].to_numpy()) * 1852.0
    p = p.with_columns(pl.Series("dist_m", d)).filter(pl.col("dist_m") <= max_m)
    swap = pl.col("ma") > pl.col("mb")
    p = p.select(
        pl.when(swap).then(pl.col("mb")).otherwise(pl.col("ma")).alias("a"),
        pl.when(swap).then(pl.col("ma")).otherwise(pl.col("mb")).alias("b"),
        "t", "dist_m",
        ((pl.col("la") + pl.col("lb")) / 2).alias("lat"),
        ((pl.col("loa") + pl.col("lob")) / 2).alias("lon"),
        pl.when(swap).then(pl.col("sb")).otherwise(pl.col("sa")).alias("sa"),
        pl.when(swap).then(pl.col("sa")).otherwise(pl.col("sb")).alias("sb"),
        pl.when(swap).then(pl.col("ob")).otherwise(pl.col("oa")).alias("oa"),
        pl.when(swap).then(pl.col("oa")).otherwise(pl.col("ob")).alias("ob"),
    )
    return dedup_pairs(p)


def dedup_pairs(p: pl.DataFrame) -> pl.DataFrame:
    """One row per (a, b, t), sorted: several tracks of one MMSI (or the halo copies of the
    distributed search) may give the same (a, b, t); keep the closest."""
    return p.sort(["a", "b", "t", "dist_m"]).unique(subset=["a", "b", "t"], keep="first").sort(["a", "b", "t"])


def detect_encounters(tracks: pl.DataFrame, geo, cfg: Config | None = None) -> pl.DataFrame:
    """Encounter events (type ``encounter``)."""
    cfg = cfg or Config()
    ec = cfg.encounter
    tracks = ensure_tracks(tracks, cfg)
    v = vessel_tracks(tracks)
    if v.height == 0 or v["mmsi"].n_unique() < 2:
        return empty_events()
    step = ec.resample_min * 60.0
    rs = resample(v, step, ec.max_interp_gap_h * 3600.0)
    return encounters_from_pairs(close_pairs(rs, ec.max_distance_m), geo, cfg)


def encounters_from_pairs(p: pl.DataFrame, geo, cfg: Config | None = None) -> pl.DataFrame:
    """Steps 3-5 of the definition (runs, merge, port filter) over the close pairs of
    :func:`close_pairs` (one row per (a, b, t), sorted by (a, b, t): see :func:`dedup_pairs`)."""
    cfg = cfg or Config()
    ec = cfg.encounter
    if p.height == 0:
        return empty_events()
    from .identity_quality import is_default_mmsi

    da, db = is_default_mmsi(p["a"].to_numpy()), is_default_mmsi(p["b"].to_numpy())
    if da.any() or db.any():  # no known vessel on either side (or, unless asked for, on one side)
        drop = (da & db) | ((da | db) & (not ec.default_mmsi_partner))
        p = p.filter(pl.Series(~drop))
        if p.height == 0:
            return empty_events()
    step_i = int(round(ec.resample_min * 60.0))
    p = p.with_columns(
        ((pl.col("a") != pl.col("a").shift(1)) | (pl.col("b") != pl.col("b").shift(1))
         | ((pl.col("t") - pl.col("t").shift(1)) != step_i)).fill_null(True).cum_sum().alias("run"))
    runs = p.group_by("run").agg(
        pl.col("a").first(), pl.col("b").first(), pl.col("t").min().alias("t0"), pl.col("t").max().alias("t1"),
        pl.col("sa").median().alias("msa"), pl.col("sb").median().alias("msb"))
    runs = runs.filter(
        ((pl.col("t1") - pl.col("t0")) >= ec.min_duration_h * 3600.0 - 1e-6)
        & (pl.col("msa") < ec.max_median_speed_kn) & (pl.col("msb") < ec.max_median_speed_kn))
    if runs.height == 0:
        return empty_events()
    merge = ec.merge_gap_h * 3600.0
    runs = runs.sort(["a", "b", "t0"]).with_columns(
        ((pl.col("a") != pl.col("a").shift(1)) | (pl.col("b") != pl.col("b").shift(1))
         | ((pl.col("t0") - pl.col("t1").shift(1)) >= merge)).fill_null(True).cum_sum().alias("ev"))
    pts = p.join(runs.select("run", "ev"), on="run", how="inner")
    ev = pts.group_by("ev").agg(
        pl.col("a").first(), pl.col("b").first(),
        pl.col("t").min().alias("t0"), pl.col("t").max().alias("t1"),
        pl.len().alias("n"),
        pl.col("dist_m").median().alias("med_d"), pl.col("dist_m").min().alias("min_d"),
        pl.col("sa").median().alias("msa"), pl.col("sb").median().alias("msb"),
        pl.col("lat").median().alias("lat"), pl.col("lon").median().alias("lon"),
        (pl.col("oa") & pl.col("ob")).mean().alias("obs"),
        pl.col("run").n_unique().alias("n_runs"),
    ).sort(["a", "b", "t0"])
    lat = ev["lat"].to_numpy()
    lon = ev["lon"].to_numpy()
    pi, pd_ = port_distance(geo, lat, lon, default_radius_km=cfg.port_visit.entry_km)
    keep = ~(pd_ < ec.min_distance_port_km)
    ev = ev.filter(pl.Series(keep))
    if ev.height == 0:
        return empty_events()
    pi, pd_, lat, lon = pi[keep], pd_[keep], lat[keep], lon[keep]
    shore = shore_distance(geo, lat, lon)
    dur_h = (ev["t1"].to_numpy() - ev["t0"].to_numpy()) / 3600.0
    obs = ev["obs"].to_numpy()
    conf = 0.5 * obs + 0.5 * np.minimum(1.0, dur_h / (2.0 * ec.min_duration_h))
    rows = ev.to_dicts()
    a_, b_ = ev["a"].to_numpy(), ev["b"].to_numpy()
    placeholder = np.where(is_default_mmsi(a_), a_, np.where(is_default_mmsi(b_), b_, 0)).tolist()
    placeholder = [int(x) if x else None for x in placeholder]
    details = [{
        "duration_h": dur_h[k],
        "median_distance_m": r["med_d"], "min_distance_m": r["min_d"],
        "median_speed_kn": r["msa"], "other_median_speed_kn": r["msb"],
        "n_instants": r["n"], "n_runs_merged": r["n_runs"], "observed_fraction": r["obs"],
        "distance_from_port_km": pd_[k] if np.isfinite(pd_[k]) else None,
        "nearest_port": port_info(geo, int(pi[k])),
        "distance_from_shore_nm": shore[k],
        **({"default_mmsi": placeholder[k]} if placeholder[k] is not None else {}),
    } for k, r in enumerate(rows)]
    return make_events("encounter", ev["a"].to_numpy(), ev["t0"].to_numpy() * 1_000_000,
                       ev["t1"].to_numpy() * 1_000_000, lat, lon, details, conf,
                       other_mmsi=ev["b"].to_list(), zone=zone_names_at(geo, lat, lon))
