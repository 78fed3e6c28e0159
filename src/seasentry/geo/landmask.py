"""High-resolution land mask: "clearly on land" at the resolution of the data used.

The shipped Natural Earth land (1:10m in the Central Med, 1:50m elsewhere) fills harbour
basins, canals and river mouths: real berths in Tripoli, Benghazi or Valletta's Grand Harbour lie
0.3-1.7 nm "inside" its land, and the whole Suez Canal is land at 1:50m. For the question "is this
position clearly on land?" seasentry therefore uses a high-resolution global land mask from
``roaring-landmask`` (PyPI, MIT; Gaute Hope): the OpenStreetMap coastline (default, ~10 m
accuracy; data (c) OpenStreetMap contributors, ODbL) or GSHHG full resolution (Wessel and Smith
1996, LGPL). The choice was made by measurement (docs/geography.md, "Land masks compared"):
on real moored/slow ships of the shared corpora, OSM put the fewest at-sea positions on land
(Suez Canal queue: 1 of 18,544 positions more than 250 m inland, against 7,052 for Natural Earth
and 392 for GSHHG); the 1 km GLOBE raster of ``global-land-mask`` draws the Suez Canal and the
Bitter Lakes as land and was rejected.

"Clearly on land" (:meth:`HighResLand.clearly_on_land`): the point itself and every probe on
two rings around it (radius ``tolerance_m`` and half of it, 16 and 8 directions) are land. A
harbour basin, canal or river wider than ~0.4 x tolerance next to the point makes it "not
clearly on land". Rivers and lakes are land in both masks: the spoofing detector adds its own
guards (port areas, anchorages, navigable waterways, track consistency; docs/events/spoofing.md).

The mask is loaded lazily, once per process, on the first query that needs it (about 1.2 GB of
memory and 6-13 s on the 2-core reference machine): the callers first drop every point that the
shipped distance-to-shore raster already puts well at sea. When ``roaring-landmask`` cannot be
imported, the Natural Earth polygons are used with a wider tolerance (``fallback_tolerance_m``)
and a warning is logged.
"""

from __future__ import annotations

import logging
import threading

import numpy as np

log = logging.getLogger(__name__)

#: Masks a user may choose (``spoofing.land_mask``): roaring-landmask providers, or the shipped
#: Natural Earth polygons ("naturalearth", no extra memory, coarse).
MASKS = ("osm", "gshhg", "naturalearth")

_LOCK = threading.Lock()
_LOADED: dict[str, object] = {}
_FAILED: set[str] = set()

M_PER_DEG_LAT = 111_320.0


def _load(mask: str):
    """The roaring-landmask object for ``mask`` (cached per process), or None if unavailable."""
    if mask in _LOADED:
        return _LOADED[mask]
    if mask in _FAILED:
        return None
    with _LOCK:
        if mask in _LOADED:
            return _LOADED[mask]
        try:
            from roaring_landmask import LandmaskProvider, RoaringLandmask
            provider = {"osm": LandmaskProvider.Osm, "gshhg": LandmaskProvider.Gshhg}[mask]
            _LOADED[mask] = RoaringLandmask.new_with_provider(provider)
        except Exception as exc:  # noqa: BLE001 - any failure: fall back to Natural Earth
            log.warning("high-resolution land mask %r unavailable (%s); using Natural Earth", mask, exc)
            _FAILED.add(mask)
            return None
        return _LOADED[mask]


def is_loaded(mask: str = "osm") -> bool:
    return mask in _LOADED


def ring_offsets(radius_m: float, n: int, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n_points, n) lat/lon offsets in degrees of ``n`` probes on a circle of ``radius_m``."""
    ang = np.arange(n) * (2 * np.pi / n)
    dlat = (radius_m / M_PER_DEG_LAT) * np.cos(ang)
    coslat = np.maximum(np.cos(np.radians(lat)), 1e-6)
    dlon = (radius_m / M_PER_DEG_LAT) * np.sin(ang)[None, :] / coslat[:, None]
    return np.broadcast_to(dlat, dlon.shape), dlon


class HighResLand:
    """Vectorised point-in-land tests against one high-resolution mask."""

    def __init__(self, mask: str = "osm"):
        if mask not in MASKS:
            raise ValueError(f"unknown land mask {mask!r}; choose one of {', '.join(MASKS)}")
        self.mask = mask

    @property
    def available(self) -> bool:
        return self.mask != "naturalearth" and _load(self.mask) is not None

    def contains(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Land at each (valid, flat) point per the mask; raises if the mask is unavailable."""
        lm = _load(self.mask)
        if lm is None:
            raise RuntimeError(f"land mask {self.mask!r} unavailable")
        lat = np.ascontiguousarray(lat, dtype=np.float64)
        lon = np.ascontiguousarray(lon, dtype=np.float64)
        if lat.size == 0:
            return np.zeros(0, dtype=bool)
        return np.asarray(lm.contains_many(lon.copy(), lat.copy()), dtype=bool)

    def clearly_on_land(self, lat: np.ndarray, lon: np.ndarray, tolerance_m: float) -> np.ndarray:
        """The point and all probes at ``tolerance_m`` and ``tolerance_m / 2`` are land."""
        lat = np.asarray(lat, dtype=np.float64).ravel()
        lon = np.asarray(lon, dtype=np.float64).ravel()
        out = self.contains(lat, lon)
        if tolerance_m <= 0 or not out.any():
            return out
        idx = np.flatnonzero(out)
        for radius, n in ((tolerance_m / 2.0, 8), (tolerance_m, 16)):
            if len(idx) == 0:
                break
            dla, dlo = ring_offsets(radius, n, lat[idx])
            pla = np.clip(lat[idx][:, None] + dla, -90.0, 90.0)
            plo = lon[idx][:, None] + dlo
            plo = np.where(plo > 180.0, plo - 360.0, np.where(plo < -180.0, plo + 360.0, plo))
            land = self.contains(pla.ravel(), plo.ravel()).reshape(pla.shape).all(axis=1)
            out[idx[~land]] = False
            idx = idx[land]
        return out
