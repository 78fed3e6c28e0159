"""Regular lon/lat grids: bilinear and nearest-node lookups, vectorised.

The shipped rasters (``data/geo/shore_*.npz``, built by ``scripts/build_geo.py``) store values
at grid *nodes* ``(lat0 + i*step, lon0 + j*step)``. Signed distances are delta-coded along
longitude (``signed_dist_dlon``; decode with a cumulative sum per row) for compactness.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Grid:
    values: np.ndarray   # (ny, nx) float32
    lon0: float
    lat0: float
    step: float

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape  # type: ignore[return-value]

    @property
    def lon1(self) -> float:
        return self.lon0 + (self.shape[1] - 1) * self.step

    @property
    def lat1(self) -> float:
        return self.lat0 + (self.shape[0] - 1) * self.step

    def covers(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        return (lon >= self.lon0) & (lon <= self.lon1) & (lat >= self.lat0) & (lat <= self.lat1)

    def _frac_index(self, lat: np.ndarray, lon: np.ndarray):
        ny, nx = self.shape
        fx = np.clip((lon - self.lon0) / self.step, 0.0, nx - 1.0)
        fy = np.clip((lat - self.lat0) / self.step, 0.0, ny - 1.0)
        return fx, fy

    def bilinear(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Bilinear interpolation (points outside are clamped to the edge)."""
        ny, nx = self.shape
        fx, fy = self._frac_index(lat, lon)
        ix = np.minimum(fx.astype(np.int64), nx - 2)
        iy = np.minimum(fy.astype(np.int64), ny - 2)
        tx = fx - ix
        ty = fy - iy
        flat = self.values.ravel()
        k = iy * nx + ix
        v00 = flat[k]
        v01 = flat[k + 1]
        v10 = flat[k + nx]
        v11 = flat[k + nx + 1]
        top = v00 + (v01 - v00) * tx
        bot = v10 + (v11 - v10) * tx
        return top + (bot - top) * ty

    def nearest_index(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Flat index of the nearest node."""
        fx, fy = self._frac_index(lat, lon)
        return np.rint(fy).astype(np.int64) * self.shape[1] + np.rint(fx).astype(np.int64)

    @property
    def max_interp_error_nm(self) -> float:
        """Bound on |bilinear - true| for a 1-Lipschitz field (distance): one cell diagonal, in nm."""
        return float(self.step * 60.0 * np.sqrt(2.0))


def load_signed_distance(path: Path) -> tuple[Grid, dict]:
    """Load a ``shore_*.npz`` file; returns the signed-distance grid (nm) and the other arrays."""
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    delta = arrays.pop("signed_dist_dlon").astype(np.int32)
    unit = float(arrays["unit_nm"])
    values = (np.cumsum(delta, axis=1) * unit).astype(np.float32)
    grid = Grid(values, float(arrays["lon0"]), float(arrays["lat0"]), float(arrays["step"]))
    return grid, arrays
