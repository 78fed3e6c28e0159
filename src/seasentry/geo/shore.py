"""Distance to shore and country of the nearest coast, from the shipped rasters.

* ``shore_fine_central_med.npz``: 0.01 deg nodes over [7E, 29N, 26E, 40N] from Natural Earth
  1:10m land + minor islands; signed distance (negative inland) in units of 0.01 nm, and the
  ISO-2 code of the state owning the nearest coast (uint8 codes + table).
* ``shore_coarse_global.npz``: 0.1 deg global nodes from Natural Earth 1:50m land, units 0.1 nm.

Distances at the nodes are geodesic (WGS84) to the coastline densified to ~100 m (fine) /
~1 km (coarse); between nodes they are bilinearly interpolated. Because distance to a curve is
1-Lipschitz, the interpolation error is at most one cell diagonal (0.85 nm fine, 8.5 nm coarse)
and is far smaller along smooth coasts. Built by ``scripts/build_geo.py``; see docs/geography.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._coords import as_lat_lon
from .grid import Grid, load_signed_distance


class ShoreRasters:
    """Vectorised lookups in the fine (Central Med) and coarse (global) shore rasters."""

    def __init__(self, fine_path: Path, coarse_path: Path):
        self.fine: Grid
        self.coarse: Grid
        self.fine, extra = load_signed_distance(fine_path)
        self.coarse, _ = load_signed_distance(coarse_path)
        codes = [str(c) for c in extra["country_codes"]]
        self.country_codes: list[str] = codes
        # code 0 = unknown -> None; code i -> codes[i-1]
        self._code_table = np.array([None] + codes, dtype=object)
        self._country = extra["country"].ravel()

    # -- signed distance ------------------------------------------------------
    def signed_distance_nm(self, lat, lon) -> np.ndarray:
        """Distance to the coastline in nm, negative inside land, NaN for invalid coordinates.

        Fine raster inside its box, coarse raster elsewhere.
        """
        la, lo, valid, shape = as_lat_lon(lat, lon)
        in_fine = valid & self.fine.covers(la, lo)
        n_fine = int(np.count_nonzero(in_fine))
        if n_fine == la.size:                      # common case: everything in the box
            return self.fine.bilinear(la, lo).astype(np.float64).reshape(shape)
        out = np.full(la.shape, np.nan)
        if n_fine:
            out[in_fine] = self.fine.bilinear(la[in_fine], lo[in_fine])
        rest = valid & ~in_fine
        if rest.any():
            out[rest] = self.coarse.bilinear(la[rest], lo[rest])
        return out.reshape(shape)

    def distance_to_shore_nm(self, lat, lon) -> np.ndarray:
        """Distance to shore in nm; 0 on land (per the raster), NaN for invalid coordinates."""
        d = self.signed_distance_nm(lat, lon)
        np.maximum(d, 0.0, out=d)          # NaN stays NaN
        return d

    def interp_error_nm(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Upper bound of the interpolation error at each (valid, flat) point."""
        return np.where(self.fine.covers(lat, lon), self.fine.max_interp_error_nm,
                        self.coarse.max_interp_error_nm)

    # -- nearest-coast country --------------------------------------------------
    def shore_country(self, lat, lon) -> np.ndarray:
        """ISO-2 of the state owning the nearest coast (fine box only), else None."""
        la, lo, valid, shape = as_lat_lon(lat, lon)
        out = np.full(la.shape, None, dtype=object)
        m = valid & self.fine.covers(la, lo)
        if m.any():
            idx = self.fine.nearest_index(la[m], lo[m])
            out[m] = self._code_table[self._country[idx]]
        return out.reshape(shape)
