"""Geography for seasentry detectors: distance to shore, land, ports, zones.

Fast and vectorised for the Central Mediterranean (Libya, Tunisia, Malta, Sicily/Italy,
Lampedusa), coarser but working anywhere on Earth::

    from seasentry.geo import Geography
    geo = Geography.default()                        # cached
    geo.distance_to_shore_nm(lat, lon)               # float64 nm, 0 on land, NaN if invalid
    geo.shore_country(lat, lon)                      # ISO-2 of the nearest coast (Central Med box)
    geo.on_land(lat, lon, margin_m=500)              # inside Natural Earth land by more than 500 m
    geo.clearly_on_land(lat, lon, 500, mask="osm")   # high-resolution mask, 500 m tolerance
    idx, km = geo.nearest_port(lat, lon)             # index into geo.ports, great-circle km
    idx, km, beyond = geo.port_area(lat, lon, 3.0)   # nearest port *area* (beyond < 0: inside)
    geo.in_waterway(lat, lon)                        # canals, harbour lakes, ship channels
    geo.in_zones(lat, lon)                           # bool (n_zones, n): territorial seas + user zones

All functions take NumPy arrays (or scalars / lists) of WGS84 degrees (never wrapped: AIS uses
lon 181 for "not available"); NaN, |lat| > 90 or |lon| > 180 give NaN / None / False / -1
rather than errors. Data: ``seasentry/data/geo``
(built by ``scripts/build_geo.py``; sources and accuracy in docs/geography.md and
data/PROVENANCE.md).
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np
import polars as pl

from .land import LandMask
from .landmask import HighResLand
from .ports import PortIndex, load_ports
from .waterways import Waterways
from .shore import ShoreRasters
from .zones import Zone, in_zones, load_zones

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "geo"

__all__ = ["Geography", "Zone", "load_zones", "DATA_DIR"]


class Geography:
    """All geography lookups behind one object. Use :meth:`default` (cached) in detectors."""

    def __init__(self, data_dir: str | Path = DATA_DIR, extra_zones: Iterable[str | Path] = ()):
        self.data_dir = Path(data_dir)
        self._extra_zone_paths = tuple(Path(p) for p in extra_zones)
        self._shore = ShoreRasters(self.data_dir / "shore_fine_central_med.npz",
                                   self.data_dir / "shore_coarse_global.npz")
        self._land = LandMask(self.data_dir, self._shore)

    @classmethod
    def default(cls, extra_zones: Iterable[str | Path] = ()) -> "Geography":
        """The shared instance for the shipped data plus ``extra_zones`` (GeoJSON paths)."""
        key = tuple(str(Path(p).resolve()) for p in extra_zones)
        return _default(key)

    # -- shore ---------------------------------------------------------------------
    def distance_to_shore_nm(self, lat, lon) -> np.ndarray:
        """Distance to the nearest coastline, nm (float64). 0 on land; NaN for invalid input.

        Fine raster (0.01 deg, NE 1:10m) inside [7E, 29N, 26E, 40N], coarse (0.1 deg, NE 1:50m)
        elsewhere.
        """
        return self._shore.distance_to_shore_nm(lat, lon)

    def signed_distance_nm(self, lat, lon) -> np.ndarray:
        """Like :meth:`distance_to_shore_nm` but negative inland (distance to the coast)."""
        return self._shore.signed_distance_nm(lat, lon)

    def shore_country(self, lat, lon) -> np.ndarray:
        """ISO-2 code (object array) of the state owning the nearest coast; None outside the fine box."""
        return self._shore.shore_country(lat, lon)

    # -- land ----------------------------------------------------------------------
    def on_land(self, lat, lon, margin_m: float = 0.0) -> np.ndarray:
        """True where the point is inside land by more than ``margin_m`` metres.

        NE 1:10m land (+ minor islands) in the Central-Med box, NE 1:50m elsewhere.
        """
        return self._land.on_land(lat, lon, margin_m)

    #: Points farther at sea than this (nm, beyond the shore raster's interpolation bound) are
    #: never tested against the high-resolution mask: Natural Earth misplaces harbour coasts by
    #: up to 1.7 nm (Tripoli, Benghazi) and the 1:50m coast by a few nm.
    CLEARLY_AT_SEA_NM = 3.0

    def clearly_on_land(self, lat, lon, tolerance_m: float = 500.0, mask: str = "osm",
                        fallback_tolerance_m: float = 5000.0, sure_inland_m: float = 0.0) -> np.ndarray:
        """True where the point is clearly on land: the high-resolution ``mask`` (see
        :mod:`seasentry.geo.landmask`) says land at the point and all around it within
        ``tolerance_m``. With ``mask='naturalearth'``, or when the high-resolution mask cannot
        be loaded, Natural Earth land with a margin of ``fallback_tolerance_m`` is used.

        ``sure_inland_m`` > 0: inside the fine (1:10m) box, a point the shore raster puts more
        than this (plus its interpolation bound) inside land is land without asking the
        high-resolution mask (which then need not be loaded): Natural Earth 1:10m misplaces the
        Central-Med harbour coasts by up to 1.7 nm, not by kilometres more."""
        from ._coords import as_lat_lon

        la, lo, valid, shape = as_lat_lon(lat, lon)
        out = np.zeros(la.shape, dtype=bool)
        if not valid.any():
            return out.reshape(shape)
        signed = self._shore.signed_distance_nm(la, lo)
        err = self._shore.interp_error_nm(la, lo)
        bound = err + self.CLEARLY_AT_SEA_NM
        cand = valid & (signed < bound)
        if sure_inland_m > 0 and cand.any():
            sure = cand & self._shore.fine.covers(la, lo) & (signed < -(sure_inland_m / 1852.0 + err))
            out[sure] = True
            cand &= ~sure
        if not cand.any():
            return out.reshape(shape)
        hr = HighResLand(mask)
        idx = np.flatnonzero(cand)
        if mask != "naturalearth" and hr.available:
            out[idx] = hr.clearly_on_land(la[idx], lo[idx], tolerance_m)
        else:
            out[idx] = self._land.on_land(la[idx], lo[idx], max(tolerance_m, fallback_tolerance_m))
        return out.reshape(shape)

    # -- ports ---------------------------------------------------------------------
    @cached_property
    def ports(self) -> pl.DataFrame:
        """The world ports table (``ports_world.csv``: ports, oil terminals, anchorages)."""
        return load_ports(self.data_dir / "ports_world.csv")

    @cached_property
    def _port_index(self) -> PortIndex:
        return PortIndex(self.ports)

    def nearest_port(self, lat, lon, max_km: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(int32 row index into :attr:`ports` or -1, float64 great-circle distance km or NaN)."""
        return self._port_index.nearest(lat, lon, max_km=max_km)

    def port_area(self, lat, lon, default_radius_km: float = 3.0, max_km: float | None = None,
                  prefilter_km: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The port whose area is nearest: (row index or -1, km to its point, km beyond its
        area's edge; negative inside). Areas are circles of ``radius_km`` (the table's, else
        ``default_radius_km``). ``max_km``: only areas whose edge is within this distance.
        ``prefilter_km``: see :meth:`seasentry.geo.ports.PortIndex.area`."""
        return self._port_index.area(lat, lon, default_radius_km, max_km=max_km, prefilter_km=prefilter_km)

    @property
    def max_port_radius_km(self) -> float:
        return self._port_index.max_radius_km

    # -- waterways -----------------------------------------------------------------
    @cached_property
    def waterways(self) -> Waterways:
        """Canals, ship channels and harbour lakes (``waterways.geojson``)."""
        return Waterways(self.data_dir / "waterways.geojson")

    def in_waterway(self, lat, lon) -> np.ndarray:
        """True inside a known navigable waterway (Suez, Corinth, Kiel, Bizerte, Tunis ...)."""
        return self.waterways.contains(lat, lon)

    # -- zones ---------------------------------------------------------------------
    @cached_property
    def zones(self) -> list[Zone]:
        """Shipped territorial seas followed by the extra (user) zones, in file order."""
        zones = load_zones(self.data_dir / "territorial_seas.geojson", default_kind="territorial_sea")
        for p in self._extra_zone_paths:
            zones.extend(load_zones(p))
        return zones

    @property
    def zone_names(self) -> list[str]:
        return [z.name for z in self.zones]

    def in_zones(self, lat, lon) -> np.ndarray:
        """Bool matrix (n_zones, n): point j inside zone i (order of :attr:`zones`)."""
        return in_zones(self.zones, lat, lon)

    def load_zones(self, path: str | Path) -> list[Zone]:
        """Read a user zone GeoJSON (features with a 'name' property). Raises ValueError if bad.

        Returns the zones without adding them; pass paths to ``Geography.default(extra_zones=...)``
        to include them in :attr:`zones` / :meth:`in_zones`.
        """
        return load_zones(path)


@lru_cache(maxsize=8)
def _default(extra: tuple[str, ...]) -> Geography:
    geo = Geography(DATA_DIR, extra)
    geo.zones  # validate extra zone files now: a bad file fails at construction  # noqa: B018
    return geo
