"""Shared helpers for the event detectors: event frames, deterministic ids, geography
look-ups restricted to candidate points, run-length encoding.

No I/O: everything works on in-memory columns.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import hashlib
import json
import math
import weakref
from typing import Any, Iterable, Sequence

import numpy as np
import polars as pl

from ..schema import EVENTS
from ..tracks import haversine_nm  # re-exported for detectors

__all__ = [
    "EVENT_SCHEMA", "empty_events", "make_events", "finalize_events", "event_id",
    "haversine_nm", "to_us", "iso", "runs", "zone_names_at", "port_distance",
    "shore_distance", "coverage_fraction", "vessel_tracks", "vessel_track_rows", "track_arrays",
]

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "event_id": pl.Utf8, "type": pl.Utf8, "mmsi": pl.Int64, "other_mmsi": pl.Int64,
    "start": pl.Datetime("us"), "end": pl.Datetime("us"), "lat": pl.Float64, "lon": pl.Float64,
    "zone": pl.Utf8, "details": pl.Utf8, "confidence": pl.Float64,
}
assert list(EVENT_SCHEMA) == EVENTS.names
_EVENT_SCHEMA_OBJ = pl.Schema(EVENT_SCHEMA)

_EPOCH = _dt.datetime(1970, 1, 1)


def empty_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def to_us(ts: pl.Series) -> np.ndarray:
    """Datetime series -> int64 epoch microseconds."""
    return ts.cast(pl.Datetime("us")).dt.epoch("us").to_numpy()


def iso(us: int | float | None) -> str | None:
    """Epoch microseconds -> ISO 8601 UTC with Z (second precision unless sub-second)."""
    if us is None or (isinstance(us, float) and not math.isfinite(us)):
        return None
    d = _EPOCH + _dt.timedelta(microseconds=int(us))
    s = d.isoformat(timespec="microseconds" if d.microsecond else "seconds")
    return s + "Z"


class CleanList(list):
    """A list already made of JSON-safe values (skipped by :func:`_clean`)."""


def _clean(v: Any) -> Any:
    """JSON-safe value: numpy scalars to Python, NaN/inf to None, floats rounded."""
    t = type(v)
    if v is None or t is str or t is int or t is bool or t is CleanList:
        return v
    if t is float:
        return round(v, 6) if math.isfinite(v) else None
    if t is dict:
        return {k: _clean(x) for k, x in v.items()}
    if t is list or t is tuple:
        return [_clean(x) for x in v]
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return round(f, 6) if math.isfinite(f) else None
    return v


def event_id(etype: str, mmsi: int, other: int | None, start_us: int, salt: int = 0) -> str:
    """Deterministic id: first 16 hex digits of SHA-256 over type, mmsi, other_mmsi, start.

    ``salt`` (the rank among events sharing the same key, in a deterministic order) only
    enters the hash when non-zero, so ordinary ids depend on the four fields alone.
    """
    key = f"{etype}|{int(mmsi)}|{'' if other is None else int(other)}|{int(start_us)}"
    if salt:
        key += f"|{salt}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def make_events(etype: str, mmsi: Sequence[int], start_us: Sequence[int], end_us: Sequence[int],
                lat: Sequence[float], lon: Sequence[float], details: Iterable[dict],
                confidence: Sequence[float], other_mmsi: Sequence[int | None] | None = None,
                zone: Sequence[str | None] | None = None) -> pl.DataFrame:
    """Build an EVENTS frame (event ids are assigned in :func:`finalize_events`)."""
    mmsi = np.asarray(mmsi, dtype=np.int64)
    n = len(mmsi)
    if n == 0:
        return empty_events()
    det = [json.dumps(_clean(d), sort_keys=True, separators=(",", ":")) for d in details]
    conf = np.clip(np.nan_to_num(np.asarray(confidence, dtype=float), nan=0.0), 0.0, 1.0)
    df = pl.DataFrame({
        "event_id": [""] * n,
        "type": [etype] * n,
        "mmsi": mmsi,
        "other_mmsi": pl.Series(list(other_mmsi) if other_mmsi is not None else [None] * n,
                                dtype=pl.Int64),
        "start": pl.Series(np.asarray(start_us, dtype=np.int64)).cast(pl.Datetime("us")),
        "end": pl.Series(np.asarray(end_us, dtype=np.int64)).cast(pl.Datetime("us")),
        "lat": np.asarray(lat, dtype=float),
        "lon": np.asarray(lon, dtype=float),
        "zone": pl.Series(list(zone) if zone is not None else [None] * n, dtype=pl.Utf8),
        "details": det,
        "confidence": np.round(conf, 4),
    }, schema=EVENT_SCHEMA)
    return finalize_events(df)


#: Set (per thread / context) by :func:`deferred_ids`: :func:`finalize_events` then only casts.
_DEFER_IDS: contextvars.ContextVar[bool] = contextvars.ContextVar("seasentry_defer_ids", default=False)

#: The order of :func:`finalize_events`: the id's fields first (the salt is the rank within them),
#: then every other column but the id, so that the order -- and with it the salts -- depends only
#: on the set of rows, never on the order they come in.
SORT_KEYS = ["type", "mmsi", "start", "other_mmsi", "end", "lat", "lon", "details", "zone", "confidence"]


@contextlib.contextmanager
def deferred_ids():
    """Inside: :func:`finalize_events` (and so :func:`make_events`) returns the rows in the event
    schema unsorted and without ids. For callers whose events all go through one final
    :func:`finalize_events` anyway (the distributed engine's per-vessel stage: the driver sorts
    and assigns the ids over every bucket's events); that final order and the ids depend only on
    the set of rows (:data:`SORT_KEYS`), so they are the same as with a sort per detector."""
    tok = _DEFER_IDS.set(True)
    try:
        yield
    finally:
        _DEFER_IDS.reset(tok)


def finalize_events(df: pl.DataFrame) -> pl.DataFrame:
    """Sort deterministically and assign event ids (hash of type, mmsi, other, start).

    Inside :func:`deferred_ids`: only the cast to the event schema (no sort, ids left as they are)."""
    if df.height == 0:
        return empty_events()
    if df.schema != _EVENT_SCHEMA_OBJ:  # make_events' frames and their concatenations already match
        df = df.select(list(EVENT_SCHEMA)).cast(EVENT_SCHEMA)
    if _DEFER_IDS.get():
        return df
    df = df.sort(SORT_KEYS, nulls_last=True)
    # the salt: rank among the events of one (type, mmsi, other_mmsi, start), which the sort
    # (by those keys first) puts next to each other
    ty = df["type"].to_list()
    mm = df["mmsi"].to_list()
    oth = df["other_mmsi"].to_list()
    st = df["start"].dt.epoch("us").to_list()
    ids = []
    k = 0
    prev = None
    for key in zip(ty, mm, oth, st):
        k = k + 1 if key == prev else 0
        prev = key
        ids.append(event_id(key[0], key[1], key[2], key[3], k))
    return df.with_columns(pl.Series("event_id", ids, dtype=pl.Utf8))


# ---------------------------------------------------------------------------------------
def runs(flag: np.ndarray, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) indices of runs of True in ``flag`` that do not cross a
    change of ``group`` (rows assumed ordered by group)."""
    n = len(flag)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    f = flag.astype(bool)
    brk = np.ones(n, dtype=bool)
    brk[1:] = group[1:] != group[:-1]
    prev = np.zeros(n, dtype=bool)
    prev[1:] = f[:-1]
    start = f & (brk | ~prev)
    nxt_brk = np.ones(n, dtype=bool)
    nxt_brk[:-1] = brk[1:]
    nxt = np.zeros(n, dtype=bool)
    nxt[:-1] = f[1:]
    end = f & (nxt_brk | ~nxt)
    return np.flatnonzero(start), np.flatnonzero(end) + 1


def group_ids(*cols: np.ndarray) -> np.ndarray:
    """Consecutive group number for rows already sorted by ``cols``."""
    n = len(cols[0])
    new = np.zeros(n, dtype=bool)
    if n:
        new[0] = True
    for c in cols:
        if n > 1:
            new[1:] |= c[1:] != c[:-1]
    return np.cumsum(new) - 1


def track_arrays(v: pl.DataFrame) -> tuple[np.ndarray, ...]:
    """(mmsi, t epoch-us, lat, lon, sog kn, speed kn, group) of :func:`vessel_tracks` rows.

    ``sog`` is the reported SOG (NaN when missing); ``speed`` is the SOG, or the implied speed
    where SOG is missing; ``group`` numbers consecutive (mmsi, track_id) runs."""
    m = v["mmsi"].to_numpy()
    t = to_us(v["ts"])
    sog = v["sog"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    implied = v["implied_speed_kn"].fill_null(np.nan).to_numpy()
    speed = np.where(np.isnan(sog), implied, sog)
    return m, t, v["lat"].to_numpy(), v["lon"].to_numpy(), sog, speed, group_ids(m, v["track_id"].to_numpy())


#: The last two :func:`vessel_tracks` results: (weak reference to the tracks frame, its
#: height, its columns, the result, the rows of the frame it holds). Several detectors run
#: over the same tracks frame (the distributed engine calls them one after the other); the
#: filter and re-sort happen once.
_VT_CACHE: list = []


def _forget_vessel_tracks(ref) -> None:
    _VT_CACHE[:] = [c for c in list(_VT_CACHE) if c[0] is not ref]


def vessel_tracks(tracks: pl.DataFrame) -> pl.DataFrame:
    """Non-noise positions sorted by (mmsi, track_id, ts) (no re-sort when already so).

    Input sorted by (mmsi, ts) (:func:`seasentry.tracks.build_tracks` output) is re-ordered
    only inside the MMSIs whose tracks interleave (parallel segments), which are few.
    The result for the most recent frame is remembered while that frame is alive.
    """
    return vessel_track_rows(tracks)[0]


def vessel_track_rows(tracks: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray | None | bool]:
    """(:func:`vessel_tracks` of ``tracks``, the row of ``tracks`` each of its rows is): None
    when they are the same rows in the same order, False when not known (null keys, or rows
    not grouped by MMSI, re-sorted by polars)."""
    for c in tuple(_VT_CACHE):
        if c[3] is tracks or (c[0]() is tracks and c[1] == tracks.height and c[2] == tracks.columns):
            return c[3], c[4]
    noise = tracks["noise"]
    rows = np.flatnonzero(~noise.fill_null(False).to_numpy()) if noise.any() else None
    v = tracks.filter(~pl.col("noise")) if rows is not None else tracks
    if rows is not None and noise.null_count():
        rows = False  # filter drops null-noise rows too: not the rows above
    if v.height >= 2:
        v, order = _by_mmsi_track_ts(v)
        if order is False:
            rows = False
        elif order is not None and rows is not False:
            rows = order if rows is None else rows[order]
    if v is not tracks:  # never keep ``tracks`` itself alive through the cache
        try:
            entry = (weakref.ref(tracks, _forget_vessel_tracks), tracks.height, tracks.columns, v, rows)
            _VT_CACHE[:] = [entry, *list(_VT_CACHE)[:1]]
        except TypeError:  # pragma: no cover - frames that cannot be weakly referenced
            pass
    return v, rows


def _by_mmsi_track_ts(v: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray | None | bool]:
    """``v`` by (mmsi, track_id, ts), and the order applied (None: none; False: a polars sort)."""
    m = v["mmsi"].to_numpy()
    tr = v["track_id"].to_numpy()
    t = v["ts"].dt.epoch("us").to_numpy()
    gt_m = m[1:] > m[:-1]
    eq_m = m[1:] == m[:-1]
    ok = gt_m | (eq_m & ((tr[1:] > tr[:-1]) | ((tr[1:] == tr[:-1]) & (t[1:] >= t[:-1]))))
    if bool(ok.all()):
        return v, None
    if not bool((gt_m | eq_m).all()):
        return v.sort(["mmsi", "track_id", "ts"], maintain_order=True), False
    # sorted by mmsi: re-order the rows of the MMSIs that are out of order, in place
    rows = np.flatnonzero(np.isin(m, np.unique(m[1:][~ok])))
    order = np.arange(len(m))
    order[rows] = rows[np.lexsort((t[rows], tr[rows], m[rows]))]
    return v.rechunk()[pl.Series(order, dtype=pl.UInt32 if len(order) < 2**32 else pl.UInt64)], order


# ---------------------------------------------------------------------------------------
# Geography look-ups. ``geo`` is a seasentry.geo.Geography (or anything with its methods).
def distinct_consecutive(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of rows whose (lat, lon) differ from the previous row, and for every row the
    index into those: lets costly geography be evaluated once per run of repeats (moored
    vessels repeat the same coordinates)."""
    n = len(lat)
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = (lat[1:] != lat[:-1]) | (lon[1:] != lon[:-1])
    return np.flatnonzero(new), np.cumsum(new) - 1


def searchsorted_runs(keys: np.ndarray, k: np.ndarray) -> np.ndarray:
    """``clip(searchsorted(keys, k), 0, len(keys) - 1)`` (``keys`` sorted, not empty): one binary
    search per run of equal consecutive values of ``k`` (a track stays in one grid cell for many
    reports; the rows of one MMSI), the answer repeated over the run."""
    n = len(k)
    new = np.ones(n, dtype=bool)
    if n > 1:
        np.not_equal(k[1:], k[:-1], out=new[1:])
    at = np.searchsorted(keys, k[new])
    np.minimum(at, len(keys) - 1, out=at)
    return at[np.cumsum(new) - 1]


def in_sorted(keys: np.ndarray, k: np.ndarray) -> np.ndarray:
    """``k`` in ``keys`` (sorted, not empty) for every element of ``k``, searched once per run
    (:func:`searchsorted_runs`)."""
    return keys[searchsorted_runs(keys, k)] == k


def zone_names_at(geo, lat: np.ndarray, lon: np.ndarray) -> list[str | None]:
    """Name of the first zone containing each point (None outside every zone)."""
    lat = np.asarray(lat, dtype=float)
    n = len(lat)
    zones = list(getattr(geo, "zones", []) or [])
    if n == 0 or not zones:
        return [None] * n
    inside = np.asarray(geo.in_zones(lat, np.asarray(lon, dtype=float)), dtype=bool)
    if inside.ndim != 2 or inside.shape[1] != n:
        return [None] * n
    anyz = inside.any(axis=0)
    first = inside.argmax(axis=0)
    names = [z.name for z in zones]
    return [names[i] if a else None for i, a in zip(first.tolist(), anyz.tolist())]


def port_distance(geo, lat: np.ndarray, lon: np.ndarray, radius_km: float | None = None,
                  default_radius_km: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    """Nearest port *area* index (-1 none) and the effective distance to it in km.

    Ports have areas (``geo.ports.radius_km``, default ``default_radius_km`` =
    ``port_visit.entry_km``): the effective distance is the distance to the port's point minus
    its radius plus ``default_radius_km``, i.e. the distance as if every area had the standard
    radius. For a port without its own radius it is the plain distance, so every rule written
    as "within X km of a port" (GFW: 3 km entry, 10 km for encounters and loitering) keeps its
    meaning and is measured from the edge of a larger port area or terminal.

    With ``radius_km``, only points that may lie within that effective distance of some port
    are looked up (a grid prefilter on the port list); the others get index -1 and distance
    +inf. Exact for every point actually within ``radius_km``.
    """
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    n = len(lat)
    idx = np.full(n, -1, dtype=np.int32)
    dist = np.full(n, np.inf)
    if n == 0:
        return idx, dist
    ports = getattr(geo, "ports", None)
    if ports is None or len(ports) == 0:
        return idx, dist
    area = getattr(geo, "port_area", None)
    mask = np.ones(n, dtype=bool)
    if radius_km is not None:
        # a port's area reaches radius_km + (its radius - default_radius_km, if larger) of
        # effective distance: cells of radius_km, as many around each port as its reach needs
        pre = _port_cells(ports, (float(radius_km), float(default_radius_km) if area else None))
        if pre is None:
            return idx, dist
        cell, coords, by_maxlat = pre
        maxlat = min(89.0, float(max(np.abs(coords[0]).max(), np.abs(lat).max())) + 1.0)
        cell_lon = cell / math.cos(math.radians(maxlat))
        keys = by_maxlat.get(maxlat)
        if keys is None:
            keys = by_maxlat[maxlat] = _port_cell_keys(coords, cell, cell_lon, radius_km,
                                                       default_radius_km if area else None)
        k = np.floor(lat / cell).astype(np.int64) * 10_000_000 + np.floor(lon / cell_lon).astype(np.int64)
        mask = in_sorted(keys, k)
    if mask.any():
        sel = np.flatnonzero(mask)
        # moored vessels repeat their position: each run of one (lat, lon) is looked up once
        first, inv = distinct_consecutive(lat[sel], lon[sel])
        u = sel[first]
        if area is not None:
            # with radius_km, points with no port point within radius_km + the largest port
            # radius (so no area within radius_km) skip the nearest-areas search
            kw = {} if radius_km is None else {"prefilter_km": float(radius_km)}
            i, _, beyond = area(lat[u], lon[u], default_radius_km, **kw)
            d = np.asarray(beyond, dtype=float) + default_radius_km
        else:
            i, d = geo.nearest_port(lat[u], lon[u])
        i = np.asarray(i, dtype=np.int32)
        d = np.asarray(d, dtype=float)
        d = np.where((i < 0) | ~np.isfinite(d), np.inf, d)
        idx[sel] = i[inv]
        dist[sel] = d[inv]
    return idx, dist


#: id(ports table) -> (weak reference to it, (lat, lon, radius km) of its ports with a position,
#: {(radius km, default radius km or None): (cell deg, {maxlat: sorted cell keys})}): the grid
#: prefilter of :func:`port_distance` is the same for every call on the same table with the
#: same radii (an entry goes with its table), and the table's columns are read once.
_PORT_CELLS: dict = {}

#: Smallest grid cell of :func:`port_distance`'s prefilter (km), so that a tiny radius does not
#: put thousands of cells around every port.
_MIN_CELL_KM = 0.5


def _port_coords(ports) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lat, lon, radius km or NaN) of the ports with a position."""
    plat = ports["lat"].to_numpy().astype(float)
    plon = ports["lon"].to_numpy().astype(float)
    rad = (ports["radius_km"].cast(pl.Float64).to_numpy().astype(float) if "radius_km" in ports.columns
           else np.full(len(plat), np.nan))
    ok = np.isfinite(plat) & np.isfinite(plon)
    return plat[ok], plon[ok], rad[ok]


def _port_cells(ports, radii: tuple):
    """(cell size in degrees of latitude, the ports' (lat, lon, radius) with a position, cache of
    cell keys by maxlat) for the grid prefilter of :func:`port_distance`; None when no port has
    a position."""
    entry = _PORT_CELLS.get(id(ports))
    if entry is None or entry[0]() is not ports:
        try:
            ref = weakref.ref(ports, lambda _r, k=id(ports): _PORT_CELLS.pop(k, None))
        except TypeError:  # a table that cannot be weakly referenced: not cached
            ref = None
        entry = (ref, _port_coords(ports), {})
        if ref is not None:
            _PORT_CELLS[id(ports)] = entry
    coords, per = entry[1], entry[2]
    if len(coords[0]) == 0:
        return None
    got = per.get(radii)
    if got is None:
        got = per[radii] = (max(radii[0], _MIN_CELL_KM) / 111.0 * 1.05, {})
    return got[0], coords, got[1]


def _port_cell_keys(coords: tuple, cell: float, cell_lon: float, radius_km: float,
                    default_radius_km: float | None) -> np.ndarray:
    """Sorted keys of the grid cells within each port's reach (``coords``: the ports' lat, lon
    and radius, :func:`_port_coords`): radius_km, plus its area's radius beyond
    ``default_radius_km`` (None: areas not used), in cells of ``radius_km`` (at least
    _MIN_CELL_KM) -- the port's cell and ceil(reach / cell) neighbours on every side."""
    plat, plon, rad = coords
    reach = radius_km + (np.maximum(np.where(np.isfinite(rad), rad, default_radius_km) - default_radius_km, 0.0)
                         if default_radius_km is not None else 0.0)
    nb = np.maximum(np.ceil(np.asarray(reach, dtype=float) / max(radius_km, _MIN_CELL_KM) - 1e-9), 1).astype(np.int64)
    nb = np.broadcast_to(nb, plat.shape)
    a = np.floor(plat / cell).astype(np.int64)
    b = np.floor(plon / cell_lon).astype(np.int64)
    keys = []
    for k in np.unique(nb).tolist():
        sel = nb == k
        for da in range(-k, k + 1):
            for db in range(-k, k + 1):
                keys.append((a[sel] + da) * 10_000_000 + (b[sel] + db))
    return np.unique(np.concatenate(keys))


def port_name(geo, i: int) -> str | None:
    if i is None or i < 0:
        return None
    try:
        return geo.ports["name"][int(i)]
    except Exception:  # noqa: BLE001 - a malformed port table must not crash detection
        return None


def port_info(geo, i: int) -> dict | None:
    if i is None or i < 0:
        return None
    try:
        row = geo.ports.row(int(i), named=True)
    except Exception:  # noqa: BLE001
        return None
    keep = ("port_id", "name", "country", "locode", "kind")
    return {k: row.get(k) for k in keep if k in row}


def shore_distance(geo, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    lat = np.asarray(lat, dtype=float)
    if len(lat) == 0:
        return np.zeros(0)
    return np.asarray(geo.distance_to_shore_nm(lat, np.asarray(lon, dtype=float)), dtype=float)


def shore_country(geo, lat: np.ndarray, lon: np.ndarray) -> list[str | None]:
    lat = np.asarray(lat, dtype=float)
    if len(lat) == 0 or not hasattr(geo, "shore_country"):
        return [None] * len(lat)
    out = geo.shore_country(lat, np.asarray(lon, dtype=float))
    return [None if (x is None or (isinstance(x, float) and math.isnan(x))) else str(x) for x in out]


def coverage_fraction(t_us: np.ndarray, starts: np.ndarray, ends: np.ndarray, bin_s: float = 600.0
                      ) -> np.ndarray:
    """For each run [starts, ends) of rows sorted by time, the fraction of ``bin_s`` bins
    between the first and last position that contain at least one position."""
    if len(starts) == 0:
        return np.zeros(0)
    b = np.floor(t_us / (bin_s * 1e6)).astype(np.int64)
    newbin = np.ones(len(b), dtype=bool)
    newbin[1:] = b[1:] != b[:-1]
    cs = np.concatenate([[0], np.cumsum(newbin)])
    # distinct bins in run = bins starting inside (first row always counts)
    distinct = cs[ends] - cs[starts] - newbin[starts].astype(np.int64) + 1
    total = b[ends - 1] - b[starts] + 1
    return np.clip(distinct / np.maximum(total, 1), 0.0, 1.0)


def positions_list(t_us: np.ndarray, lat: np.ndarray, lon: np.ndarray, sog: np.ndarray | None,
                   i0: int, i1: int, cap: int = 50, idx: np.ndarray | None = None) -> list[list]:
    """Up to ``cap`` positions [iso, lat, lon, sog] of rows i0..i1 (or of rows ``idx``),
    evenly thinned."""
    if idx is None:
        if i1 <= i0:
            return CleanList()
        idx = np.arange(i0, i1)
    idx = np.asarray(idx, dtype=np.int64)
    if len(idx) == 0:
        return CleanList()
    if len(idx) > cap:
        idx = idx[np.unique(np.linspace(0, len(idx) - 1, cap).round().astype(int))]
    tt = np.asarray(t_us)[idx].astype("datetime64[us]")
    whole = (np.asarray(t_us)[idx] % 1_000_000) == 0
    txt = np.where(whole, np.datetime_as_string(tt, unit="s"), np.datetime_as_string(tt, unit="us"))
    la = np.round(np.asarray(lat, dtype=float)[idx], 6).tolist()
    lo = np.round(np.asarray(lon, dtype=float)[idx], 6).tolist()
    if sog is None:
        sg = [None] * len(idx)
    else:
        sv = np.asarray(sog, dtype=float)[idx]
        sg = [None if not math.isfinite(x) else x for x in np.round(sv, 2).tolist()]
    return CleanList([s + "Z", a, b, c] for s, a, b, c in zip(txt.tolist(), la, lo, sg))


def point(t_us, lat, lon, sog=None) -> dict:
    d = {"ts": iso(t_us), "lat": round(float(lat), 6), "lon": round(float(lon), 6)}
    if sog is not None and math.isfinite(float(sog)):
        d["sog"] = round(float(sog), 2)
    return d
