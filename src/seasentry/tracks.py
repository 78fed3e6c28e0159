"""Vessel tracks: sort, de-duplicate and segment AIS positions.

The segmenter follows Global Fishing Watch's ``gpsdio-segment`` (and its successor in
``pipe-segment``): positions of one MMSI are taken in time order and each one is appended
to an *open segment* it can physically follow. A position that cannot follow the open
segment -- implied speed above ``tracks.max_implied_speed_kn`` over more than
``tracks.min_distance_for_speed_nm`` -- starts a new segment or joins another open segment
that it *can* follow. Two ships broadcasting one MMSI therefore become two parallel
segments, and a burst of bad positions becomes a short segment next to the real one.
A silence longer than ``tracks.max_segment_gap_h`` closes every open segment. As in
gpsdio-segment (``buffer_hours``), the time between two positions is padded for timing
errors, sqrt(dt^2 + buffer^2) with buffer ``tracks.time_buffer_min``, before the speed
test: receive-time stamps of satellite or delayed feeds can be minutes off and arrive out
of order, which would otherwise look like impossible speeds.

Nothing is deleted: positions in a short segment (fewer than
``tracks.min_segment_positions`` positions or shorter than ``tracks.min_segment_minutes``)
lying within ``max_segment_gap_h`` of a longer segment of the same MMSI are flagged
``noise``. (GFW likewise keeps such fragments as separate, "bad" segments.)

Implementation: NumPy over the whole sorted array with per-vessel boundaries. Vessels
whose every position follows the previous one (the vast majority) are segmented by a
cumulative sum of breaks. Only vessels with at least one impossible jump go through the
multi-segment assignment, whose Python loop runs over *runs* of mutually consistent
positions (a run is assigned as a whole), not over positions.

Sources: GFW segmenter (github.com/GlobalFishingWatch/gpsdio-segment, pipe-segment);
Kroodsma et al. 2018, "Tracking the global footprint of fisheries", Science 359 (methods).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from .config import Config

EARTH_RADIUS_NM = 3440.065
EARTH_RADIUS_M = 6_371_008.8
NM_M = 1852.0

#: AIS message types that are not vessels: 4 base station, 9 SAR aircraft (exempt from
#: vessel speed rules), 21 aid to navigation (ITU-R M.1371-5).
NON_VESSEL_MSG_TYPES = (4, 9, 21)

#: Columns a position frame must have; the others of ``schema.POSITIONS`` are optional.
REQUIRED = ("mmsi", "ts", "lat", "lon")
OPTIONAL = {
    "sog": pl.Float32, "cog": pl.Float32, "heading": pl.Int16, "nav_status": pl.Int8,
    "msg_type": pl.Int8, "station": pl.Utf8, "msg_key": pl.UInt64,
}

#: Columns added by :func:`build_tracks`.
TRACK_COLUMNS = ("seg_id", "noise", "track_id", "implied_speed_kn", "dt_s", "dist_nm")


# ---------------------------------------------------------------------------------------
# geometry helpers (vectorised)
def haversine_nm(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in nautical miles (arrays broadcast)."""
    p1 = np.radians(lat1)
    p2 = np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_NM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def step_nm(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """``haversine_nm(lat[:-1], lon[:-1], lat[1:], lon[1:])`` (same operations, same
    result), with the radians and cosines of each point computed once instead of twice."""
    r = np.radians(lat)
    c = np.cos(r)
    dphi = r[1:] - r[:-1]
    dl = np.radians(np.asarray(lon, dtype=float)[1:] - np.asarray(lon, dtype=float)[:-1])
    a = np.sin(dphi / 2) ** 2 + c[:-1] * c[1:] * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_NM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def is_vessel_mmsi(mmsi: pl.Expr) -> pl.Expr:
    """MMSI ranges that identify ships (ITU-R M.585): excludes base stations (00MID...),
    SAR aircraft (111MID...), SART/MOB/EPIRB (970-974...), aids to navigation (99MID...)."""
    return (
        (mmsi >= 100_000_000) & (mmsi <= 999_999_999)
        & ~((mmsi >= 111_000_000) & (mmsi < 112_000_000))
        & ~((mmsi >= 970_000_000) & (mmsi < 975_000_000))
        & ~(mmsi >= 990_000_000)
    )


# ---------------------------------------------------------------------------------------
def vessel_positions(positions: pl.DataFrame) -> pl.DataFrame:
    """Vessel positions, sorted by (mmsi, ts) and de-duplicated.

    Keeps ship messages only (drops message types 4, 9, 21 and non-ship MMSI ranges),
    drops rows without a usable position (null, out of range, or exactly 0,0: the usual
    GPS-failure default), drops the positions stamped with a ``--base-time`` placeholder
    (``time_source = 'base'``) of vessels that also have timed positions, and removes
    duplicates of the same (mmsi, ts, lat, lon) -- the same report heard by two stations.
    Order of input rows does not matter.
    """
    df = positions
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"positions frame lacks columns {missing}")
    for name, dtype in OPTIONAL.items():
        if name not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=dtype).alias(name))
    df = df.with_columns(
        pl.col("mmsi").cast(pl.Int64),
        pl.col("ts").cast(pl.Datetime("us")),
        pl.col("lat").cast(pl.Float64),
        pl.col("lon").cast(pl.Float64),
        pl.col("sog").cast(pl.Float32),
    )
    keep = (
        pl.col("mmsi").is_not_null() & pl.col("ts").is_not_null()
        & pl.col("lat").is_not_null() & pl.col("lon").is_not_null()
        & pl.col("lat").is_between(-90.0, 90.0) & pl.col("lon").is_between(-180.0, 180.0)
        & pl.col("lat").is_not_nan() & pl.col("lon").is_not_nan()
        & ~((pl.col("lat") == 0.0) & (pl.col("lon") == 0.0))
        & ~pl.col("msg_type").fill_null(0).is_in(list(NON_VESSEL_MSG_TYPES))
        & is_vessel_mmsi(pl.col("mmsi"))
    )
    df = df.filter(keep)
    if "time_source" in df.columns:
        # a time given with --base-time to messages that carry none is not a measurement: where
        # the same MMSI also has timed positions, those placeholder times would make gaps of
        # years and visits of nothing (AMSA capture: a few trailing times in 2012, the rest at
        # the base time), so the vessel's untimed positions are left out of its track
        base = pl.col("time_source").fill_null("") == "base"
        if bool((df["time_source"] == "base").any()):  # the window below is costly; rarely needed
            df = df.filter(~(base & (~base).any().over("mmsi")))
    # Deterministic order (ties broken by content) so duplicates keep the same row.
    tie = [c for c in ("sog", "cog", "heading", "msg_type", "station", "msg_key") if c in df.columns]
    df = _take(df, sort_order(df, ["mmsi", "ts", "lat", "lon", *tie]))
    # duplicates are now adjacent: keep the first of each (mmsi, ts, lat, lon)
    differs = pl.lit(False)
    for c in ("mmsi", "ts", "lat", "lon"):
        differs = differs | (pl.col(c) != pl.col(c).shift(1))
    return df.filter(differs.fill_null(True))


def sort_order(df: pl.DataFrame, keys: list[str]) -> np.ndarray | None:
    """Row order of ``df.sort(keys, nulls_last=True)`` (None when already in that order).

    ``keys`` starts with the non-null int64 ``mmsi`` and datetime ``ts``. The order is a
    stable NumPy sort on (mmsi, ts); only the rare rows that tie on both (the same report
    heard twice) are ordered by the remaining keys, with polars, on that small subset.
    Same result as sorting the whole frame by every key, at a fraction of the cost.
    """
    n = df.height
    if n < 2:
        return None
    m = df["mmsi"].to_numpy()
    t = df["ts"].dt.epoch("us").to_numpy()
    if by_mmsi_ts(m, t):
        o = None  # already by (mmsi, ts): the common case of sorted or pre-grouped input
        ms, ts_ = m, t
    else:
        o = mmsi_ts_order(m, t)
        ms, ts_ = m[o], t[o]
    at = tie_rows(ms, ts_) if len(keys) > 2 else np.zeros(0, np.int64)
    if len(at):
        rows = at if o is None else o[at]
        sub = df.select(keys)[rows].with_columns(pl.Series("__row", rows))
        # tie blocks keep their (mmsi, ts) order, so the sorted rows go back to the same slots
        new = sub.sort(keys, nulls_last=True, maintain_order=True)["__row"].to_numpy()
        if not np.array_equal(new, rows):
            o = np.arange(n) if o is None else o
            o[at] = new
    return o


def by_mmsi_ts(m: np.ndarray, t: np.ndarray) -> bool:
    """Whether rows with MMSIs ``m`` and times ``t`` are in (mmsi, ts) order."""
    return len(m) < 2 or bool(((m[1:] > m[:-1]) | ((m[1:] == m[:-1]) & (t[1:] >= t[:-1]))).all())


def tie_rows(m: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Positions, in rows ordered by (mmsi, ts), of the rows that share their (mmsi, ts) with
    a neighbour (the blocks that a sort by further keys reorders; empty when none)."""
    if len(m) < 2:
        return np.zeros(0, np.int64)
    tie = (m[1:] == m[:-1]) & (t[1:] == t[:-1])
    if not tie.any():
        return np.zeros(0, np.int64)
    inblk = np.zeros(len(m), dtype=bool)
    inblk[1:] |= tie
    inblk[:-1] |= tie
    return np.flatnonzero(inblk)


def mmsi_ts_order(m: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Stable order by (m, t) (``np.lexsort((t, m))``): a stable sort by time, cheaper on the
    usual input in roughly time order (a bucket's part files hold the rows as received: at the
    10M benchmark each row at most 15 minutes behind the latest before it), then a stable sort
    by MMSI rank, a radix sort of 16-bit ranks; lexsort beyond 65,535 MMSIs or for arrays that
    are not integers."""
    m, t = np.asarray(m), np.asarray(t)
    if m.dtype.kind not in "iu" or t.dtype.kind not in "iu":  # NaN for nulls: as lexsort orders them
        return np.lexsort((t, m))
    u = np.sort(pl.Series(m).unique().to_numpy())
    if len(u) > 65_535:
        return np.lexsort((t, m))
    o = np.argsort(t, kind="stable")
    return o[np.argsort(np.searchsorted(u, m[o]).astype(np.uint16), kind="stable")]


def _take(df: pl.DataFrame, order: np.ndarray | None) -> pl.DataFrame:
    """``df`` rows in ``order`` (unchanged when None). Gathering from one contiguous chunk
    is several times faster than from the many chunks a DuckDB/Arrow result has."""
    if order is None:
        return df
    return df.rechunk()[pl.Series(order, dtype=pl.UInt32 if len(order) < 2**32 else pl.UInt64)]


# ---------------------------------------------------------------------------------------
def padded_hours(dt_s, buffer_s: float):
    """Time between positions in hours, padded for timing errors (GFW gpsdio-segment's
    ``buffer_hours``): sqrt(dt^2 + buffer^2)."""
    return np.sqrt(np.square(dt_s) + buffer_s * buffer_s) / 3600.0


def _complex_segments(t, lat, lon, buf, brk, vstart, vend, vessels, seg, max_gap_s: float, min_dist: float,
                      max_speed: float, radius_nm: float) -> None:
    """Write the segment ids of the rows of ``vessels`` (indices into ``vstart``/``vend``) into
    ``seg``. A vessel's runs start at its rows where ``brk`` is True; the open segments are kept
    in the order they were opened, those more than ``max_gap_s`` before a run's first row are
    closed, and the run joins the first open segment at the smallest distance among those it
    fits (within ``min_dist`` nm, or at most ``max_speed`` kn over the time padded by the larger
    timing buffer of the two rows), else opens a new one.

    A Python loop over the runs, not a numba kernel: a detection worker then does not import
    numba (~55 MB, and scipy.linalg with it; 0.47 CPU s to load it and the kernel). At the 10M
    benchmark the loop costs 0.24 CPU s in all (69 vessels, 159,084 rows; the compiled loop
    0.01 s): docs/benchmarks.md, "Session 10, detection workers without numba"."""
    asin, cos, sin, sqrt, rad = math.asin, math.cos, math.sin, math.sqrt, math.radians
    for v in np.asarray(vessels).tolist():
        r0, r1 = int(vstart[v]), int(vend[v])
        starts = (np.flatnonzero(brk[r0:r1]) + r0).tolist()
        ends = starts[1:] + [r1]
        tl, la, lo, bl = t[r0:r1].tolist(), lat[r0:r1].tolist(), lon[r0:r1].tolist(), buf[r0:r1].tolist()
        open_: list[list] = []  # [last_t, last_lat, last_lon, seg_no, last_buffer]
        n_seg = 0
        for s, e in zip(starts, ends):
            i = s - r0
            ti, lai, loi, bi = tl[i], la[i], lo[i], bl[i]
            if open_:
                open_ = [o for o in open_ if ti - o[0] <= max_gap_s]
            best, best_d = None, math.inf
            p2 = rad(lai)
            for o in open_:
                p1 = rad(o[1])
                a = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(rad(loi - o[2]) / 2) ** 2
                dd = 2 * radius_nm * asin(sqrt(min(1.0, max(0.0, a))))
                dtt = ti - o[0]
                bb = max(bi, o[4])
                ph = sqrt(dtt * dtt + bb * bb) / 3600.0
                if dd <= min_dist or (ph > 0 and dd / ph <= max_speed):
                    if dd < best_d:
                        best, best_d = o, dd
            if best is None:
                best = [0.0, 0.0, 0.0, n_seg, 0.0]
                n_seg += 1
                open_.append(best)
            j = e - 1 - r0
            best[0], best[1], best[2], best[4] = tl[j], la[j], lo[j], bl[j]
            seg[s:e] = best[3]


def _assign_segments(mmsi: np.ndarray, t: np.ndarray, lat: np.ndarray, lon: np.ndarray,
                     max_speed: float, min_dist: float, max_gap_s: float, buffer_s=0.0):
    """Segment ids (0-based per MMSI) for rows sorted by (mmsi, t). t in seconds.

    ``buffer_s``: timing uncertainty (s), a scalar or one value per row; the time between two
    positions is padded with the larger buffer of the two."""
    n = len(t)
    buf = np.broadcast_to(np.asarray(buffer_s, dtype=np.float64), (n,))
    pair_buf = np.zeros(n)
    if n > 1:
        pair_buf[1:] = np.maximum(buf[1:], buf[:-1])
    new_vessel = np.ones(n, dtype=bool)
    if n > 1:
        new_vessel[1:] = mmsi[1:] != mmsi[:-1]
    dt = np.full(n, np.nan)
    d = np.full(n, np.nan)
    if n > 1:
        dt[1:] = t[1:] - t[:-1]
        d[1:] = step_nm(lat, lon)
    dt[new_vessel] = np.nan
    d[new_vessel] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = d / padded_hours(dt, pair_buf) if (pair_buf > 0).any() else d / (dt / 3600.0)
    fits = (~new_vessel) & (dt <= max_gap_s) & ((d <= min_dist) | (speed <= max_speed))
    gapbreak = (~new_vessel) & (dt > max_gap_s)
    bad = (~new_vessel) & ~fits & ~gapbreak
    brk = ~fits

    vid = np.cumsum(new_vessel) - 1
    vstart = np.flatnonzero(new_vessel)
    c = np.cumsum(brk)
    seg = (c - c[vstart[vid]]).astype(np.int32) if n else np.zeros(0, np.int32)

    complex_vessels = np.unique(vid[bad])
    if len(complex_vessels):
        # each run between breaks joins the nearest open segment it can reach
        # (in float64, the types of the compiled loop it replaced: the same segment ids)
        f64 = [np.asarray(x, dtype=np.float64) for x in (t, lat, lon, buf)]
        _complex_segments(*f64, brk, vstart, np.append(vstart[1:], n), complex_vessels, seg,
                          float(max_gap_s), float(min_dist), float(max_speed), EARTH_RADIUS_NM)
    is_complex = np.zeros(n, dtype=bool)
    if len(complex_vessels):
        cv = np.zeros(int(vid[-1]) + 1, dtype=bool)
        cv[complex_vessels] = True
        is_complex = cv[vid]
    # distance/time/speed from the previous position of the same segment: for simple
    # vessels that is the previous row whenever the row continues its segment
    with np.errstate(divide="ignore", invalid="ignore"):
        sp = np.where(dt > 0, d / (dt / 3600.0), np.where(d > 0, np.inf, 0.0))
    cont = fits & ~is_complex
    dt_s = np.where(cont, dt, np.nan)
    dist = np.where(cont, d, np.nan)
    spd = np.where(cont, sp, np.nan)
    if is_complex.any():
        rows = np.flatnonzero(is_complex)
        o = rows[np.lexsort((t[rows], seg[rows], mmsi[rows]))]
        same = np.zeros(len(o), dtype=bool)
        same[1:] = (mmsi[o][1:] == mmsi[o][:-1]) & (seg[o][1:] == seg[o][:-1])
        dto = np.full(len(o), np.nan)
        do = np.full(len(o), np.nan)
        dto[1:] = t[o][1:] - t[o][:-1]
        do[1:] = haversine_nm(lat[o][:-1], lon[o][:-1], lat[o][1:], lon[o][1:])
        dto[~same] = np.nan
        do[~same] = np.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            spo = np.where(dto > 0, do / (dto / 3600.0), np.where(do > 0, np.inf, 0.0))
        spo[~same] = np.nan
        dt_s[o], dist[o], spd[o] = dto, do, spo
    return seg, dt_s, dist, spd


def time_trust(df: pl.DataFrame, cfg: Config) -> np.ndarray:
    """Per row (of ``df``, sorted by mmsi): the timestamp is a measurement of when the report
    was sent. False for a ``--base-time`` placeholder (``time_source = 'base'``), and where the
    timestamp's second disagrees with the report's own UTC-second field (ITU-R M.1371) beyond
    ``spoofing.max_time_offset_s`` -- from 0, or from the vessel's usual difference when at least
    ``spoofing.min_clock_support`` of its reports share it (a receiver clock that is off by a
    constant) -- and for every report of a vessel most of whose reports disagree (collection
    times of a satellite feed, a broken clock). Unknown UTC seconds are trusted.

    GFW's segmenter pads or drops satellite receiver hours whose clocks are off (pipe-segment,
    satellite timing offsets); this is the per-position form of that test."""
    n = df.height
    if n == 0:
        return np.zeros(0, dtype=bool)
    base = (pl.col("time_source").fill_null("") == "base") if "time_source" in df.columns else pl.lit(False)
    if "second" not in df.columns or df["second"].null_count() == n:
        return df.select(~base).to_series().to_numpy().astype(bool)
    if df["mmsi"].null_count() or df["ts"].null_count():
        return _time_trust_frame(df, cfg)
    sc = cfg.spoofing
    # NumPy form of _time_trust_frame (same result, tests/test_tracks.py): per MMSI the counts
    # of each offset 0..59 give the usual offset (the most frequent, the smallest on a tie)
    _, code = np.unique(df["mmsi"].to_numpy(), return_inverse=True)
    code = code.ravel()
    nm = int(code.max()) + 1
    sec = df["second"].cast(pl.Int32)
    has = sec.is_not_null().to_numpy()
    ts_s = np.floor_divide(df["ts"].cast(pl.Datetime("us")).dt.epoch("us").to_numpy(), 1_000_000)
    off = np.mod(np.mod(ts_s, 60) - sec.fill_null(0).to_numpy().astype(np.int64), 60)
    cnt = np.bincount(code[has] * 60 + off[has], minlength=nm * 60).reshape(nm, 60)
    tot = cnt.sum(axis=1)
    mode = cnt.argmax(axis=1)
    mode_n = cnt[np.arange(nm), mode]
    supported = (tot >= 3) & (mode_n >= sc.min_clock_support * tot)

    def near(ref):
        diff = np.abs(off - ref)
        return np.minimum(diff, 60 - diff) <= sc.max_time_offset_s

    agree = has & (near(0) | (supported[code] & near(mode[code])))
    n_agree = np.bincount(code, weights=agree, minlength=nm)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = n_agree / tot
    reliable = (tot < 3) | (share >= sc.min_clock_support)
    based = df.select(base).to_series().to_numpy().astype(bool)
    return (~has | agree) & ~based & reliable[code]


def _time_trust_frame(df: pl.DataFrame, cfg: Config) -> np.ndarray:
    """:func:`time_trust` in polars (the definition; used when an MMSI or time is null)."""
    n = df.height
    if n == 0:
        return np.zeros(0, dtype=bool)
    sc = cfg.spoofing
    base = (pl.col("time_source").fill_null("") == "base") if "time_source" in df.columns else pl.lit(False)
    if "second" not in df.columns or df["second"].null_count() == n:
        return df.select(~base).to_series().to_numpy().astype(bool)
    off = ((((pl.col("ts").dt.second().cast(pl.Int32) - pl.col("second").cast(pl.Int32)) % 60) + 60) % 60)
    f = df.select(pl.col("mmsi"), off.alias("_off"), base.alias("_base"))
    counted = f.filter(pl.col("_off").is_not_null())
    mode = (counted.group_by(["mmsi", "_off"]).len()
            .sort(["mmsi", "len", "_off"], descending=[False, True, False])
            .unique(subset="mmsi", keep="first").select("mmsi", pl.col("_off").alias("_mode"),
                                                        pl.col("len").alias("_mode_n")))
    tot = counted.group_by("mmsi").len().rename({"len": "_n"})
    f = f.join(mode.join(tot, on="mmsi"), on="mmsi", how="left", maintain_order="left")
    supported = (pl.col("_n") >= 3) & (pl.col("_mode_n") >= sc.min_clock_support * pl.col("_n"))

    def near(ref):
        diff = (pl.col("_off") - ref).abs()
        return pl.min_horizontal(diff, 60 - diff) <= sc.max_time_offset_s

    agree = near(pl.lit(0)) | (supported.fill_null(False) & near(pl.col("_mode")))
    share = agree.cast(pl.Float64).mean().over("mmsi")
    reliable = (pl.col("_n").fill_null(0) < 3) | (share >= sc.min_clock_support)
    ok = (pl.col("_off").is_null() | agree.fill_null(False)) & ~pl.col("_base") & reliable.fill_null(True)
    return f.select(ok.fill_null(False)).to_series().to_numpy().astype(bool)


def build_tracks(positions: pl.DataFrame, cfg: Config | None = None) -> pl.DataFrame:
    """Sorted, de-duplicated vessel positions with segment columns added.

    Added columns:

    - ``seg_id`` (int32): segment number, 0-based per MMSI, in order of first position.
    - ``noise`` (bool): position belongs to a short segment next to a longer one.
    - ``track_id`` (int32): the unit detectors work on. 0 for every non-noise position of
      an MMSI whose segments never overlap in time (one ship); ``seg_id`` for MMSIs with
      parallel segments (two ships, or one ship and a long spoofed track); -1 for noise.
    - ``implied_speed_kn``, ``dt_s``, ``dist_nm`` (float64): from the previous position of
      the same segment; null on a segment's first position.

    Output is sorted by (mmsi, ts) and independent of the input row order.
    """
    return build_tracks_trust(positions, cfg)[0]


def build_tracks_trust(positions: pl.DataFrame, cfg: Config | None = None) -> tuple[pl.DataFrame, np.ndarray]:
    """:func:`build_tracks` and, per row of its output, :func:`time_trust` of the row (which
    the segmenter computes anyway): the spoofing detector takes it (``time_ok``) instead of
    computing it a second time."""
    cfg = cfg or Config()
    tc = cfg.tracks
    df = vessel_positions(positions)
    n = df.height
    if n == 0:
        return df.with_columns(
            pl.lit(None, pl.Int32).alias("seg_id"), pl.lit(None, pl.Boolean).alias("noise"),
            pl.lit(None, pl.Int32).alias("track_id"),
            pl.lit(None, pl.Float64).alias("implied_speed_kn"),
            pl.lit(None, pl.Float64).alias("dt_s"), pl.lit(None, pl.Float64).alias("dist_nm")), \
            np.zeros(0, dtype=bool)
    mmsi = df["mmsi"].to_numpy()
    t = df["ts"].dt.epoch("us").to_numpy().astype(np.float64) / 1e6
    lat = df["lat"].to_numpy()
    lon = df["lon"].to_numpy()
    trusted = time_trust(df, cfg)
    buffer = np.where(trusted, tc.time_buffer_min * 60.0, max(tc.untrusted_time_buffer_min, tc.time_buffer_min) * 60.0)
    seg, dt_s, dist, sp = _assign_segments(
        mmsi, t, lat, lon, tc.max_implied_speed_kn, tc.min_distance_for_speed_nm,
        tc.max_segment_gap_h * 3600.0, buffer)

    df = df.with_columns(
        pl.Series("seg_id", seg, dtype=pl.Int32),
        pl.Series("implied_speed_kn", sp).fill_nan(None),
        pl.Series("dt_s", dt_s).fill_nan(None),
        pl.Series("dist_nm", dist).fill_nan(None),
    )
    noise_segs, parallel = _noise_and_parallel(df, tc)
    # (mmsi, seg_id) look-ups as one int64 key (seg_id < 2^31, mmsi < 2^31)
    key = (mmsi << 32) | seg.astype(np.int64)
    nk = (noise_segs["mmsi"].to_numpy().astype(np.int64) << 32) | noise_segs["seg_id"].to_numpy().astype(np.int64)
    noise = np.isin(key, nk) if len(nk) else np.zeros(n, dtype=bool)
    par = parallel["mmsi"].unique().to_numpy()
    track = np.where(noise, -1, np.where(np.isin(mmsi, par), seg, 0)).astype(np.int32) if len(par) \
        else np.where(noise, -1, 0).astype(np.int32)
    return df.with_columns(pl.Series("noise", noise), pl.Series("track_id", track, dtype=pl.Int32)), trusted


def segment_table(tracks: pl.DataFrame) -> pl.DataFrame:
    """One row per (mmsi, seg_id): n, first, last (datetimes), noise."""
    agg = [pl.len().alias("n"), pl.col("ts").min().alias("first"), pl.col("ts").max().alias("last")]
    if "noise" in tracks.columns:
        agg.append(pl.col("noise").first().alias("noise"))
    return tracks.group_by(["mmsi", "seg_id"]).agg(agg).sort(["mmsi", "seg_id"])


def multi_segment_rows(df: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``df`` (with mmsi and seg_id) whose MMSI has more than one ``seg_id``: all
    that :func:`segment_table` rows of MMSIs with several segments need (most MMSIs have one).
    ``df`` itself when it is not grouped by ascending MMSI (or has nulls there)."""
    n = df.height
    if n < 2 or df["mmsi"].null_count() or df["seg_id"].null_count():
        return df
    m = df["mmsi"].to_numpy()
    if not bool((m[1:] >= m[:-1]).all()):
        return df
    s = df["seg_id"].to_numpy()
    st = np.flatnonzero(np.r_[True, m[1:] != m[:-1]])
    multi = np.minimum.reduceat(s, st) != np.maximum.reduceat(s, st)
    if multi.all():
        return df
    return df.filter(pl.Series(np.repeat(multi, np.diff(np.r_[st, n]))))


def multi_segment_table(df: pl.DataFrame) -> pl.DataFrame:
    """:func:`segment_table` rows of the MMSIs with more than one segment (what noise and
    parallel tracks are decided on), grouped from those MMSIs' rows only (:func:`multi_segment_rows`)."""
    return segment_table(multi_segment_rows(df)).filter(pl.len().over("mmsi") > 1)


def _noise_and_parallel(df: pl.DataFrame, tc) -> tuple[pl.DataFrame, pl.DataFrame]:
    multi = multi_segment_table(df)
    gap = pl.duration(microseconds=int(tc.max_segment_gap_h * 3600e6))
    short_expr = (pl.col("n") < tc.min_segment_positions) | (
        (pl.col("last") - pl.col("first")) < pl.duration(microseconds=int(tc.min_segment_minutes * 60e6)))
    multi = multi.with_columns(short_expr.alias("short"))
    small = multi.filter(pl.col("short")).select("mmsi", "seg_id", "first", "last")
    big = multi.filter(~pl.col("short")).select(
        "mmsi", pl.col("first").alias("bfirst"), pl.col("last").alias("blast"))
    noisy = (
        small.join(big, on="mmsi")
        .filter((pl.col("bfirst") <= pl.col("last") + gap) & (pl.col("blast") >= pl.col("first") - gap))
        .select("mmsi", "seg_id").unique()
        .with_columns(pl.lit(True).alias("noise"))
    )
    good = multi.join(noisy, on=["mmsi", "seg_id"], how="anti").select("mmsi", "seg_id", "first", "last", "n")
    parallel = parallel_pairs(good)
    return noisy.with_columns(pl.col("seg_id").cast(pl.Int32)), parallel


def parallel_pairs(segs: pl.DataFrame) -> pl.DataFrame:
    """Pairs of segments of one MMSI that overlap in time (seg_a < seg_b).

    ``segs`` has mmsi, seg_id, first, last (and n). Returns mmsi, seg_a, seg_b,
    overlap_start, overlap_end, n_a, n_b.
    """
    if segs.height == 0:
        return pl.DataFrame(schema={"mmsi": pl.Int64, "seg_a": pl.Int32, "seg_b": pl.Int32,
                                    "overlap_start": pl.Datetime("us"), "overlap_end": pl.Datetime("us"),
                                    "n_a": pl.UInt32, "n_b": pl.UInt32})
    a = segs.select("mmsi", pl.col("seg_id").alias("seg_a"), pl.col("first").alias("fa"),
                    pl.col("last").alias("la"), pl.col("n").alias("n_a"))
    b = segs.select("mmsi", pl.col("seg_id").alias("seg_b"), pl.col("first").alias("fb"),
                    pl.col("last").alias("lb"), pl.col("n").alias("n_b"))
    return (
        a.join(b, on="mmsi")
        .filter((pl.col("seg_a") < pl.col("seg_b")) & (pl.col("fa") < pl.col("lb")) & (pl.col("fb") < pl.col("la")))
        .select("mmsi", pl.col("seg_a").cast(pl.Int32), pl.col("seg_b").cast(pl.Int32),
                pl.max_horizontal("fa", "fb").alias("overlap_start"),
                pl.min_horizontal("la", "lb").alias("overlap_end"), "n_a", "n_b")
        .sort(["mmsi", "seg_a", "seg_b"])
    )


def ensure_tracks(positions: pl.DataFrame, cfg: Config | None = None) -> pl.DataFrame:
    """``positions`` if it already went through :func:`build_tracks`, else build tracks."""
    if all(c in positions.columns for c in TRACK_COLUMNS):
        return positions
    return build_tracks(positions, cfg)
