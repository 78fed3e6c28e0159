"""Track simplification for display at a zoom level.

Douglas-Peucker (Douglas & Peucker 1973) through GEOS (``shapely.simplify``), vectorised in C:
the point index rides along as the Z coordinate, which GEOS keeps on the vertices it retains,
so the times, speeds and courses of the kept points are recovered without a Python loop. The
tolerance is one screen pixel at the requested web-mercator zoom (360 / (256 * 2**zoom)
degrees of longitude per pixel at the equator, the slippy-map tile convention), times the
``pixels`` parameter. If the result still has more than ``max_points`` points it is thinned by
an even stride (first and last point kept).
"""

from __future__ import annotations

import numpy as np
import shapely


def tolerance_deg(zoom: float, pixels: float = 1.0) -> float:
    """Degrees per screen pixel at a web-mercator zoom level, times ``pixels``."""
    return float(pixels) * 360.0 / (256.0 * 2.0 ** float(zoom))


def simplify_indices(lon: np.ndarray, lat: np.ndarray, tolerance: float | None,
                     max_points: int) -> np.ndarray:
    """Indices (sorted, int64) of the points to keep. ``tolerance`` in degrees (None: no DP)."""
    n = len(lon)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.arange(n, dtype=np.int64)
    if tolerance is not None and tolerance > 0 and n > 2:
        line = shapely.linestrings(np.asarray(lon, float), np.asarray(lat, float), idx.astype(float))
        simp = shapely.simplify(line, tolerance, preserve_topology=False)
        z = shapely.get_coordinates(simp, include_z=True)[:, 2]
        kept = np.unique(np.rint(z[np.isfinite(z)]).astype(np.int64))
        kept = kept[(kept >= 0) & (kept < n)]
        if kept.size >= 2:
            idx = np.union1d(kept, [0, n - 1])
    if idx.size > max_points:
        pick = np.unique(np.linspace(0, idx.size - 1, max_points).round().astype(np.int64))
        idx = idx[pick]
    return idx
