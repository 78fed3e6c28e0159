"""The world ports table (ports, oil terminals, anchorages) and a port-area index.

``data/geo/ports_world.csv`` is built by ``scripts/build_ports.py``: the UN/LOCODE ports of the
whole world (via the ``searoute`` package, Apache-2.0) and the curated Central-Med table (UN/LOCODE,
Natural Earth 1:10m ports and hand-placed harbours), every point moved onto harbour water of the
high-resolution OpenStreetMap land mask (see the ``note`` column and docs/geography.md), plus
anchorages. Columns: port_id, name, country (ISO-2), lat, lon,
kind (port|oil_terminal|fishing_port|marina|anchorage|river_port), radius_km (the port area: a circle of this
radius around the point; empty = ``port_visit.entry_km``), locode, source, note,
libya_fuel_smuggling.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl

from ._coords import as_lat_lon, chord_to_km, km_to_chord, unit_vectors


PORT_SCHEMA = {
    "port_id": pl.Utf8, "name": pl.Utf8, "country": pl.Utf8, "lat": pl.Float64, "lon": pl.Float64,
    "kind": pl.Utf8, "radius_km": pl.Float64, "locode": pl.Utf8, "source": pl.Utf8, "note": pl.Utf8,
    "libya_fuel_smuggling": pl.Boolean,
}
PORT_KINDS = ("port", "oil_terminal", "fishing_port", "marina", "anchorage", "river_port")


def load_ports(path: Path) -> pl.DataFrame:
    """Read a ports CSV with the columns above (validated; ``radius_km`` may be absent)."""
    header = Path(path).read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    schema = {k: v for k, v in PORT_SCHEMA.items() if k in header}
    df = pl.read_csv(path, schema_overrides=schema)
    if "radius_km" not in df.columns:
        df = df.with_columns(pl.lit(None, pl.Float64).alias("radius_km"))
    missing = [c for c in PORT_SCHEMA if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    df = df.select(list(PORT_SCHEMA)).cast(PORT_SCHEMA)
    bad = df.filter(~pl.col("kind").is_in(PORT_KINDS) | pl.col("lat").is_null() | pl.col("lon").is_null()
                    | (pl.col("lat").abs() > 90) | (pl.col("lon").abs() > 180)
                    | (pl.col("radius_km").fill_null(1.0) <= 0))
    if bad.height:
        raise ValueError(f"{path}: {bad.height} rows with a bad kind, coordinate or radius, e.g. {bad.row(0)}")
    return df.with_columns(pl.col("locode").fill_null(""), pl.col("note").fill_null(""),
                           pl.col("libya_fuel_smuggling").fill_null(False))


#: Grid cells (degrees) grouping the query points of :class:`_PortGrid`: the ports that can answer
#: a cell's points are listed once per cell (and process) and each point searches only them.
CELL_DEG = 0.1
#: Angular distance (degrees, per degree of cell side) from a cell's centre to its farthest
#: point: half the diagonal, a hair over (hav(d) <= hav(s/2) + hav(s/2) on the sphere).
_HALF_DIAG = 0.7072
#: Entries (points x candidate ports) of one block of the exact search (bounds its temporaries).
_BLOCK = 1 << 18
#: Cells whose candidate lists one search kind keeps (then forgotten: a bound on the memory of a
#: process that searches everywhere; the detectors ask about a few hundred cells near ports).
_MAX_CELLS = 50_000


class _PortGrid:
    """The nearest-neighbour search of :class:`PortIndex`, in NumPy: the results of
    ``scipy.spatial.cKDTree.query`` on the ports' unit vectors (chords, indices; inf and ``n``
    for a missing neighbour; equal chords ordered by port index), without importing scipy
    (0.3 CPU s, ~37 MB) or numba (~55 MB and scipy.linalg with it) in a detection worker.

    Query points are grouped in grid cells of :data:`CELL_DEG` degrees. Per cell (computed once
    and kept), the candidate ports: those within a_k + 2 x h of the cell's centre, a_k being the
    angle from the centre to its k-th nearest port and h the angle from the centre to the
    cell's farthest point (a point's k nearest lie within a_k + h of it, by the triangle
    inequality), and within theta + h with a bound of angle theta; with a margin (the cell
    lists are found with a matrix product, which only selects). Each point then computes the
    squared chord to its cell's candidates as the KD-tree does (``dx*dx + dy*dy + dz*dz``, in
    that order) and keeps the ``k`` smallest below the bound."""

    def __init__(self, lat: np.ndarray, lon: np.ndarray) -> None:
        lat = np.asarray(lat, dtype=np.float64)
        lon = np.asarray(lon, dtype=np.float64)
        self.n = len(lat)
        self._uv = unit_vectors(lat, lon)
        # index n: a port at infinity (squared chord inf), the padding of the candidate lists
        self._p = tuple(np.append(self._uv[:, i], np.inf) for i in range(3))
        self._cells: dict = {}  # (k, bound) -> {cell key: candidate port indices, ascending}

    def _candidates(self, cells: np.ndarray, k: int, upper: float) -> list:
        """The candidate ports (ascending int32 indices) of each cell key of ``cells``."""
        known = self._cells.setdefault((k, upper), {})
        out = [known.get(c) for c in cells.tolist()]
        todo = [i for i, c in enumerate(out) if c is None]
        if len(known) + len(todo) > _MAX_CELLS:
            known.clear()
        s = CELL_DEG
        h = np.radians(s * _HALF_DIAG)
        theta_b = 2.0 * math.asin(min(upper / 2.0, 1.0)) if np.isfinite(upper) else np.inf
        for b in range(0, len(todo), 256):
            sel = np.asarray(todo[b:b + 256])
            ci, cj = np.divmod(cells[sel], 1_000_000)
            cuv = unit_vectors((ci + 0.5) * s, (cj - 500_000 + 0.5) * s)
            dot = cuv @ self._uv.T
            if self.n > k:  # the k-th largest dot product: the k-th nearest port of the centre
                ak = np.arccos(np.clip(np.partition(dot, self.n - k, axis=1)[:, self.n - k], -1.0, 1.0))
                reach = ak + 2.0 * h
            else:
                reach = np.full(len(sel), np.inf)
            reach = np.minimum(reach, theta_b + h) * (1.0 + 1e-6) + 1e-7
            lim = np.where(reach >= np.pi, -np.inf, np.cos(np.minimum(reach, np.pi)))
            rows, cols = np.nonzero(dot >= lim[:, None])
            parts = np.split(cols.astype(np.int32), np.cumsum(np.bincount(rows, minlength=len(sel)))[:-1])
            for i, c, part in zip(sel.tolist(), cells[sel].tolist(), parts):
                out[i] = known[c] = part
        return out

    def query(self, lat: np.ndarray, lon: np.ndarray, k: int = 1, distance_upper_bound: float = np.inf
              ) -> tuple[np.ndarray, np.ndarray]:
        """(chords, indices) of the ``k`` nearest ports of each (valid) point, shape (m,) for
        ``k`` = 1 else (m, k)."""
        k = int(k)
        lat = np.asarray(lat, dtype=np.float64).ravel()
        lon = np.asarray(lon, dtype=np.float64).ravel()
        m = len(lat)
        out_d = np.full((m, k), np.inf)
        out_i = np.full((m, k), self.n, dtype=np.int64)
        if m and self.n:
            upper = float(distance_upper_bound)
            upper2 = upper * upper if np.isfinite(upper) else np.inf
            uv = unit_vectors(lat, lon)
            s = CELL_DEG
            key = np.floor(lat / s).astype(np.int64) * 1_000_000 + (np.floor(lon / s).astype(np.int64) + 500_000)
            cells, cell = np.unique(key, return_inverse=True)
            cell = cell.ravel()
            cand = self._candidates(cells, k, upper)
            size = np.fromiter((len(c) for c in cand), dtype=np.int64, count=len(cand))
            flat = np.concatenate(cand) if len(cand) else np.zeros(0, np.int32)
            start = np.cumsum(size) - size
            # points in classes of candidate counts (powers of two): one padded matrix per class
            cls = np.ceil(np.log2(np.maximum(size, 1))).astype(np.int64)
            px, py, pz = self._p
            for c in np.unique(cls).tolist():
                cs = np.flatnonzero(cls == c)
                w = int(size[cs].max())
                lens = size[cs]
                pad = np.full((len(cs), max(w, 1)), self.n, dtype=np.int32)
                tot = int(lens.sum())
                if tot:
                    r = np.repeat(np.arange(len(cs)), lens)
                    off = np.arange(tot) - np.repeat(np.cumsum(lens) - lens, lens)
                    pad[r, off] = flat[np.repeat(start[cs], lens) + off]
                local = np.full(len(cells), -1, dtype=np.int64)
                local[cs] = np.arange(len(cs))
                pts = np.flatnonzero(local[cell] >= 0)
                step = max(1, _BLOCK // max(w, 1))
                kk = min(k, pad.shape[1])
                for b in range(0, len(pts), step):
                    q = pts[b:b + step]
                    cidx = pad[local[cell[q]]]
                    dx = uv[q, 0:1] - px[cidx]
                    dy = uv[q, 1:2] - py[cidx]
                    dz = uv[q, 2:3] - pz[cidx]
                    d2 = dx * dx + dy * dy + dz * dz
                    if kk == 1:  # the first smallest: the lowest index among equal chords
                        o = np.argmin(d2, axis=1)[:, None]
                    else:
                        o = np.argsort(d2, axis=1, kind="stable")[:, :kk]
                    bd = np.take_along_axis(d2, o, axis=1)
                    bi = np.take_along_axis(cidx, o, axis=1)
                    ok = bd < upper2
                    out_d[q, :kk] = np.where(ok, np.sqrt(np.where(ok, bd, 0.0)), np.inf)
                    out_i[q, :kk] = np.where(ok, bi, self.n)
        return (out_d[:, 0], out_i[:, 0]) if k == 1 else (out_d, out_i)


class PortIndex:
    """Nearest port and port areas by great-circle distance (chords between unit vectors)."""

    def __init__(self, ports: pl.DataFrame):
        self.ports = ports
        lat = ports["lat"].to_numpy()
        lon = ports["lon"].to_numpy()
        self._tree = _PortGrid(lat, lon) if len(lat) else None
        rad = ports["radius_km"].to_numpy() if "radius_km" in ports.columns else np.full(len(lat), np.nan)
        self._radius = np.asarray(rad, dtype=np.float64)
        self.max_radius_km = float(np.nanmax(self._radius)) if np.isfinite(self._radius).any() else 0.0

    def radius_km(self, default_km: float) -> np.ndarray:
        """Port-area radius of every row (``default_km`` where the table gives none)."""
        return np.where(np.isfinite(self._radius), self._radius, float(default_km))

    def area(self, lat, lon, default_km: float, max_km: float | None = None, k: int = 8,
             prefilter_km: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each point, the port whose *area* is nearest: (index or -1, distance to its point
        in km, distance beyond its area's edge in km = distance - radius, negative inside).

        Among the ``k`` nearest port points (within ``max_km`` + the largest radius) the one
        with the smallest distance - radius wins: a point 4 km from a terminal with a 5 km area
        and 3.5 km from a harbour with a 2 km area belongs to the terminal.

        ``prefilter_km``: points with no port point within ``prefilter_km`` + the largest radius
        get (-1, NaN, inf) after a one-neighbour search; the others exactly the result without
        it (the ``k``-neighbour search, which costs more, runs on them only). Every point whose
        nearest area is within ``prefilter_km`` gets its exact result.
        """
        la, lo, valid, shape = as_lat_lon(lat, lon)
        idx = np.full(la.shape, -1, dtype=np.int32)
        dist = np.full(la.shape, np.nan)
        excess = np.full(la.shape, np.inf)
        n = 0 if self._tree is None else self._tree.n
        if n and valid.any():
            radius = self.radius_km(default_km)
            reach = max(self.max_radius_km, float(default_km))
            upper = np.inf
            if max_km is not None:
                upper = km_to_chord(float(max_km) + reach)
            qa, qo = la[valid], lo[valid]
            if prefilter_km is not None:
                pre = km_to_chord(float(prefilter_km) + reach)
                c1, _ = self._tree.query(qa, qo, k=1, distance_upper_bound=pre)
                near = np.isfinite(c1)
                valid[np.flatnonzero(valid)[~near]] = False
                qa, qo = qa[near], qo[near]
                if not len(qa):
                    return idx.reshape(shape), dist.reshape(shape), excess.reshape(shape)
            kk = min(k, n)
            chord, kidx = self._tree.query(qa, qo, k=kk, distance_upper_bound=upper)
            chord = np.asarray(chord).reshape(-1, kk)
            kidx = np.asarray(kidx).reshape(-1, kk)
            found = np.isfinite(chord)
            d = np.full(chord.shape, np.inf)
            d[found] = chord_to_km(chord[found])  # only the ports found (most points at sea have none)
            ex = np.full(chord.shape, np.inf)
            ex[found] = d[found] - radius[kidx[found]]
            best = np.argmin(ex, axis=1)
            r = np.arange(len(best))
            ok = np.isfinite(ex[r, best])
            vi = np.flatnonzero(valid)
            idx[vi[ok]] = kidx[r, best][ok].astype(np.int32)
            dist[vi[ok]] = d[r, best][ok]
            excess[vi[ok]] = ex[r, best][ok]
        return idx.reshape(shape), dist.reshape(shape), excess.reshape(shape)

    def nearest(self, lat, lon, max_km: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Index into ``ports`` (int32, -1 if none) and distance in km (NaN if none).

        "None" means an invalid coordinate, an empty table, or no port within ``max_km``.
        Distances are spherical great-circle (mean Earth radius; < 0.5 % from WGS84 geodesics).
        """
        la, lo, valid, shape = as_lat_lon(lat, lon)
        idx = np.full(la.shape, -1, dtype=np.int32)
        dist = np.full(la.shape, np.nan)
        if self._tree is not None and valid.any():
            upper = np.inf
            if max_km is not None:
                upper = km_to_chord(max_km)
            chord, k = self._tree.query(la[valid], lo[valid], distance_upper_bound=upper)
            found = np.isfinite(chord)
            vi = np.flatnonzero(valid)
            idx[vi[found]] = k[found].astype(np.int32)
            dist[vi[found]] = chord_to_km(chord[found])
        return idx.reshape(shape), dist.reshape(shape)
