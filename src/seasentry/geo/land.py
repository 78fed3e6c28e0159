"""Point-in-land tests (vectorised), with an optional inland margin.

Land polygons: Natural Earth 1:10m land + minor islands inside the Central-Med box
[7E, 29N, 26E, 40N] (shipped GeoJSON), Natural Earth 1:50m land elsewhere (shipped as float32
ragged arrays in ``ne_50m_land_global.npz``). Tests use ``shapely.contains_xy`` on prepared
geometries, after a cheap pre-filter: a point whose raster distance to shore exceeds the raster's
interpolation-error bound is certainly at sea and is not tested.

``margin_m``: a point counts as on land only if it is inside land AND farther than ``margin_m``
from the coastline (geodesic distance, WGS84, to the coastline densified to ~50 m in the box /
~500 m elsewhere). This is the "spoofing on land" test: NE 1:10m has ~100-500 m accuracy, so
small margins absorb coastline error and harbour positions.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import numpy as np
import shapely

from ._coords import as_lat_lon, unit_vectors
from .shore import ShoreRasters
from .prepared import contains_xy, prepare_shared

_GEOD = None  # pyproj.Geod (WGS84), made on the first exact coast distance (pyproj is slow to import)


def _geod():
    global _GEOD
    if _GEOD is None:
        from pyproj import Geod

        _GEOD = Geod(ellps="WGS84")
    return _GEOD


def read_geojson_geometries(path: Path) -> list:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [shapely.from_geojson(json.dumps(f["geometry"])) for f in data["features"] if f.get("geometry")]


class LandMask:
    def __init__(self, data_dir: Path, shore: ShoreRasters):
        self.data_dir = Path(data_dir)
        self.shore = shore
        self.fine_box = (shore.fine.lon0, shore.fine.lat0, shore.fine.lon1, shore.fine.lat1)

    # -- geometries (lazy) -------------------------------------------------------
    @cached_property
    def fine_land(self):
        g = shapely.union_all(
            read_geojson_geometries(self.data_dir / "ne_10m_land_central_med.geojson")
            + read_geojson_geometries(self.data_dir / "ne_10m_minor_islands_central_med.geojson"))
        prepare_shared(g)
        return g

    @cached_property
    def coarse_land(self):
        with np.load(self.data_dir / "ne_50m_land_global.npz", allow_pickle=False) as z:
            polys = shapely.from_ragged_array(
                shapely.GeometryType.POLYGON, z["coords"].astype(np.float64),
                (z["ring_offsets"], z["polygon_offsets"]))
        g = shapely.MultiPolygon(list(polys))
        prepare_shared(g)
        return g

    @cached_property
    def _fine_coast(self) -> tuple:
        """(KD-tree of the densified coast points' unit vectors, their lon/lat): scipy is
        imported here, on the first exact coast distance, not with the module (0.3 CPU s that
        a detection worker or `seasentry run` need not spend)."""
        from scipy.spatial import cKDTree

        lines = read_geojson_geometries(self.data_dir / "ne_10m_coastline_central_med.geojson")
        lines += [shapely.boundary(g) for g in
                  read_geojson_geometries(self.data_dir / "ne_10m_minor_islands_central_med.geojson")]
        xy = shapely.get_coordinates(shapely.segmentize(shapely.GeometryCollection(lines), 0.0005))
        return cKDTree(unit_vectors(xy[:, 1], xy[:, 0])), xy

    @cached_property
    def _coarse_coast(self) -> tuple:
        from scipy.spatial import cKDTree

        xy = shapely.get_coordinates(shapely.segmentize(shapely.boundary(self.coarse_land), 0.005))
        # drop the artificial antimeridian / south-pole edges of the NE polygons
        keep = (np.abs(xy[:, 0]) < 180.0) & (xy[:, 1] > -89.99)
        xy = xy[keep]
        return cKDTree(unit_vectors(xy[:, 1], xy[:, 0])), xy

    # -- queries -----------------------------------------------------------------
    def coast_distance_m(self, lat: np.ndarray, lon: np.ndarray, fine: np.ndarray,
                         max_m: float = np.inf) -> np.ndarray:
        """Geodesic distance (m) to the nearest densified coast point (flat valid arrays).

        Points with no coast point within ``max_m`` (a pruning bound for the KD-tree search)
        get ``inf``.
        """
        out = np.full(lat.shape, np.inf)
        # chord length of max_m (+1 % slack: sphere vs ellipsoid) for the KD-tree bound
        upper = np.inf if not np.isfinite(max_m) else 2.0 * np.sin(min(max_m * 1.01 / 6_371_008.8, np.pi) / 2.0)
        for is_fine in (True, False):
            mask = fine if is_fine else ~fine
            if not mask.any():
                continue
            tree, xy = self._fine_coast if is_fine else self._coarse_coast
            chord, idx = tree.query(unit_vectors(lat[mask], lon[mask]), distance_upper_bound=upper)
            found = np.isfinite(chord)
            sub = np.full(idx.shape, np.inf)
            if found.any():
                lo, la = lon[mask][found], lat[mask][found]
                _, _, d = _geod().inv(lo, la, xy[idx[found], 0], xy[idx[found], 1])
                sub[found] = d
            out[mask] = sub
        return out

    def on_land(self, lat, lon, margin_m: float = 0.0) -> np.ndarray:
        la, lo, valid, shape = as_lat_lon(lat, lon)
        out = np.zeros(la.shape, dtype=bool)
        if not valid.any():
            return out.reshape(shape)
        margin_m = float(margin_m) if np.isfinite(margin_m) else 0.0
        signed = self.shore.signed_distance_nm(la, lo)
        fine = self.shore.fine.covers(la, lo)
        # raster bound (nm): interpolation (1 cell diagonal) + quantisation/densification slack
        bound = self.shore.interp_error_nm(la, lo) + 0.1
        cand = valid & (signed < bound)        # farther offshore than the bound => certainly at sea
        for mask, geom in ((cand & fine, "fine_land"), (cand & ~fine, "coarse_land")):
            if mask.any():
                out[mask] = contains_xy(getattr(self, geom), lo[mask], la[mask])
        if margin_m > 0.0 and out.any():
            idx = np.flatnonzero(out)
            inland_m = -signed[idx] * 1852.0
            slack_m = bound[idx] * 1852.0
            keep = inland_m > margin_m + slack_m           # raster says: certainly beyond the margin
            amb = ~keep & (inland_m >= margin_m - slack_m)  # undecided: measure exactly
            if amb.any():
                a = idx[amb]
                d = self.coast_distance_m(la[a], lo[a], fine[a], max_m=margin_m)
                keep[amb] = d > margin_m
            out[idx] = keep
        return out.reshape(shape)
