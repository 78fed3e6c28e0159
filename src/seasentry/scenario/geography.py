"""Geography used by the scenario generator: land, distance to shore, ports, territorial seas.

When the project's ``seasentry.geo.Geography`` API and its shipped files
(``ports_world.csv``, ``territorial_seas.geojson``) are present, the generator uses them, so
that its labels agree with what the detectors see. Otherwise it falls back to the same shipped
Natural Earth data read directly:

* land = Natural Earth 1:10m land + minor islands (public domain, see data/PROVENANCE.md);
* distances are computed in a Lambert azimuthal equal-area projection centred on the Strait of
  Sicily (35 N, 15 E), whose scale error stays below 0.5 % within 800 km of the centre;
* ports = the shipped ``ports_world.csv`` with its port areas (through the Geography API), else
  the Central-Med rows of ``ports_med_unlocode.csv`` (UN/LOCODE via ``searoute``; the inland Az
  Zawiyah row is dropped);
* territorial seas = ``territorial_seas.geojson`` if shipped, else a 12 nm buffer (UNCLOS art. 3)
  of each country's land, countries taken from Natural Earth 1:50m admin-0 (islands such as
  Lampedusa or Gozo attached to the nearest country polygon).

All functions take and return NumPy arrays (vectorised through shapely 2).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.ops import unary_union

from ..geo.prepared import contains_xy, prepare_shared

NM = 1852.0
#: Central-Mediterranean box used for the fallback port list, [min_lon, min_lat, max_lon, max_lat].
BOX = (7.0, 29.0, 26.0, 40.0)
#: Countries whose territorial seas are labelled (zone names are these ISO codes).
ZONE_COUNTRIES = ("LY", "TN", "MT", "IT")
_INLAND_PORTS = {"Az Zawiyah", "Enna"}  # UN/LOCODE rows whose coordinates lie inland


def data_dir() -> Path:
    return Path(str(resources.files("seasentry") / "data" / "geo"))


@lru_cache(maxsize=1)
def _to_m() -> Transformer:
    return Transformer.from_crs(
        "EPSG:4326", "+proj=laea +lat_0=35 +lon_0=15 +datum=WGS84 +units=m", always_xy=True)


def project(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) degrees -> (x, y) metres in the local equal-area projection."""
    x, y = _to_m().transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x), np.asarray(y)


def _read_geojson(name: str) -> list:
    p = data_dir() / name
    with open(p, encoding="utf-8") as fh:
        return json.load(fh)["features"]


@lru_cache(maxsize=1)
def land_geometry():
    """Union of Natural Earth 1:10m land and minor islands (lon/lat degrees)."""
    geoms = [shape(f["geometry"]) for f in _read_geojson("ne_10m_land_central_med.geojson")]
    geoms += [shape(f["geometry"]) for f in _read_geojson("ne_10m_minor_islands_central_med.geojson")]
    g = unary_union([shapely.make_valid(x) for x in geoms])
    prepare_shared(g)
    return g


@lru_cache(maxsize=1)
def _coast_m():
    """Land boundary in projected metres, prepared, for distance queries."""
    land = land_geometry()
    boundary = shapely.boundary(land)
    proj = shapely.transform(boundary, lambda xy: np.column_stack(project(xy[:, 1], xy[:, 0])))
    # split long coastlines into short pieces so nearest-neighbour queries stay cheap
    pieces = []
    for line in shapely.get_parts(proj):
        xy = shapely.get_coordinates(line)
        for s in range(0, len(xy) - 1, 16):
            seg = xy[s:s + 17]
            if len(seg) >= 2:
                pieces.append(seg)
    parts = np.array([shapely.linestrings(p) for p in pieces], dtype=object)
    tree = shapely.STRtree(parts)
    return parts, tree


@lru_cache(maxsize=1)
def geo_api():
    """The project's ``seasentry.geo.Geography`` instance when available, else None."""
    try:  # another stage provides it; use it only when it is complete
        from seasentry.geo import Geography  # type: ignore
    except Exception:
        return None
    try:
        g = Geography()
        for name in ("distance_to_shore_nm", "on_land", "in_zones"):
            if not hasattr(g, name):
                return None
        return g
    except Exception:
        return None


def on_land(lat, lon) -> np.ndarray:
    """True where the point lies on Natural Earth 1:10m land (islands included)."""
    lat = np.atleast_1d(np.asarray(lat, float))
    lon = np.atleast_1d(np.asarray(lon, float))
    return contains_xy(land_geometry(), lon, lat)


def on_land_hr(lat, lon) -> np.ndarray:
    """True where the point is land on the shipped high-resolution mask (OpenStreetMap coastline,
    ``seasentry.geo.landmask``) -- where the generator's berths, anchorages and lanes must not be.
    Falls back to :func:`on_land` when that mask is not installed."""
    lat = np.atleast_1d(np.asarray(lat, float))
    lon = np.atleast_1d(np.asarray(lon, float))
    try:
        from seasentry.geo.landmask import HighResLand
        m = HighResLand("osm")
        if m.available:
            return m.contains(lat, lon)
    except Exception:
        pass
    return on_land(lat, lon)


def distance_to_shore_nm(lat, lon) -> np.ndarray:
    """Distance from each point to the nearest Natural Earth coastline, nautical miles (0 on land)."""
    lat = np.atleast_1d(np.asarray(lat, float))
    lon = np.atleast_1d(np.asarray(lon, float))
    if lat.size == 0:
        return np.zeros(0)
    api = geo_api()
    if api is not None:  # the project's own shore distance, so labels agree with the detectors
        try:
            d = np.asarray(api.distance_to_shore_nm(lat, lon), dtype=float).reshape(-1)
            if d.shape == lat.shape:
                return d
        except Exception:
            pass
    parts, tree = _coast_m()
    x, y = project(lat, lon)
    pts = shapely.points(x, y)
    idx = tree.query_nearest(pts, return_distance=False, all_matches=False)
    d = shapely.distance(pts[idx[0]], parts[idx[1]])
    out = np.empty(lat.size)
    out[idx[0]] = d / NM
    out[on_land(lat, lon)] = 0.0
    return out


@dataclass(frozen=True)
class Port:
    name: str
    country: str  # ISO-2
    lat: float
    lon: float


_COUNTRY_ISO = {"Italy": "IT", "Malta": "MT", "Libya": "LY", "Tunisia": "TN", "Greece": "GR",
                "Algeria": "DZ", "Egypt": "EG"}


@lru_cache(maxsize=1)
def ports() -> tuple[Port, ...]:
    """Port list the labels are computed against: the rows of the shipped ``ports_world.csv``
    (the list the port-visit detector uses), in its order."""
    api = geo_api()
    if api is not None:
        try:
            df = api.ports
            return tuple(Port(str(r["name"]), str(r["country"]), float(r["lat"]), float(r["lon"]))
                         for r in df.select("name", "country", "lat", "lon").iter_rows(named=True))
        except Exception:
            pass
    rows: list[Port] = []
    with open(data_dir() / "ports_med_unlocode.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            lat, lon = float(r["lat"]), float(r["lon"])
            if not (BOX[0] <= lon <= BOX[2] and BOX[1] <= lat <= BOX[3]):
                continue
            if r["name"] in _INLAND_PORTS:
                continue
            rows.append(Port(r["name"], _COUNTRY_ISO.get(r["country"], r["country"][:2].upper()), lat, lon))
    return tuple(rows)


@lru_cache(maxsize=1)
def _ports_m():
    p = ports()
    x, y = project(np.array([q.lat for q in p]), np.array([q.lon for q in p]))
    pts = shapely.points(x, y)
    return pts, shapely.STRtree(pts)


def nearest_port(lat, lon, default_radius_km: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    """Index into :func:`ports` of the port whose area is nearest, and the effective distance
    in km (distance to its point - its radius + ``default_radius_km``), as the detectors
    measure it (``seasentry.detect._common.port_distance``)."""
    lat = np.atleast_1d(np.asarray(lat, float))
    lon = np.atleast_1d(np.asarray(lon, float))
    api = geo_api()
    if api is not None and hasattr(api, "port_area"):
        idx, _, beyond = api.port_area(lat, lon, default_radius_km)
        idx = np.asarray(idx, dtype=np.int64)
        dist = np.where(idx >= 0, np.asarray(beyond, dtype=float) + default_radius_km, np.inf)
        return np.maximum(idx, 0), dist
    pts, tree = _ports_m()
    x, y = project(lat, lon)
    q = shapely.points(x, y)
    (qi, pi), d = tree.query_nearest(q, return_distance=True, all_matches=False)
    idx = np.zeros(lat.size, dtype=np.int64)
    dist = np.full(lat.size, np.inf)
    idx[qi] = pi
    dist[qi] = d / 1000.0
    return idx, dist


@lru_cache(maxsize=1)
def territorial_seas() -> tuple[tuple[str, object], ...]:
    """(zone name, prepared lon/lat polygon) for LY, TN, MT, IT territorial seas."""
    shipped = data_dir() / "territorial_seas.geojson"
    zones: list[tuple[str, object]] = []
    if shipped.exists():
        with open(shipped, encoding="utf-8") as fh:
            feats = json.load(fh).get("features", [])
        for f in feats:
            props = f.get("properties") or {}
            name = props.get("name") or props.get("zone") or props.get("iso_a2") or "zone"
            g = shapely.make_valid(shape(f["geometry"]))
            prepare_shared(g)
            zones.append((str(name), g))
        if zones:
            return tuple(zones)
    return _buffered_seas()


def _buffered_seas() -> tuple[tuple[str, object], ...]:
    countries = {}
    for f in _read_geojson("ne_50m_admin_0_countries_med.geojson"):
        iso = f["properties"].get("ISO_A2")
        if iso in ZONE_COUNTRIES:
            countries[iso] = shape(f["geometry"])
    land = land_geometry()
    bbox = shapely.box(7.0, 29.0, 26.0, 40.0)
    parts = [p for p in shapely.get_parts(shapely.intersection(land, bbox)) if not p.is_empty]
    # attach each land part to the nearest of the four countries (islands included)
    owner: dict[str, list] = {k: [] for k in countries}
    grown = {k: shapely.buffer(v, 0.1) for k, v in countries.items()}
    for p in parts:
        hits = [k for k in countries if shapely.intersects(p, countries[k])]
        if hits:  # mainland or large island: the part of it inside each country (NE 50m vs 10m slack)
            for k in hits:
                owner[k].append(shapely.intersection(p, grown[k]))
            continue
        rp = p.representative_point()
        if 11.5 <= rp.x <= 13.0 and 35.3 <= rp.y <= 37.0 and "IT" in owner:
            owner["IT"].append(p)  # Pantelleria and the Pelagie (Lampedusa, Linosa, Lampione) are Italian
            continue
        best = min(countries, key=lambda k: countries[k].distance(rp))
        if countries[best].distance(rp) < 1.5:  # other small islands: Kerkennah, Djerba, Gozo ...
            owner[best].append(p)
    inv = Transformer.from_crs("+proj=laea +lat_0=35 +lon_0=15 +datum=WGS84 +units=m", "EPSG:4326",
                               always_xy=True)
    out = []
    for iso, ps in owner.items():
        if not ps:
            continue
        g = unary_union(ps).simplify(0.003)
        gm = shapely.transform(g, lambda xy: np.column_stack(project(xy[:, 1], xy[:, 0])))
        buf = shapely.buffer(gm, 12 * NM, quad_segs=4)
        back = shapely.transform(buf, lambda xy: np.column_stack(inv.transform(xy[:, 0], xy[:, 1])))
        out.append((iso, back))
    # Tunisia/Libya overlap at the land border: split by the nearer coast (median-line approximation)
    out_d = dict(out)
    if "TN" in out_d and "LY" in out_d:
        ov = shapely.intersection(out_d["TN"], out_d["LY"])
        if not ov.is_empty:
            out_d["TN"] = shapely.difference(out_d["TN"], shapely.intersection(ov, shapely.box(11.5, 29, 15, 34)))
            out_d["LY"] = shapely.difference(out_d["LY"], shapely.intersection(ov, shapely.box(7, 29, 11.5, 34)))
    result = []
    for iso, g in out_d.items():
        prepare_shared(g)
        result.append((iso, g))
    return tuple(result)


def zone_of(lat, lon) -> np.ndarray:
    """Name of the territorial sea containing each point, '' outside all zones (first match wins)."""
    lat = np.atleast_1d(np.asarray(lat, float))
    lon = np.atleast_1d(np.asarray(lon, float))
    out = np.full(lat.size, "", dtype=object)
    for name, g in territorial_seas():
        m = (out == "") & contains_xy(g, lon, lat)
        out[m] = name
    return out


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in metres (spherical Earth, R = 6371.0088 km)."""
    r = 6371008.8
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * r * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def bearing_deg(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Initial great-circle bearing, degrees true in [0, 360)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    y = np.sin(dl) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return (np.degrees(np.arctan2(y, x)) + 360.0) % 360.0


def offset(lat, lon, bearing, dist_m):
    """Point reached from (lat, lon) going dist_m metres on the given bearing (flat-earth, < 100 km)."""
    b = np.radians(bearing)
    dlat = dist_m * np.cos(b) / 111_195.0
    dlon = dist_m * np.sin(b) / (111_195.0 * np.cos(np.radians(lat)))
    return lat + dlat, lon + dlon
