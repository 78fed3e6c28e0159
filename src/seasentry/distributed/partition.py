"""What the distributed engine runs on one MMSI partition and on one group of space-time cells.

Pure functions over polars frames, calling the embedded engine's kernels (no Dask here):

1. :func:`vessel_stage` -- one call per MMSI bucket: build tracks, then every per-vessel
   detector in ONE vectorised call over the whole bucket (loitering, port visits, zone
   crossings, spoofing, identity field changes), the gap candidates with this bucket's share
   of the reception statistics, the bucket's established IMO blocks (for flag hops, which pair
   MMSIs), and the encounter resampling cut into space-time cells.
2. :func:`cell_pairs` -- one call per group of space-time cells: the encounter candidate
   search (:func:`seasentry.detect.encounters.close_pairs`) inside each cell and its halo.
3. :func:`encounter_events` -- one call per part of the close pairs, re-partitioned by
   (a, b) (:func:`split_pairs`): de-duplicated exactly as the embedded engine does
   (:func:`~seasentry.detect.encounters.dedup_pairs`), then the run/merge step
   (:func:`~seasentry.detect.encounters.encounters_from_pairs`).
4. The driver (:mod:`.dask_engine`) then merges: reception counts are sums over buckets, flag
   hops are found over the union of IMO blocks, and
   :func:`~seasentry.detect._common.finalize_events` assigns the ids.

Space-time cells for encounters: resampled points (every ``encounter.resample_min``) are
placed in cells of ``cell_deg`` x ``cell_deg`` degrees and ``cell_hours`` hours. Close pairs
only join points at the same instant, so time needs no halo; in space, a point within the
encounter distance (plus 1 %) of a cell edge is copied into the neighbouring cell(s) (the
halo), so every pair within ``encounter.max_distance_m`` has both points in the cell of its
first point. Cells are hashed into ``n_groups`` groups; one task per group.
"""

from __future__ import annotations

import math
import os
import tempfile
import hashlib
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from ..config import Config
from ..detect._common import deferred_ids, empty_events, finalize_events, to_us, vessel_tracks
from ..detect.encounters import close_pairs, dedup_pairs, encounters_from_pairs, resample
from ..detect.gaps import GapCandidates, gap_candidates, gap_events, reception_counts, reception_table
from ..detect.identity import _changes_events, _position_at, clean_statics, imo_blocks
from ..detect.loitering import detect_loitering
from ..detect.port_visits import detect_port_visits
from ..detect.identity_quality import identity_quality
from ..detect.spoofing import detect_spoofing
from ..detect.zones import detect_zone_crossings
from ..tracks import EARTH_RADIUS_M, build_tracks, build_tracks_trust

#: Default space-time cell for the encounter search: 1 degree, 24 hours.
CELL_DEG = 1.0
CELL_HOURS = 24.0
_OFF = 1 << 11  # cell-index offset: |lat|/0.1 and |lon|/0.1 stay below 2048


# ------------------------------------------------------------------------------ geography
_GEO_CACHE: dict = {}


def zone_blobs(paths) -> tuple[tuple[str, bytes], ...]:
    """Zone files as (name, content), to ship to workers that cannot see the client's disk."""
    out = []
    for p in paths:
        with open(p, "rb") as fh:
            out.append((os.path.basename(str(p)), fh.read()))
    return tuple(out)


def worker_geography(blobs: tuple[tuple[str, bytes], ...] = ()):
    """``Geography.default`` with the given zone files (written once per process to a temp dir)."""
    from ..geo import Geography

    key = tuple(hashlib.sha256(b).hexdigest() for _, b in blobs)
    geo = _GEO_CACHE.get(key)
    if geo is None:
        paths = []
        d = os.path.join(tempfile.gettempdir(), "seasentry-zones")
        os.makedirs(d, exist_ok=True)
        for (name, data), h in zip(blobs, key):
            p = os.path.join(d, f"{h[:16]}-{os.path.basename(name)}")
            if not os.path.exists(p):
                tmp = f"{p}.{os.getpid()}.tmp"
                with open(tmp, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, p)
            paths.append(p)
        geo = Geography.default(extra_zones=tuple(paths))
        _GEO_CACHE[key] = geo
    return geo


def preload_worker() -> None:
    """Load the shipped geography in a worker before its first detection task, and run the
    per-vessel stage once on a small built-in sample (:func:`warm_stage`)."""
    warm_stage(worker_geography(()))


def warm_sample() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Positions and statics (the columns and types a store's bucket has) of two vessels near
    Malta, at sea: one under way at ~12 kn, one lying still off Valletta, an hour of reports."""
    n = 40
    t0 = 1_714_521_600_000_000  # 2024-05-01
    ts = t0 + np.arange(n, dtype=np.int64) * 90_000_000
    lat = np.concatenate([35.70 + np.arange(n) * 0.005, np.full(n, 35.93)])
    lon = np.concatenate([14.70 + np.arange(n) * 0.002, np.full(n, 14.53)])
    pos = pl.DataFrame({
        "mmsi": np.repeat(np.array([538000001, 215000002], np.int64), n), "ts": np.concatenate([ts, ts]),
        "lat": lat, "lon": lon, "sog": np.concatenate([np.full(n, 12.0), np.zeros(n)]).astype(np.float32),
        "cog": np.concatenate([np.full(n, 20.0), np.zeros(n)]).astype(np.float32),
        "heading": np.full(2 * n, 20, np.int16), "nav_status": np.repeat(np.array([0, 5], np.int8), n),
        "msg_type": np.ones(2 * n, np.int8), "station": ["warm"] * (2 * n),
        "msg_key": np.arange(2 * n, dtype=np.int64), "second": np.zeros(2 * n, np.int8),
        "time_source": ["tagblock"] * (2 * n)}).with_columns(pl.col("ts").cast(pl.Datetime("us")))
    sta = pl.DataFrame({
        "mmsi": np.array([538000001, 215000002], np.int64), "ts": np.array([t0, t0], np.int64),
        "msg_type": np.array([5, 5], np.int8), "part": pl.Series([None, None], dtype=pl.Int8),
        "imo": np.array([9000001, 9000002], np.int64), "callsign": ["V7AA1", "9HAA2"],
        "name": ["WARM ONE", "WARM TWO"], "ship_type": np.array([70, 80], np.int16),
        "dim_bow": np.array([100, 80], np.int16), "dim_stern": np.array([20, 20], np.int16),
        "dim_port": np.array([10, 8], np.int16), "dim_starboard": np.array([10, 8], np.int16),
        "draught": np.array([8.0, 6.0], np.float32), "destination": ["VALLETTA", "TRIPOLI"], "eta": [None, None],
        "station": ["warm", "warm"], "time_source": ["tagblock", "tagblock"],
        "source_id": np.array([1, 1], np.int32), "line_no": np.array([1, 2], np.int64),
        "msg_key": np.array([1, 2], np.int64), "ship_category": ["cargo", "tanker"]},
        schema_overrides={"eta": pl.String}).with_columns(pl.col("ts").cast(pl.Datetime("us")))
    return pos, sta


def warm_stage(geo, cfg: Config | None = None) -> None:
    """Run :func:`vessel_stage` once on :func:`warm_sample`: what the first stage task of a
    worker would load on its first bucket (the geography's ports table, the zones' grids, the
    waterways, polars' first use of each operation; 1M messages: ~0.07 CPU s of a worker's
    first task) is loaded here, which ``seasentry run`` calls while its own process commits
    the ingest and the workers would wait. Never fails (a warm-up only)."""
    try:
        pos, sta = warm_sample()
        vessel_stage(-1, pos, sta, cfg or Config(), geo, 1)
    except Exception:  # noqa: BLE001 - the real tasks meet (and report) whatever failed here
        pass


# ------------------------------------------------------------------------------ stage 1
@dataclass
class BucketState:
    """Result of :func:`vessel_stage` (kept on the worker; the driver fetches pieces)."""

    bucket: int
    positions: int = 0
    vessels: int = 0
    events: pl.DataFrame = field(default_factory=empty_events)
    gaps: GapCandidates | None = None
    reception: pl.DataFrame | None = None  # distinct (c, h, m), see detect.gaps.reception_table
    hours: tuple[int, int] | None = None   # first and last epoch hour of the bucket's vessel positions
    blocks: pl.DataFrame | None = None     # established IMO blocks (detect.identity.imo_blocks)
    cells: list = field(default_factory=list)  # per cell group: resampled points with a `cell` column
    seconds: float = 0.0
    block_positions: pl.DataFrame | None = None   # (mmsi, t_us, lat, lon) of the IMO blocks' first reports
    quality: pl.DataFrame | None = None    # per-MMSI identity quality (detect.identity_quality)
    cell_pts: pl.DataFrame | None = None   # the resampled points in their cells, before the cut by group

    def summary(self) -> dict:
        """The small part the driver gathers."""
        g = self.gaps
        return {"bucket": self.bucket, "positions": self.positions, "vessels": self.vessels,
                "hours": self.hours, "blocks": self.blocks, "block_positions": self.block_positions,
                "events": self.events.height, "quality": self.quality,
                "gap_queries": None if g is None else
                (g.mmsi, g.lat, g.lon, g.t_off, g.t_on), "seconds": self.seconds}


def vessel_stage(bucket: int, pos: pl.DataFrame, sta: pl.DataFrame, cfg: Config, geo, n_groups: int,
                 cell_deg: float = CELL_DEG, cell_hours: float = CELL_HOURS) -> BucketState:
    """Everything that works per MMSI, over one bucket in one vectorised pass."""
    import time

    t0 = time.perf_counter()
    st = BucketState(bucket=bucket, positions=pos.height,
                     vessels=pos["mmsi"].n_unique() if pos.height else 0)
    tracks, time_ok = build_tracks_trust(pos, cfg)
    # the events leave the stage unsorted and without ids: the driver's finalize sorts and ids
    # every bucket's events together (the same order and ids, see deferred_ids)
    with deferred_ids():
        frames = [
            detect_loitering(tracks, geo, cfg),
            detect_port_visits(tracks, geo, cfg),
            detect_zone_crossings(tracks, geo, cfg),
            detect_spoofing(tracks, sta, geo, cfg, time_ok=time_ok),
        ]
        del time_ok
        sdf = clean_statics(sta) if sta is not None and sta.height else None
        if sdf is not None:
            frames.append(_changes_events(sdf, cfg, tracks))
    if sdf is not None:
        b = imo_blocks(sdf, cfg)
        st.blocks = b if b.height else None
        if st.blocks is not None:
            # a flag hop's position is its new MMSI's position when that MMSI first reported the
            # IMO (flag_hops_from_blocks: the earliest 'first' of the (IMO, MMSI) blocks); every
            # candidate is looked up here, where the tracks are, instead of re-reading the bucket
            per = b.group_by(["value", "mmsi"]).agg(pl.col("first").min())
            mm = per["mmsi"].to_numpy()
            t = to_us(per["first"])
            lat, lon = _position_at(tracks, mm, t)
            st.block_positions = pl.DataFrame({"mmsi": mm, "t_us": t, "lat": lat, "lon": lon}).unique(
                ["mmsi", "t_us"], keep="first")
    frames = [f for f in frames if f.height]
    st.events = pl.concat(frames) if frames else empty_events()
    st.quality = identity_quality(tracks, sta, cfg)

    v = vessel_tracks(tracks) if tracks.height else tracks
    if v.height:
        m = v["mmsi"].to_numpy()
        t = to_us(v["ts"])
        lat = v["lat"].to_numpy()
        lon = v["lon"].to_numpy()
        st.reception = reception_table(m, t, lat, lon, cfg.gap.reception_cell_deg)
        st.hours = (int(t.min() // 3_600_000_000), int(t.max() // 3_600_000_000))
        st.gaps = gap_candidates(v, geo, cfg)
        ec = cfg.encounter
        rs = resample(v, ec.resample_min * 60.0, ec.max_interp_gap_h * 3600.0)
        st.cell_pts = cell_points(rs, ec.max_distance_m, cell_deg, cell_hours)
        st.cells = group_cells(st.cell_pts, n_groups)
    else:
        st.cells = [None] * n_groups
    st.seconds = time.perf_counter() - t0
    return st


def _concat_gaps(parts: list) -> GapCandidates | None:
    parts = [g for g in parts if g is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    f = {}
    for name in GapCandidates.__dataclass_fields__:
        vals = [getattr(g, name) for g in parts]
        f[name] = sum((list(v) for v in vals), []) if isinstance(vals[0], list) else np.concatenate(vals)
    return GapCandidates(**f)


def _cat(frames: list):
    frames = [f for f in frames if f is not None and f.height]
    return pl.concat(frames) if frames else None


def merge_states(bucket: int, states: list[BucketState], n_groups: int) -> BucketState:
    """One bucket's state from the states of disjoint groups of its MMSIs (everything in a
    state is per MMSI, or a sum or union over MMSIs)."""
    if len(states) == 1:
        return states[0]
    out = BucketState(bucket=bucket)
    out.positions = sum(x.positions for x in states)
    out.vessels = sum(x.vessels for x in states)
    ev = [x.events for x in states if x.events.height]
    out.events = pl.concat(ev) if ev else empty_events()
    out.gaps = _concat_gaps([x.gaps for x in states])
    out.reception = _cat([x.reception for x in states])
    hours = [x.hours for x in states if x.hours is not None]
    out.hours = (min(h[0] for h in hours), max(h[1] for h in hours)) if hours else None
    out.blocks = _cat([x.blocks for x in states])
    out.block_positions = _cat([x.block_positions for x in states])
    out.quality = _cat([x.quality for x in states])
    out.cell_pts = _cat([x.cell_pts for x in states])
    out.cells = group_cells(out.cell_pts, n_groups)
    out.seconds = sum(x.seconds for x in states)
    return out


#: Multiplier of the hash that cuts a bucket into MMSI groups: not the bucket hash's (2654435761),
#: whose high bits are what puts an MMSI in its bucket (they are nearly the same for every MMSI of
#: one bucket); xxHash's PRIME32_2.
CHUNK_MULT = 2246822519


def chunk_of(mmsi, k: int) -> np.ndarray:
    """Group (0..k-1) of each MMSI when a bucket is processed in ``k`` groups."""
    return (((np.asarray(mmsi, np.int64) % (1 << 31)) * CHUNK_MULT % (1 << 32)) * int(k)) >> 32


def chunk_expr(k: int, g: int) -> pl.Expr:
    """polars predicate: the MMSI is in group ``g`` of ``k`` (:func:`chunk_of`)."""
    return (((pl.col("mmsi") % (1 << 31)) * CHUNK_MULT % (1 << 32)) * int(k) // (1 << 32)) == int(g)


def vessel_stage_chunked(bucket: int, pos: pl.DataFrame, sta: pl.DataFrame, cfg: Config, geo, n_groups: int,
                         cell_deg: float = CELL_DEG, cell_hours: float = CELL_HOURS,
                         chunk_positions: int | None = None) -> BucketState:
    """:func:`vessel_stage` over a bucket, in groups of its MMSIs of about ``chunk_positions``
    positions when it holds more (the same state: every per-vessel detector works per MMSI; the
    memory of the tracks and detectors is that of one group)."""
    n = pos.height
    if not chunk_positions or n <= chunk_positions:
        return vessel_stage(bucket, pos, sta, cfg, geo, n_groups, cell_deg, cell_hours)
    k = int(math.ceil(n / chunk_positions))
    pg = chunk_of(pos["mmsi"].to_numpy(), k)
    sg = chunk_of(sta["mmsi"].to_numpy(), k) if sta is not None and sta.height else np.zeros(0, np.int64)
    states = []
    for g in range(k):
        sub = pos.filter(pl.Series(pg == g))
        ssub = sta.filter(pl.Series(sg == g)) if sta is not None and sta.height else sta
        if sub.height == 0 and (ssub is None or ssub.height == 0):
            continue
        states.append(vessel_stage(bucket, sub, ssub, cfg, geo, n_groups, cell_deg, cell_hours))
        del sub, ssub
    if not states:
        return vessel_stage(bucket, pos, sta, cfg, geo, n_groups, cell_deg, cell_hours)
    return merge_states(bucket, states, n_groups)


# ------------------------------------------------------------------------------ stage cache
def _stage_path(cache: str, bucket: int) -> str:
    return os.path.join(cache, f"bucket={int(bucket):04d}.pkl")


def load_stage(cache: str | None, bucket: int, signature: str) -> BucketState | None:
    """The state kept for ``bucket`` if it was computed from the same content (``signature``)."""
    import pickle

    if not cache or not signature:
        return None
    try:
        with open(_stage_path(cache, bucket), "rb") as fh:
            sig, st = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError, TypeError):
        return None
    return st if sig == signature and isinstance(st, BucketState) else None


def save_stage(cache: str | None, bucket: int, signature: str, st: BucketState) -> None:
    import pickle

    if not cache or not signature:
        return
    os.makedirs(cache, exist_ok=True)
    path = _stage_path(cache, bucket)
    tmp = f"{path}.{os.getpid()}.tmp"
    cells, st.cells = st.cells, None  # kept ungrouped (cell_pts): the number of cell groups may change
    try:
        with open(tmp, "wb") as fh:
            pickle.dump((signature, st), fh, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        st.cells = cells
    os.replace(tmp, path)


def prune_stages(cache: str | None, buckets: list[int]) -> None:
    """Drop kept states of buckets that no longer exist."""
    if not cache or not os.path.isdir(cache):
        return
    keep = {os.path.basename(_stage_path(cache, b)) for b in buckets}
    for name in os.listdir(cache):
        if name.endswith(".pkl") and name not in keep or name.endswith(".tmp"):
            try:
                os.remove(os.path.join(cache, name))
            except OSError:
                pass


def halo_deg(max_m: float) -> float:
    """Latitude halo in degrees: the encounter distance plus 1 %."""
    return max_m / (math.pi / 180.0 * EARTH_RADIUS_M) * 1.01


def cell_key(day: np.ndarray, cy: np.ndarray, cx: np.ndarray) -> np.ndarray:
    return (day.astype(np.int64) << 24) | ((cy + _OFF) << 12) | (cx + _OFF)


def cell_group(cell: np.ndarray, n_groups: int) -> np.ndarray:
    """Group of each cell key (Fibonacci hashing, so neighbouring cells spread over groups)."""
    h = (cell.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(33)
    return (h % np.uint64(n_groups)).astype(np.int64)


def split_cells(rs: pl.DataFrame, max_m: float, n_groups: int, cell_deg: float = CELL_DEG,
                cell_hours: float = CELL_HOURS) -> list[pl.DataFrame | None]:
    """Resampled points (``resample`` output) copied into their space-time cell and the
    neighbouring cells whose edge is within the halo; one frame per cell group (None if empty).

    Columns: cell (int64 key), mmsi, t, lat, lon, speed, obs.
    """
    return group_cells(cell_points(rs, max_m, cell_deg, cell_hours), n_groups)


def group_cells(pts: pl.DataFrame | None, n_groups: int) -> list[pl.DataFrame | None]:
    """:func:`cell_points` output cut by cell group (one frame per group, None if empty)."""
    out: list[pl.DataFrame | None] = [None] * n_groups
    if pts is None or pts.height == 0:
        return out
    grp = cell_group(pts["cell"].to_numpy(), n_groups)
    for (g,), part in pts.with_columns(pl.Series("_grp", grp)).partition_by("_grp", as_dict=True,
                                                                             include_key=False).items():
        out[int(g)] = part
    return out


def cell_points(rs: pl.DataFrame, max_m: float, cell_deg: float = CELL_DEG,
                cell_hours: float = CELL_HOURS) -> pl.DataFrame | None:
    """Resampled points copied into their space-time cell and the neighbouring cells whose
    edge is within the halo (columns mmsi, t, lat, lon, speed, obs, cell); None if empty."""
    if not 0.1 <= cell_deg <= 90:
        raise ValueError("cell_deg must be between 0.1 and 90 degrees")
    h_lat = halo_deg(max_m)
    if h_lat >= cell_deg:
        raise ValueError("cell_deg must be larger than the encounter distance")
    if rs.height == 0:
        return None
    lat = rs["lat"].to_numpy()
    lon = rs["lon"].to_numpy()
    t = rs["t"].to_numpy()
    day = t // int(round(cell_hours * 3600))
    cy = np.floor(lat / cell_deg).astype(np.int64)
    cx = np.floor(lon / cell_deg).astype(np.int64)
    fy = lat - cy * cell_deg
    fx = lon - cx * cell_deg
    h_lon = np.minimum(h_lat / np.cos(np.radians(np.minimum(np.abs(lat) + h_lat, 89.0))), cell_deg * 0.999)
    near_y = {-1: fy < h_lat, 0: np.ones(len(lat), dtype=bool), 1: (cell_deg - fy) <= h_lat}
    near_x = {-1: fx < h_lon, 0: np.ones(len(lat), dtype=bool), 1: (cell_deg - fx) <= h_lon}
    base = rs.select("mmsi", "t", "lat", "lon", "speed", "obs")
    idx_parts, cell_parts = [], []
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            sel = np.flatnonzero(near_y[dy] & near_x[dx]) if (dx, dy) != (0, 0) else np.arange(len(lat))
            if len(sel) == 0:
                continue
            idx_parts.append(sel)
            cell_parts.append(cell_key(day[sel], cy[sel] + dy, cx[sel] + dx))
    idx = np.concatenate(idx_parts)
    cells = np.concatenate(cell_parts)
    return base[idx].with_columns(pl.Series("cell", cells))


# ------------------------------------------------------------------------------ stage 2
def cell_pairs(max_m: float, *pieces: pl.DataFrame | None) -> pl.DataFrame | None:
    """Close pairs inside every cell of one group (pieces from every bucket)."""
    parts = [p for p in pieces if p is not None and p.height]
    if not parts:
        return None
    rs = pl.concat(parts)
    p = close_pairs(rs, max_m)
    return p if p.height else None


def pair_part(a: np.ndarray, b: np.ndarray, n_parts: int) -> np.ndarray:
    """Part of each close pair (a, b) when pairs are re-partitioned for the run/merge step:
    every row of one (a, b) lands in one part, whatever cell group found it."""
    h = (a.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ (b.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))
    return ((h >> np.uint64(29)) % np.uint64(n_parts)).astype(np.int64)


def split_pairs(p: pl.DataFrame | None, n_parts: int) -> dict[int, pl.DataFrame]:
    """Close pairs cut by :func:`pair_part` (part -> rows; empty parts left out)."""
    if p is None or p.height == 0:
        return {}
    part = pair_part(p["a"].to_numpy(), p["b"].to_numpy(), n_parts)
    return {int(k): v for (k,), v in p.with_columns(pl.Series("_part", part))
            .partition_by("_part", as_dict=True, include_key=False).items()}


def encounter_events(parts: list[pl.DataFrame], geo, cfg: Config) -> pl.DataFrame:
    """Encounter events of one part of the close pairs (all rows of each (a, b) pair in it):
    de-duplicated as the embedded engine does, then runs, merge and port filter."""
    parts = [x for x in parts if x is not None and x.height]
    if not parts:
        return empty_events()
    return encounters_from_pairs(dedup_pairs(pl.concat(parts)), geo, cfg)


# ------------------------------------------------------------------------------ stage 3
def bucket_reception(reception: pl.DataFrame | None, queries, cell_deg: float):
    """One bucket's (during, tot, own, during_any, others_any) counts for every gap of every bucket."""
    mm, la, lo, t0, t1 = queries
    if reception is None:
        z = np.zeros(len(mm), dtype=np.int64)
        return z, z.copy(), z.copy(), z.copy(), z.copy()
    return reception_counts(reception, mm, la, lo, t0, t1, cell_deg)


def bucket_gap_events(gaps: GapCandidates | None, dens, during_rate, normal, cfg: Config,
                      silent=None) -> pl.DataFrame:
    if gaps is None:
        return empty_events()
    return gap_events(gaps, dens, during_rate, normal, cfg, silent=silent)


def positions_at(pos: pl.DataFrame, cfg: Config, mmsi: np.ndarray, t_us: np.ndarray):
    """Event positions for flag hops (nearest non-noise position in time), from the bucket's
    raw positions: tracks are rebuilt for the asked MMSIs only (segmentation is per MMSI)."""
    sub = pos.filter(pl.col("mmsi").is_in(np.unique(np.asarray(mmsi, dtype=np.int64)).tolist()))
    return _position_at(build_tracks(sub, cfg), np.asarray(mmsi), np.asarray(t_us))


def finalize(frames: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [f for f in frames if f is not None and f.height]
    return finalize_events(pl.concat(frames)) if frames else empty_events()
