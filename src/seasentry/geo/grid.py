"""Regular lon/lat grids: bilinear and nearest-node lookups, vectorised.

The shipped rasters (``data/geo/shore_*.npz``, built by ``scripts/build_geo.py``) store values
at grid *nodes* ``(lat0 + i*step, lon0 + j*step)``. Signed distances are delta-coded along
longitude (``signed_dist_dlon``; decode with a cumulative sum per row) for compactness.
"""

from __future__ import annotations

import hashlib
import io
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
        inv = 1.0 / self.step
        fx = (lon - self.lon0) * inv
        np.clip(fx, 0.0, nx - 1.0, out=fx)
        fy = (lat - self.lat0) * inv
        np.clip(fy, 0.0, ny - 1.0, out=fy)
        return fx, fy

    def bilinear(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Bilinear interpolation (points outside are clamped to the edge); float32 arithmetic."""
        ny, nx = self.shape
        fx, fy = self._frac_index(lat, lon)
        ix = fx.astype(np.int32)
        np.minimum(ix, nx - 2, out=ix)
        iy = fy.astype(np.int32)
        np.minimum(iy, ny - 2, out=iy)
        tx = (fx - ix).astype(np.float32)
        ty = (fy - iy).astype(np.float32)
        del fx, fy
        flat = self.values.ravel()
        k = iy.astype(np.int64)
        k *= nx
        k += ix
        del ix, iy
        top = flat.take(k)
        v01 = flat.take(k + 1)
        v01 -= top
        v01 *= tx
        top += v01
        k += nx
        bot = flat.take(k)
        v11 = flat.take(k + 1)
        v11 -= bot
        v11 *= tx
        bot += v11
        bot -= top
        bot *= ty
        top += bot
        return top

    def nearest_index(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Flat index of the nearest node."""
        fx, fy = self._frac_index(lat, lon)
        return np.rint(fy).astype(np.int64) * self.shape[1] + np.rint(fx).astype(np.int64)

    @property
    def max_interp_error_nm(self) -> float:
        """Bound on |bilinear - true| for a 1-Lipschitz field (distance): one cell diagonal, in nm."""
        return float(self.step * 60.0 * np.sqrt(2.0))


#: Version of the decoded rasters kept in the cache folder (:func:`load_signed_distance`): changed
#: whenever :func:`decode_signed_distance` would give other values.
DECODED_VERSION = 1


def load_signed_distance(path: Path) -> tuple[Grid, dict]:
    """Load a ``shore_*.npz`` file; returns the signed-distance grid (nm) and the other arrays.

    The decoded rasters (:func:`decode_signed_distance`) are kept in the cache folder
    (:func:`seasentry.cachedir.cache_dir`, ``geo/``) under the SHA-256 of the file and read back,
    memory-mapped, by the next processes: the same values without decoding (both shipped files:
    ~0.3 CPU s in every process that loads the geography -- the command and each detection
    worker). Without a writable cache folder the file is decoded every time."""
    data = Path(path).read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()[:32]}-v{DECODED_VERSION}"
    got = _read_decoded(key)
    if got is not None:
        return got
    grid, arrays = decode_signed_distance(io.BytesIO(data))
    _write_decoded(key, grid, arrays)
    return grid, arrays


def decode_signed_distance(file) -> tuple[Grid, dict]:
    """Decode a ``shore_*.npz`` file (a path or a binary file object).

    Decoded in blocks of rows (the running sum in int32, scaled in float64, stored float32: the
    same values as one float64 pass) so that no full-size int64/float64 temporary is made."""
    with np.load(file, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    delta = arrays.pop("signed_dist_dlon")
    unit = float(arrays["unit_nm"])
    values = np.empty(delta.shape, dtype=np.float32)
    rows = max(1, (1 << 20) // max(1, delta.shape[1]))
    for r in range(0, delta.shape[0], rows):
        cs = np.cumsum(delta[r:r + rows], axis=1, dtype=np.int32)
        values[r:r + rows] = cs * unit
    grid = Grid(values, float(arrays["lon0"]), float(arrays["lat0"]), float(arrays["step"]))
    return grid, arrays


def _decoded_dir(key: str) -> Path:
    from ..cachedir import cache_dir

    return cache_dir() / "geo" / key


def _read_decoded(key: str) -> tuple[Grid, dict] | None:
    d = _decoded_dir(key)
    try:
        values = np.load(d / "values.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)  # read-only
        with np.load(d / "arrays.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        grid = Grid(values, float(arrays["lon0"]), float(arrays["lat0"]), float(arrays["step"]))
    except (OSError, ValueError, KeyError):
        return None
    return grid, arrays


def _write_decoded(key: str, grid: Grid, arrays: dict) -> None:
    """Keep a decoded raster (a folder written aside, then renamed into place: processes
    writing the same one at once leave one whole copy)."""
    import os
    import shutil

    d = _decoded_dir(key)
    tmp = d.with_name(f"{d.name}.{os.getpid()}.tmp")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        np.save(tmp / "values.npy", np.ascontiguousarray(grid.values), allow_pickle=False)
        np.savez(tmp / "arrays.npz", **arrays)
        os.rename(tmp, d)
    except OSError:  # an unwritable cache folder, or another process's copy already in place
        shutil.rmtree(tmp, ignore_errors=True)
