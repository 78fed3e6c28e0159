"""The curated Central-Med ports table and a nearest-port index.

``data/geo/ports_central_med.csv`` is built by ``scripts/build_geo.py`` from UN/LOCODE (via the
``searoute`` package), Natural Earth 1:10m ports and a few hand-placed harbours, each checked
against the NE 1:10m coastline (see the ``note`` column and docs/geography.md).
Columns: port_id, name, country (ISO-2), lat, lon, kind (port|oil_terminal|fishing_port|marina),
locode, source, note, libya_fuel_smuggling.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
from scipy.spatial import cKDTree

from ._coords import EARTH_RADIUS_KM, as_lat_lon, chord_to_km, unit_vectors

PORT_SCHEMA = {
    "port_id": pl.Utf8, "name": pl.Utf8, "country": pl.Utf8, "lat": pl.Float64, "lon": pl.Float64,
    "kind": pl.Utf8, "locode": pl.Utf8, "source": pl.Utf8, "note": pl.Utf8,
    "libya_fuel_smuggling": pl.Boolean,
}
PORT_KINDS = ("port", "oil_terminal", "fishing_port", "marina")


def load_ports(path: Path) -> pl.DataFrame:
    """Read a ports CSV with the columns above (validated)."""
    df = pl.read_csv(path, schema=PORT_SCHEMA)
    bad = df.filter(~pl.col("kind").is_in(PORT_KINDS) | pl.col("lat").is_null() | pl.col("lon").is_null()
                    | (pl.col("lat").abs() > 90) | (pl.col("lon").abs() > 180))
    if bad.height:
        raise ValueError(f"{path}: {bad.height} rows with a bad kind or coordinate, e.g. {bad.row(0)}")
    return df.with_columns(pl.col("locode").fill_null(""), pl.col("note").fill_null(""))


class PortIndex:
    """Nearest port by great-circle distance (KD-tree on unit vectors)."""

    def __init__(self, ports: pl.DataFrame):
        self.ports = ports
        lat = ports["lat"].to_numpy()
        lon = ports["lon"].to_numpy()
        self._tree = cKDTree(unit_vectors(lat, lon)) if len(lat) else None

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
                upper = 2.0 * np.sin(min(float(max_km) / EARTH_RADIUS_KM, np.pi) / 2.0) + 1e-12
            chord, k = self._tree.query(unit_vectors(la[valid], lo[valid]), distance_upper_bound=upper,
                                        workers=-1)
            found = np.isfinite(chord)
            vi = np.flatnonzero(valid)
            idx[vi[found]] = k[found].astype(np.int32)
            dist[vi[found]] = chord_to_km(chord[found])
        return idx.reshape(shape), dist.reshape(shape)
