"""Area primitives of alert rules, vectorised over event positions.

An area (``areas:`` in a rule file, or inline in a rule) is a conjunction of primitives:

``shore_country: [LY, TN]``
    the nearest coast belongs to one of these states (``Geography.shore_country``, Natural Earth).
``distance_from_shore_nm: {min: 40, max: 60}``
    distance to the nearest coastline (``Geography.distance_to_shore_nm``).
``near_ports: {flag: libya_fuel_smuggling, country: [LY], ids: [...], kind: [...], max_nm: 30}``
    a port of the shipped port list that has the flag / country / id / kind is within ``max_nm``
    (great circle). For ``port_visit`` events the visited port itself is used.
``distance_from_land_nm: {min: 12, max: 20, land: [{name: Malta, bbox: [W, S, E, N]}, ...]}``
    distance to the land polygons (Natural Earth 1:10m land and minor islands) inside one of the
    boxes, computed in a local azimuthal equidistant projection (pyproj): "12-20 nm off Malta".
``zones: [Malta territorial sea, ...]``
    the event's ``zone`` is one of these (shipped territorial seas or ``--zones`` polygons).
``polygon: [[lon, lat], ...]``
    the position is inside this polygon (WGS84).

Each primitive returns a boolean mask plus context columns used by explanations
(``shore_country``, ``near_port``, ``near_port_nm``, ``land``, ``land_nm``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import polars as pl

EARTH_NM = 3440.065  # mean Earth radius in nautical miles


class AreaError(ValueError):
    pass


@dataclass
class Area:
    name: str
    title: str = ""
    shore_country: list[str] | None = None
    distance_from_shore_nm: tuple[float | None, float | None] | None = None
    near_ports: dict | None = None
    distance_from_land_nm: dict | None = None
    zones: list[str] | None = None
    polygon: list[list[float]] | None = None
    spec: dict = field(default_factory=dict)

    @classmethod
    def parse(cls, name: str, spec: dict) -> "Area":
        if not isinstance(spec, dict):
            raise AreaError(f"area {name!r}: expected a mapping")
        known = {"title", "shore_country", "distance_from_shore_nm", "near_ports", "distance_from_land_nm",
                 "zones", "polygon"}
        bad = set(spec) - known
        if bad:
            raise AreaError(f"area {name!r}: unknown key(s) {sorted(bad)}; known: {sorted(known)}")
        a = cls(name=name, title=str(spec.get("title") or name), spec=spec)
        if "shore_country" in spec:
            a.shore_country = [str(c).upper() for c in _as_list(spec["shore_country"])]
        if "distance_from_shore_nm" in spec:
            a.distance_from_shore_nm = _range(name, "distance_from_shore_nm", spec["distance_from_shore_nm"])
        if "near_ports" in spec:
            np_ = spec["near_ports"]
            if not isinstance(np_, dict) or "max_nm" not in np_:
                raise AreaError(f"area {name!r}: near_ports needs a mapping with max_nm")
            a.near_ports = dict(np_)
            a.near_ports["max_nm"] = float(np_["max_nm"])
        if "distance_from_land_nm" in spec:
            d = spec["distance_from_land_nm"]
            if not isinstance(d, dict) or not d.get("land"):
                raise AreaError(f"area {name!r}: distance_from_land_nm needs 'land': [{{name, bbox}}]")
            lo, hi = _range(name, "distance_from_land_nm", d)
            lands = []
            for item in d["land"]:
                bbox = item.get("bbox") if isinstance(item, dict) else None
                if not bbox or len(bbox) != 4:
                    raise AreaError(f"area {name!r}: each land needs a name and bbox [W, S, E, N]")
                lands.append((str(item.get("name") or "land"), tuple(float(x) for x in bbox)))
            a.distance_from_land_nm = {"min": lo, "max": hi, "land": lands}
        if "zones" in spec:
            a.zones = [str(z) for z in _as_list(spec["zones"])]
        if "polygon" in spec:
            poly = spec["polygon"]
            if not isinstance(poly, list) or len(poly) < 3:
                raise AreaError(f"area {name!r}: polygon needs at least 3 [lon, lat] points")
            a.polygon = [[float(x), float(y)] for x, y in poly]
        return a


def _as_list(v) -> list:
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _range(area: str, key: str, v) -> tuple[float | None, float | None]:
    if not isinstance(v, dict) or not ({"min", "max"} & set(v)):
        raise AreaError(f"area {area!r}: {key} needs {{min: X, max: Y}}")
    lo = None if v.get("min") is None else float(v["min"])
    hi = None if v.get("max") is None else float(v["max"])
    return lo, hi


def _in_range(x: np.ndarray, rng) -> np.ndarray:
    lo, hi = rng
    ok = np.isfinite(x)
    if lo is not None:
        ok &= x >= lo
    if hi is not None:
        ok &= x <= hi
    return ok


def haversine_nm(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in nm; broadcasts."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_NM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


@lru_cache(maxsize=1)
def _land_geometries() -> tuple:
    """The shipped land and minor-island polygons (read once: every box clips the same ones)."""
    from ..geo import DATA_DIR
    from ..geo.land import read_geojson_geometries

    geoms = []
    for fname in ("ne_10m_land_central_med.geojson", "ne_10m_minor_islands_central_med.geojson"):
        p = DATA_DIR / fname
        if p.exists():
            geoms.extend(read_geojson_geometries(p))
    return tuple(geoms)


@lru_cache(maxsize=32)
def _land_in_box(bbox: tuple[float, float, float, float]):
    """(projected land geometry, transformer) for the land polygons inside ``bbox``."""
    import shapely
    from pyproj import Transformer

    land = shapely.union_all([shapely.clip_by_rect(g, *bbox) for g in _land_geometries()])
    lon0, lat0 = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    tr = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +units=m +ellps=WGS84",
                              always_xy=True)
    return shapely.transform(land, lambda x, y: tr.transform(x, y), interleaved=False), tr


def evaluate_area(area: Area, ev: pl.DataFrame, geo) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Mask of rows of ``ev`` (columns lat, lon, zone, type, details) inside ``area``, plus context."""
    n = ev.height
    lat = ev["lat"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    lon = ev["lon"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    mask = np.isfinite(lat) & np.isfinite(lon)
    ctx: dict[str, np.ndarray] = {}
    if n == 0:
        return mask, ctx
    if area.shore_country is not None or area.distance_from_shore_nm is not None:
        sc = np.asarray(geo.shore_country(lat, lon), dtype=object)
        ctx["shore_country"] = sc
        ctx["shore_nm"] = np.asarray(geo.distance_to_shore_nm(lat, lon), dtype=float)
    if area.shore_country is not None:
        mask &= np.isin(ctx["shore_country"].astype(str), area.shore_country)
    if area.distance_from_shore_nm is not None:
        mask &= _in_range(ctx["shore_nm"], area.distance_from_shore_nm)
    if area.near_ports is not None:
        m, name, dist = _near_ports(area.near_ports, ev, lat, lon, geo)
        mask &= m
        ctx["near_port"], ctx["near_port_nm"] = name, dist
    if area.distance_from_land_nm is not None:
        m, name, dist = _near_land(area.distance_from_land_nm, lat, lon)
        mask &= m
        ctx["land"], ctx["land_nm"] = name, dist
    if area.zones is not None:
        mask &= ev["zone"].is_in(area.zones).fill_null(False).to_numpy()
    if area.polygon is not None:
        import shapely

        poly = shapely.Polygon(area.polygon)
        ok = np.isfinite(lat) & np.isfinite(lon)
        inside = np.zeros(n, dtype=bool)
        inside[ok] = shapely.contains_xy(poly, lon[ok], lat[ok])
        mask &= inside
    return mask, ctx


def _port_subset(spec: dict, ports: pl.DataFrame) -> pl.DataFrame:
    sel = ports
    if spec.get("flag"):
        flag = str(spec["flag"])
        if flag not in sel.columns:
            raise AreaError(f"near_ports: the port list has no column {flag!r}")
        col = sel[flag]
        if col.dtype == pl.String:
            col = col.str.to_lowercase().is_in(["true", "1", "yes"])
        sel = sel.filter(col.cast(pl.Boolean).fill_null(False))
    if spec.get("country"):
        sel = sel.filter(pl.col("country").is_in([str(c).upper() for c in _as_list(spec["country"])]))
    if spec.get("ids"):
        sel = sel.filter(pl.col("port_id").is_in([str(c) for c in _as_list(spec["ids"])]))
    if spec.get("kind"):
        sel = sel.filter(pl.col("kind").is_in([str(c) for c in _as_list(spec["kind"])]))
    return sel


def _near_ports(spec, ev, lat, lon, geo):
    n = ev.height
    sel = _port_subset(spec, geo.ports)
    name = np.full(n, None, dtype=object)
    dist = np.full(n, np.inf)
    if sel.height:
        d = haversine_nm(lat[:, None], lon[:, None], sel["lat"].to_numpy()[None, :], sel["lon"].to_numpy()[None, :])
        d = np.where(np.isfinite(d), d, np.inf)
        j = np.argmin(d, axis=1)
        dist = d[np.arange(n), j]
        name = np.asarray(sel["name"].to_list(), dtype=object)[j]
    # a port visit is "at" the port it visited, whatever the distance of its representative position
    if "details" in ev.columns and "type" in ev.columns:
        pid = ev["details"].str.json_path_match("$.port.port_id")
        visit = (ev["type"] == "port_visit").to_numpy() & pid.is_not_null().to_numpy()
        listed = pid.is_in(sel["port_id"].to_list()).fill_null(False).to_numpy()
        pname = pid.replace_strict(dict(zip(sel["port_id"].to_list(), sel["name"].to_list())), default=None,
                                   return_dtype=pl.String).to_numpy()
        dist = np.where(visit, np.where(listed, 0.0, np.inf), dist)
        name = np.where(visit, np.where(listed, pname, None), name)
    dist = np.where(np.isfinite(dist), dist, np.nan)
    return np.nan_to_num(dist, nan=np.inf) <= spec["max_nm"], name, dist


def _near_land(spec, lat, lon):
    import shapely

    n = lat.size
    best = np.full(n, np.inf)
    name = np.full(n, None, dtype=object)
    ok = np.isfinite(lat) & np.isfinite(lon)
    for lname, bbox in spec["land"]:
        geom, tr = _land_in_box(bbox)
        if geom.is_empty or not ok.any():
            continue
        x, y = tr.transform(lon[ok], lat[ok])
        d = np.full(n, np.inf)
        d[ok] = shapely.distance(geom, shapely.points(np.asarray(x), np.asarray(y))) / 1852.0
        better = d < best
        best = np.where(better, d, best)
        name[better] = lname
    inside = _in_range(np.where(np.isfinite(best), best, np.nan), (spec["min"], spec["max"]))
    return inside, name, np.where(np.isfinite(best), best, np.nan)


def describe(area: Area) -> str:
    return area.title or json.dumps(area.spec)
