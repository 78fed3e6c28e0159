"""Identity changes from static reports: renames, new call signs/IMO/ship type, flag hops.

Definition (Skylight documentation on identity changes and "flag hopping"; UN Panel of
Experts on Libya, S/2019/914 and S/2021/229, on tankers changing name, flag and MMSI
while smuggling Libyan fuel; defaults in ``seasentry.config.IdentityConfig``):

- Static fields compared: name, call sign (types 5, 19, 24A/B, CSV statics), IMO and
  ship type (types 5, 19, 24B). Aids to navigation (type 21) and non-ship MMSIs are ignored.
- Normalisation (ITU-R M.1371-5 6-bit text): '@' (the padding character) becomes a space,
  runs of spaces collapse, ends are trimmed, letters upper-cased; empty strings, IMO
  outside 1000000-9999999 and ship type 0 or > 99 are "not available" and never a change.
- Per MMSI and field, consecutive reports with the same value form a run. A value is
  *established* by a run of at least ``identity.min_reports`` reports; identical
  re-broadcasts never create events and a single stray report (a mis-decoded message)
  cannot either. A change is a move from one established value to another.
- Changes of one MMSI less than ``identity.merge_window_min`` apart (class B sends name
  and call sign in separate type 24 parts) form one ``identity_change`` event. ``start`` is
  the last report of the old identity, ``end`` the first report of the new one.
- Flag hop / new MMSI: one valid IMO (check digit verified) established under an MMSI
  after it was established under another MMSI. The event is on the new MMSI with
  ``other_mmsi`` the previous one; ``details.kind`` is ``flag_hop`` when the MID (flag)
  prefix differs, ``new_mmsi`` otherwise, and ``concurrent`` when both MMSIs broadcast it
  at the same time (a copied IMO).

Confidence (field changes): ``0.5 + 0.25 * min(1, old_reports / (2 * min_reports))
+ 0.25 * min(1, new_reports / (2 * min_reports))`` using the best-supported field.
Flag hop: 0.9 (different MID), 0.7 (same MID), 0.5 when concurrent.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ..config import Config
from ..tracks import by_mmsi_ts, is_vessel_mmsi, mmsi_ts_order, tie_rows
from ._common import empty_events, finalize_events, group_ids, make_events, to_us

FIELDS = ("name", "callsign", "imo", "ship_type")


def normalise_text(col: str) -> pl.Expr:
    c = (pl.col(col).cast(pl.Utf8).str.replace_all("@", " ").str.replace_all(r"\s+", " ")
         .str.strip_chars().str.to_uppercase())
    return pl.when(c == "").then(None).otherwise(c).alias(col)


def _normalised(s: pl.Series) -> pl.Series:
    """:func:`normalise_text` of a column, computed once per distinct value (statics repeat
    a few hundred names hundreds of thousands of times; the regex is the costly part)."""
    s = s.cast(pl.Utf8)
    u = s.drop_nulls().unique()
    if 4 * len(u) > len(s):
        return s.to_frame().select(normalise_text(s.name)).to_series()
    nu = u.to_frame().select(normalise_text(s.name)).to_series()
    return s.replace_strict(u, nu, default=None, return_dtype=pl.Utf8)


def valid_imo(imo: pl.Expr) -> pl.Expr:
    """IMO number check digit (IMO Res. A.1078(28)): sum of first six digits times 7..2."""
    d = [(imo // (10 ** (6 - k))) % 10 for k in range(7)]
    s = d[0] * 7 + d[1] * 6 + d[2] * 5 + d[3] * 4 + d[4] * 3 + d[5] * 2
    return imo.is_between(1_000_000, 9_999_999) & ((s % 10) == d[6])


def clean_statics(statics: pl.DataFrame) -> pl.DataFrame:
    """mmsi, ts and normalised name/callsign/imo/ship_type (as text) of ship statics.

    Placeholder MMSIs (``MID000000``, 123456789 ...; :func:`.identity_quality.is_default_mmsi`)
    are left out: many unrelated vessels broadcast them, so their alternating names are not
    identity changes (the vessels table flags them ``default_mmsi``).

    Reports stamped with a ``--base-time`` placeholder (``time_source = 'base'``: lines that
    carried no time) are left out too: their time is not when they were sent, so a change
    to or from them has no time (the placeholder made ``identity_change`` events end at the
    base time, years after the timed reports of the same ship). Tracks leave such positions
    out for the same reason (:func:`seasentry.tracks.clean_positions`)."""
    df = statics
    for c, dt in (("name", pl.Utf8), ("callsign", pl.Utf8), ("imo", pl.Int64), ("ship_type", pl.Int16),
                  ("msg_type", pl.Int8)):
        if c not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=dt).alias(c))
    timed = (pl.col("time_source").fill_null("") != "base") if "time_source" in df.columns else pl.lit(True)
    df = df.filter(pl.col("mmsi").is_not_null() & pl.col("ts").is_not_null() & timed
                   & (pl.col("msg_type").fill_null(0) != 21) & is_vessel_mmsi(pl.col("mmsi").cast(pl.Int64)))
    if df.height:
        from .identity_quality import is_default_mmsi
        df = df.filter(pl.Series(~is_default_mmsi(df["mmsi"].cast(pl.Int64).to_numpy())))
    imo = pl.col("imo").cast(pl.Int64)
    ty = pl.col("ship_type").cast(pl.Int64)
    return df.select(
        pl.col("mmsi").cast(pl.Int64), pl.col("ts").cast(pl.Datetime("us")),
        _normalised(df["name"]), _normalised(df["callsign"]),
        pl.when(imo.is_between(1_000_000, 9_999_999)).then(imo).otherwise(None).alias("imo"),
        pl.when(ty.is_between(1, 99)).then(ty).otherwise(None).alias("ship_type"),
    )


def established_blocks(df: pl.DataFrame, field: str, min_reports: int,
                       mt_order: np.ndarray | None = None) -> pl.DataFrame:
    """Per MMSI, consecutive blocks of one established value of ``field``:
    mmsi, value, first, last (datetimes), n (reports).

    Reports are taken in (mmsi, ts, value) order; a run is a stretch of one value, kept when
    it has at least ``min_reports`` reports; consecutive kept runs of one value form a block.

    ``mt_order`` (optional): ``np.lexsort((ts, mmsi))`` of ``df``'s rows (epoch-us times), when
    several fields of one frame are looked at: their (mmsi, ts, value) order then needs only
    the rows that tie on (mmsi, ts) sorted, not a sort of every row per field (same order).
    """
    f = (df.select("mmsi", "ts", pl.col(field).cast(pl.Utf8).alias("value"))
         .filter(pl.col("value").is_not_null()))
    if f.height == 0:
        return pl.DataFrame(schema=_BLOCK_SCHEMA)
    # values as their rank in lexical order, so one NumPy sort orders (mmsi, ts, value)
    u = f["value"].unique().sort()
    code = f["value"].replace_strict(u, pl.Series(np.arange(len(u), dtype=np.int64)),
                                     return_dtype=pl.Int64).to_numpy()
    m = f["mmsi"].to_numpy()
    t = f["ts"].dt.epoch("us").to_numpy()
    if mt_order is None or len(mt_order) != df.height:
        o = np.lexsort((code, t, m))
    else:
        nn = df[field].is_not_null().to_numpy()
        o = (np.cumsum(nn) - 1)[mt_order[nn[mt_order]]]  # rows of f by (mmsi, ts), stable
        at = tie_rows(m[o], t[o])
        if len(at):  # rows of one (mmsi, ts) by value, stable (as the lexsort above)
            sub = o[at]
            o[at] = sub[np.lexsort((code[sub], t[sub], m[sub]))]
    m, t, code = m[o], t[o], code[o]
    n = len(m)
    new = np.ones(n, dtype=bool)
    new[1:] = (m[1:] != m[:-1]) | (code[1:] != code[:-1])
    rs = np.flatnonzero(new)
    re_ = np.r_[rs[1:], n]
    keep = (re_ - rs) >= min_reports
    rs, re_ = rs[keep], re_[keep]
    if len(rs) == 0:
        return pl.DataFrame(schema=_BLOCK_SCHEMA)
    rm, rc = m[rs], code[rs]
    # runs are in time order per MMSI: a block is consecutive kept runs of one value
    newb = np.ones(len(rs), dtype=bool)
    newb[1:] = (rm[1:] != rm[:-1]) | (rc[1:] != rc[:-1])
    bs = np.flatnonzero(newb)
    be = np.r_[bs[1:], len(rs)] - 1
    cnt = np.add.reduceat(re_ - rs, bs)
    return pl.DataFrame({
        "mmsi": rm[bs], "value": u.gather(pl.Series(rc[bs])),
        "first": pl.Series(t[rs[bs]]).cast(pl.Datetime("us")),
        "last": pl.Series(t[re_[be] - 1]).cast(pl.Datetime("us")),
        "n": pl.Series(cnt, dtype=pl.UInt32),
    }, schema=_BLOCK_SCHEMA)


_BLOCK_SCHEMA = {"mmsi": pl.Int64, "value": pl.Utf8, "first": pl.Datetime("us"),
                 "last": pl.Datetime("us"), "n": pl.UInt32}


def _field_changes(df: pl.DataFrame, cfg: Config) -> pl.DataFrame:
    parts = []
    mt = mmsi_ts_order(df["mmsi"].to_numpy(), df["ts"].dt.epoch("us").to_numpy()) if df.height else None
    for field in FIELDS:
        b = established_blocks(df, field, cfg.identity.min_reports, mt)
        if b.height < 2:
            continue
        ch = b.with_columns(
            pl.col("value").shift(1).alias("old"), pl.col("last").shift(1).alias("start"),
            pl.col("n").shift(1).alias("old_n"), (pl.col("mmsi") == pl.col("mmsi").shift(1)).alias("same"),
        ).filter(pl.col("same").fill_null(False)).select(
            "mmsi", pl.lit(field).alias("field"), "old", pl.col("value").alias("new"), "start",
            pl.col("first").alias("end"), pl.col("old_n").cast(pl.Int64), pl.col("n").cast(pl.Int64).alias("new_n"))
        parts.append(ch)
    if not parts:
        return pl.DataFrame()
    return pl.concat(parts).sort(["mmsi", "end", "field"])


def _position_at(tracks: pl.DataFrame | None, mmsi: np.ndarray, t_us: np.ndarray):
    """(lat, lon) of each queried (MMSI, time): the MMSI's non-noise position nearest in time
    (NaN when the MMSI has none).

    The rule of :func:`_position_at_frame` (polars ``join_asof(strategy="nearest")`` over the
    positions stably sorted by time), with NumPy binary searches over the (mmsi, ts) order of
    the tracks: of the last position at or before the time and the first one after it, the
    later wins a tie in distance; among positions with the same time, the last in row order."""
    n = len(mmsi)
    if tracks is None or tracks.height == 0 or n == 0:
        return np.full(n, np.nan), np.full(n, np.nan)
    if tracks["mmsi"].null_count() or tracks["ts"].null_count():
        return _position_at_frame(tracks, mmsi, t_us)
    qm = np.asarray(mmsi, dtype=np.int64)
    qt = np.asarray(t_us, dtype=np.int64)
    m = tracks["mmsi"].cast(pl.Int64).to_numpy()
    if len(m) > 1 and bool((m[1:] >= m[:-1]).all()):
        # grouped by MMSI (build_tracks' order): the queried MMSIs' rows are ranges
        uq = np.unique(qm)
        a = np.searchsorted(m, uq, side="left")
        ln = np.searchsorted(m, uq, side="right") - a
        rows = np.repeat(a - np.r_[0, np.cumsum(ln)[:-1]], ln) + np.arange(int(ln.sum()))
    else:
        rows = np.flatnonzero(np.isin(m, qm))
    if "noise" in tracks.columns:
        noise = tracks["noise"]
        if noise.null_count() or noise.any():
            # a filter on ~noise leaves out null noise too
            rows = rows[~noise.fill_null(True).to_numpy()[rows]]
    out_lat, out_lon = np.full(n, np.nan), np.full(n, np.nan)
    if len(rows) == 0:
        return out_lat, out_lon
    m = m[rows]
    t = to_us(tracks["ts"])[rows]
    if not by_mmsi_ts(m, t):
        o = mmsi_ts_order(m, t)  # stable: rows of one (mmsi, ts) stay in row order
        rows, m, t = rows[o], m[o], t[o]
    # one search over the (mmsi, ts) order: each MMSI's times in its own range of a number line
    start = np.flatnonzero(np.r_[True, m[1:] != m[:-1]])
    u = m[start]
    g = np.searchsorted(u, qm)
    g = np.minimum(g, len(u) - 1)
    found = u[g] == qm
    t0 = int(t.min())
    span = int(t.max()) - t0 + 2
    if len(u) * span >= 2**62:
        return _position_at_frame(tracks, mmsi, t_us)
    key = group_ids(m) * span + (t - t0)
    end = np.r_[start[1:], len(m)]
    qk = g * span + np.clip(qt - t0, -1, span - 1)
    hi = np.searchsorted(key, qk, side="right")   # first position after the time
    lo = hi - 1                                    # last position at or before it
    has_lo = found & (lo >= start[g])
    has_hi = found & (hi < end[g])
    hic = np.minimum(hi, len(m) - 1)
    hi_last = np.searchsorted(key, key[hic], side="right") - 1  # the last of the positions at that time
    take_hi = has_hi & (~has_lo | ((t[hic] - qt) <= (qt - t[np.maximum(lo, 0)])))
    pick = np.where(take_hi, hi_last, lo)
    ok = take_hi | has_lo
    r = rows[pick[ok]]
    out_lat[ok] = tracks["lat"].cast(pl.Float64).fill_null(np.nan).to_numpy()[r]
    out_lon[ok] = tracks["lon"].cast(pl.Float64).fill_null(np.nan).to_numpy()[r]
    return out_lat, out_lon


def _position_at_frame(tracks: pl.DataFrame | None, mmsi: np.ndarray, t_us: np.ndarray):
    """:func:`_position_at` with polars' ``join_asof`` (the definition; tests compare the two)."""
    n = len(mmsi)
    if tracks is None or tracks.height == 0 or n == 0:
        return np.full(n, np.nan), np.full(n, np.nan)
    q = pl.DataFrame({"i": np.arange(n), "mmsi": np.asarray(mmsi, dtype=np.int64),
                      "ts": pl.Series(np.asarray(t_us, dtype=np.int64)).cast(pl.Datetime("us"))}).sort("ts")
    # only the queried vessels' positions (a few), not the whole frame, are sorted below
    want = pl.col("mmsi").is_in(pl.Series(np.unique(np.asarray(mmsi, dtype=np.int64))).implode())
    if "noise" in tracks.columns:
        want = want & ~pl.col("noise")
    p = tracks.filter(want).select("mmsi", "ts", "lat", "lon")
    # sorted on the asof key globally (hence within every mmsi group too)
    j = q.sort("ts").join_asof(p.sort("ts"), on="ts", by="mmsi", strategy="nearest",
                               check_sortedness=False).sort("i")
    return (j["lat"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
            j["lon"].cast(pl.Float64).fill_null(np.nan).to_numpy())


def detect_identity_changes(statics: pl.DataFrame | None, cfg: Config | None = None,
                            tracks: pl.DataFrame | None = None) -> pl.DataFrame:
    """Identity change events (type ``identity_change``). ``tracks`` (optional) gives the
    event positions (nearest position of the MMSI in time)."""
    cfg = cfg or Config()
    if statics is None or statics.height == 0:
        return empty_events()
    df = clean_statics(statics)
    frames = [_changes_events(df, cfg, tracks), _flag_hops(df, cfg, tracks)]
    frames = [f for f in frames if f.height]
    return finalize_events(pl.concat(frames)) if frames else empty_events()


def _changes_events(df: pl.DataFrame, cfg: Config, tracks) -> pl.DataFrame:
    ch = _field_changes(df, cfg)
    if ch.height == 0:
        return empty_events()
    win = int(cfg.identity.merge_window_min * 60e6)
    ch = ch.with_columns(pl.col("end").dt.epoch("us").alias("e_us"), pl.col("start").dt.epoch("us").alias("s_us"))
    ch = ch.with_columns(
        ((pl.col("mmsi") != pl.col("mmsi").shift(1)) | ((pl.col("e_us") - pl.col("e_us").shift(1)) > win))
        .fill_null(True).cum_sum().alias("ev"))
    mr = max(cfg.identity.min_reports, 1)
    mm, st, en, det, conf = [], [], [], [], []
    for _, grp in ch.group_by("ev", maintain_order=True):
        rows = grp.to_dicts()
        changes = {r["field"]: {"old": _typed(r["field"], r["old"]), "new": _typed(r["field"], r["new"]),
                                "old_reports": r["old_n"], "new_reports": r["new_n"]} for r in rows}
        c = max(0.5 + 0.25 * min(1.0, r["old_n"] / (2 * mr)) + 0.25 * min(1.0, r["new_n"] / (2 * mr))
                for r in rows)
        mm.append(rows[0]["mmsi"])
        st.append(min(r["s_us"] for r in rows))
        en.append(max(r["e_us"] for r in rows))
        det.append({"kind": "change", "fields": sorted(changes), "changes": changes})
        conf.append(c)
    lat, lon = _position_at(tracks, np.array(mm), np.array(en))
    return make_events("identity_change", mm, st, en, lat, lon, det, conf)


def _typed(field: str, v):
    if v is None:
        return None
    return int(v) if field in ("imo", "ship_type") else v


def _flag_hops(df: pl.DataFrame, cfg: Config, tracks) -> pl.DataFrame:
    return flag_hops_from_blocks(imo_blocks(df, cfg), lambda mm, en: _position_at(tracks, mm, en))


def imo_blocks(df: pl.DataFrame, cfg: Config) -> pl.DataFrame:
    """Established blocks of valid IMO numbers per MMSI (``df``: :func:`clean_statics` output).

    Blocks are per MMSI, so blocks computed over disjoint sets of MMSIs can be concatenated
    before :func:`flag_hops_from_blocks` (how the distributed engine finds flag hops)."""
    return established_blocks(df.filter(pl.col("imo").is_not_null() & valid_imo(pl.col("imo"))), "imo",
                              cfg.identity.min_reports)


def flag_hops_from_blocks(b: pl.DataFrame, position_at) -> pl.DataFrame:
    """Flag hop / new MMSI events from :func:`imo_blocks` of every MMSI.

    ``position_at(mmsi_array, t_us_array) -> (lat, lon)`` gives the event positions."""
    if b.height == 0:
        return empty_events()
    per = (b.group_by(["value", "mmsi"]).agg(pl.col("first").min(), pl.col("last").max(), pl.col("n").sum())
           .sort(["value", "first", "mmsi"]))
    per = per.with_columns(
        pl.col("mmsi").shift(1).over("value").alias("prev"),
        pl.col("last").shift(1).over("value").alias("prev_last"),
    ).filter(pl.col("prev").is_not_null())
    if per.height == 0:
        return empty_events()
    mm, oth, st, en, det, conf = [], [], [], [], [], []
    for r in per.iter_rows(named=True):
        new_first = int(to_us(pl.Series([r["first"]]))[0])
        prev_last = int(to_us(pl.Series([r["prev_last"]]))[0])
        concurrent = prev_last > new_first
        old_mid, new_mid = str(r["prev"])[:3], str(r["mmsi"])[:3]
        kind = "flag_hop" if old_mid != new_mid else "new_mmsi"
        mm.append(r["mmsi"])
        oth.append(r["prev"])
        st.append(new_first if concurrent else prev_last)
        en.append(new_first)
        det.append({"kind": kind, "imo": int(r["value"]), "old_mmsi": r["prev"], "new_mmsi": r["mmsi"],
                    "old_mid": old_mid, "new_mid": new_mid, "concurrent": concurrent,
                    "new_reports": r["n"]})
        conf.append(0.5 if concurrent else (0.9 if kind == "flag_hop" else 0.7))
    lat, lon = position_at(np.array(mm), np.array(en))
    return make_events("identity_change", mm, st, en, lat, lon, det, conf, other_mmsi=oth)
