"""Identity quality of an MMSI: placeholder (default) MMSIs and MMSIs shared by several transmitters.

These are facts about the identity, not events: they go into the vessels table
(``vessels.default_mmsi``, ``vessels.shared_mmsi``, ``vessels.transmitters``), the
``seasentry vessels`` output, the API vessel JSON and the case file's identity section, and
they keep the spoofing detector from reporting what several honest transmitters on one MMSI
look like (positions far apart at once).

``default_mmsi``: an MMSI that equipment ships with or installers leave unset, so that many
unrelated transmitters use it (ITU-R M.585 gives every ship its own MMSI; the US Coast Guard
and ITU MARS warn about "default", "dummy" and unassigned MMSIs): the MID followed by six
zeros (``MID000000``, e.g. 412000000, 273000000, 503000000), a single repeated digit
(111111111 ... 999999999), and the counting sequences 123456789, 012345678 and 987654321.

``shared_mmsi``: the MMSI's positions come from more than one transmitter: the segmenter
(:mod:`seasentry.tracks`) finds parallel segments that overlap in time, or the time-ordered
positions return to a segment after visiting another one (A, B, A: two transmitters
interleaved), or its static reports alternate between different names (A, B, A).
``transmitters`` is the number of distinct non-noise segments involved (at least 1).

Pure function over columnar tracks and statics (no I/O): :func:`identity_quality`.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ..config import Config
from ..tracks import by_mmsi_ts, mmsi_ts_order

_SEQUENCES = (123456789, 12345678, 987654321)

QUALITY_SCHEMA = {"mmsi": pl.Int64, "default_mmsi": pl.Boolean, "shared_mmsi": pl.Boolean,
                  "transmitters": pl.Int32}


def is_default_mmsi(mmsi) -> np.ndarray:
    """True for placeholder MMSIs: MID000000, one repeated digit, 123456789-style sequences."""
    m = np.asarray(mmsi, dtype=np.int64)
    nine = (m >= 100_000_000) & (m <= 999_999_999)
    mid_zeros = nine & (m % 1_000_000 == 0)
    d = m % 10
    rep = nine & (m == d * 111_111_111)
    seq = np.isin(m, _SEQUENCES)
    return mid_zeros | rep | seq


def _squeezed_upper(s: pl.Series) -> pl.Series:
    """Names without '@' and white space, upper-cased; computed once per distinct name (statics
    repeat a few hundred names many times; the regex is the costly part)."""
    def f(x: pl.Series) -> pl.Series:
        return x.str.replace_all(r"[@\s]+", "").str.to_uppercase()

    s = s.cast(pl.Utf8)
    u = s.drop_nulls().unique()
    if 4 * len(u) > len(s):
        return f(s)
    return s.replace_strict(u, f(u), default=None, return_dtype=pl.Utf8)


def _name_alternations(statics: pl.DataFrame | None) -> pl.DataFrame:
    """MMSIs whose broadcast names alternate A, B, A (normalised)."""
    if statics is None or statics.height == 0 or "name" not in statics.columns:
        return pl.DataFrame(schema={"mmsi": pl.Int64, "name_alternations": pl.UInt32})
    st = (statics.select(pl.col("mmsi").cast(pl.Int64), "ts", _squeezed_upper(statics["name"]).alias("n"))
          .filter(pl.col("n").is_not_null() & (pl.col("n") != ""))
          .sort(["mmsi", "ts"]))
    # rows are by MMSI: the row k before is the same MMSI's when its MMSI is the same (a shift
    # without the per-MMSI window, same result as ``shift(k).over("mmsi")``)
    same1 = pl.col("mmsi") == pl.col("mmsi").shift(1)
    st = st.filter(pl.when(same1).then(pl.col("n") != pl.col("n").shift(1)).otherwise(True).fill_null(True))
    back = ((pl.col("mmsi") == pl.col("mmsi").shift(2)) & (pl.col("n") == pl.col("n").shift(2))).fill_null(False)
    return st.group_by("mmsi").agg(back.sum().alias("name_alternations"))


_TRACK_QUALITY_SCHEMA = {"mmsi": pl.Int64, "segments": pl.UInt32, "parallel": pl.Boolean, "returns": pl.UInt32}


def _track_quality(tracks: pl.DataFrame) -> pl.DataFrame | None:
    """Per MMSI of the non-noise positions of ``tracks``: ``segments`` (distinct seg_id),
    ``parallel`` (a track_id above 0) and ``returns`` (switches back to the segment seen two
    switches before, in time order: A, B, A), in NumPy over the rows in (mmsi, ts) order
    (build_tracks' order; sorted stably otherwise). :func:`_track_quality_frame` is the
    definition (same rows, in no fixed order), used when a key column has nulls."""
    cols = ("mmsi", "ts", "seg_id", "track_id")
    if any(tracks[c].null_count() for c in cols):
        return _track_quality_frame(tracks)
    m = tracks["mmsi"].cast(pl.Int64).to_numpy()
    seg = tracks["seg_id"].cast(pl.Int64).to_numpy()
    trk = tracks["track_id"].to_numpy()
    t = tracks["ts"].cast(pl.Datetime("us")).dt.epoch("us").to_numpy()
    if "noise" in tracks.columns:
        noise = tracks["noise"]
        if noise.null_count() or noise.any():
            keep = ~noise.fill_null(True).to_numpy()  # a filter on ~noise leaves out null noise too
            m, seg, trk, t = m[keep], seg[keep], trk[keep], t[keep]
    n = len(m)
    if n == 0:
        return None
    if not by_mmsi_ts(m, t):
        o = mmsi_ts_order(m, t)  # stable, as polars' sort: rows of one (mmsi, ts) keep their order
        m, seg, trk = m[o], seg[o], trk[o]
    new = np.r_[True, m[1:] != m[:-1]]
    start = np.flatnonzero(new)
    gid = np.cumsum(new) - 1
    ng = len(start)
    # the rows where the segment differs from the MMSI's previous row (and each MMSI's first)
    sw = new | np.r_[True, seg[1:] != seg[:-1]]
    s2, g2 = seg[sw], gid[sw]
    back = np.zeros(len(s2), dtype=bool)
    back[2:] = (g2[2:] == g2[:-2]) & (s2[2:] == s2[:-2])
    returns = np.bincount(g2[back], minlength=ng)
    # distinct seg_id per MMSI: one for the MMSIs whose seg_id never changes (most)
    lo_s = np.minimum.reduceat(seg, start)
    hi_s = np.maximum.reduceat(seg, start)
    segments = np.ones(ng, dtype=np.int64)
    multi = lo_s != hi_s
    if multi.any():
        if int(seg.max()) - int(seg.min()) >= 2**31:
            return _track_quality_frame(tracks)
        rows = multi[gid]
        pairs = np.unique((gid[rows] << 32) | (seg[rows] - int(seg.min())))  # seg_id is an int32
        segments[multi] = np.bincount(pairs >> 32, minlength=ng)[multi]
    parallel = np.bincount(gid, weights=trk > 0, minlength=ng) > 0
    return pl.DataFrame({"mmsi": m[start], "segments": segments, "parallel": parallel, "returns": returns},
                        schema=_TRACK_QUALITY_SCHEMA)


def _track_quality_frame(tracks: pl.DataFrame) -> pl.DataFrame:
    """:func:`_track_quality` in polars (the definition; tests compare the two). The sort keeps
    rows tied on (mmsi, ts) in row order (an unstable sort left build_tracks' rows, already in
    that order, as they were, but could reorder ties of other input)."""
    v = tracks.filter(~pl.col("noise")) if "noise" in tracks.columns else tracks
    v = v.select(pl.col("mmsi").cast(pl.Int64), "ts", "seg_id", "track_id").sort(["mmsi", "ts"], maintain_order=True)
    seg = pl.col("seg_id")
    prev = seg.shift(1).over("mmsi")
    # A, B, A: back to the segment seen two switches ago (two transmitters interleaved)
    sw = v.filter((seg != prev).fill_null(True))
    back = (pl.col("seg_id") == pl.col("seg_id").shift(2).over("mmsi")).fill_null(False)
    alt = sw.group_by("mmsi").agg(back.sum().alias("returns"))
    per = v.group_by("mmsi").agg(pl.col("seg_id").n_unique().alias("segments"),
                                 (pl.col("track_id") > 0).any().alias("parallel"))
    return per.join(alt, on="mmsi", how="left")


def identity_quality(tracks: pl.DataFrame, statics: pl.DataFrame | None = None,
                     cfg: Config | None = None) -> pl.DataFrame:
    """One row per MMSI of ``tracks`` (output of :func:`seasentry.tracks.build_tracks`)
    and ``statics``: ``mmsi``, ``default_mmsi``, ``shared_mmsi``, ``transmitters``."""
    q = _track_quality(tracks) if tracks is not None and tracks.height else None
    if q is None:
        q = pl.DataFrame(schema=_TRACK_QUALITY_SCHEMA)
    names = _name_alternations(statics)
    if statics is not None and statics.height:
        allm = pl.concat([q.select("mmsi"), statics.select(pl.col("mmsi").cast(pl.Int64))]).unique()
        q = allm.join(q, on="mmsi", how="left")
    q = q.join(names, on="mmsi", how="left").with_columns(
        pl.col("segments").fill_null(0), pl.col("parallel").fill_null(False),
        pl.col("returns").fill_null(0), pl.col("name_alternations").fill_null(0))
    shared = pl.col("parallel") | (pl.col("returns") > 0) | (pl.col("name_alternations") >= 2)
    out = q.with_columns(
        pl.Series("default_mmsi", is_default_mmsi(q["mmsi"].to_numpy())),
        shared.alias("shared_mmsi"),
        pl.when(shared).then(pl.max_horizontal(pl.col("segments"), 2)).otherwise(1).cast(pl.Int32)
        .alias("transmitters"),
    ).select(list(QUALITY_SCHEMA)).cast(QUALITY_SCHEMA).sort("mmsi")
    return out
