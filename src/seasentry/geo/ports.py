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


class _PortGrid:
    """The nearest-neighbour search of :class:`PortIndex`: the ports' unit vectors in a grid of
    latitude bands searched by the compiled :func:`seasentry.geo._kernels.knn` -- the results of
    ``scipy.spatial.cKDTree.query`` on the same unit vectors (chords, indices; inf and ``n`` for
    a missing neighbour), without importing scipy (0.3 CPU s in every detection worker). It
    imports numba instead, which a detection worker did not load before: about 90 MB more per
    worker (docs/benchmarks.md, "Session 9 on a quiet machine")."""

    def __init__(self, lat: np.ndarray, lon: np.ndarray) -> None:
        from . import _kernels as K

        lat = np.asarray(lat, dtype=np.float64)
        lon = np.asarray(lon, dtype=np.float64)
        self.n = len(lat)
        uv = unit_vectors(lat, lon)
        self._p = tuple(np.ascontiguousarray(uv[:, i]) for i in range(3))
        self._order, self._slon, self._starts = K.build_grid(lat, lon)

    def query(self, lat: np.ndarray, lon: np.ndarray, k: int = 1, distance_upper_bound: float = np.inf
              ) -> tuple[np.ndarray, np.ndarray]:
        """(chords, indices) of the ``k`` nearest ports of each (valid) point, shape (m,) for
        ``k`` = 1 else (m, k)."""
        from . import _kernels as K

        lat = np.ascontiguousarray(lat, dtype=np.float64)
        lon = np.ascontiguousarray(lon, dtype=np.float64)
        uv = unit_vectors(lat, lon)
        q = (lat, lon, np.ascontiguousarray(uv[:, 0]), np.ascontiguousarray(uv[:, 1]), np.ascontiguousarray(uv[:, 2]))
        if np.isfinite(distance_upper_bound) or len(lat) == 0:
            d, i = K.knn(*q, *self._p, self._order, self._slon, self._starts, K.BAND_DEG, int(k),
                         float(distance_upper_bound), K.FIRST_RADIUS_DEG)
        else:  # no bound: the points grouped by grid cell, each cell's candidate ports listed once
            s = K.CELL_DEG
            key = np.floor(lat / s).astype(np.int64) * 1_000_000 + (np.floor(lon / s).astype(np.int64) + 500_000)
            cells, cell = np.unique(key, return_inverse=True)
            ci, cj = np.divmod(cells, 1_000_000)
            clat, clon = (ci + 0.5) * s, (cj - 500_000 + 0.5) * s
            cuv = unit_vectors(clat, clon)
            c = (clat, clon, *(np.ascontiguousarray(cuv[:, x]) for x in range(3)))
            grid = (*self._p, self._order, self._slon, self._starts, K.BAND_DEG, int(k))
            ck, _ = K.knn(*c, *grid, np.inf, K.FIRST_RADIUS_DEG)  # each centre's k-th nearest port
            d, i = K.knn_by_cell(*q[2:], cell.astype(np.int64), *c, np.ascontiguousarray(ck[:, -1]), *grid,
                                 s * 0.7072)
        return (d[:, 0], i[:, 0]) if k == 1 else (d, i)


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
