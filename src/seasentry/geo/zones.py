"""Zones (territorial seas, user areas of interest) and vectorised membership tests.

A zone file is GeoJSON: a FeatureCollection (or a single Feature) whose features have a
Polygon/MultiPolygon geometry in WGS84 [lon, lat] order and a non-empty ``name`` property;
optional ``kind`` (default ``"user"``) and ``country`` (ISO-2) properties. Bad files raise a
``ValueError`` saying what to fix.

The shipped ``territorial_seas.geojson`` holds approximate 12 nm territorial seas of Libya,
Tunisia, Malta and Italy built from Natural Earth 1:10m coastlines (UNCLOS art. 3 breadth, but
NOT legal baselines: straight baselines such as Libya's Gulf of Sirte closing line are not
modelled). See docs/geography.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from ._coords import as_lat_lon
from .prepared import box_states, contains_xy, prepare_shared

#: Cell of the grid that classifies a zone's area (wholly inside / outside / on its edge) before
#: the polygon test; degrees. 0.1: about 17 % of the points of a Central-Med bucket in a
#: territorial sea's bounds fall in edge cells (0.05: 6 %, for 4x the cells to classify).
GRID_CELL_DEG = 0.1


@dataclass(eq=False)
class Zone:
    name: str
    kind: str
    country: str | None
    geometry: Any                       # shapely Polygon / MultiPolygon (prepared)
    properties: dict = field(default_factory=dict)
    source: str = ""
    #: (x0, y0, cell, nx, ny, states) of :func:`.prepared.box_states` over the bounds, made at
    #: the first membership test: points in cells wholly inside or outside skip the polygon test
    grid: Any = field(default=None, repr=False, compare=False)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return tuple(shapely.bounds(self.geometry))  # type: ignore[return-value]

    def contains(self, lat, lon) -> np.ndarray:
        """Vectorised membership (bbox pre-filter, then ``shapely.contains_xy``)."""
        la, lo, valid, shape = as_lat_lon(lat, lon)
        return self._contains_flat(la, lo, valid).reshape(shape)

    def _contains_flat(self, la: np.ndarray, lo: np.ndarray, valid: np.ndarray) -> np.ndarray:
        x0, y0, x1, y1 = self.bounds
        cand = valid & (lo >= x0) & (lo <= x1) & (la >= y0) & (la <= y1)
        out = np.zeros(la.shape, dtype=bool)
        if cand.any():
            idx = np.flatnonzero(cand)
            if self.grid is None:
                nx = max(1, int(np.ceil((x1 - x0) / GRID_CELL_DEG)))
                ny = max(1, int(np.ceil((y1 - y0) / GRID_CELL_DEG)))
                self.grid = (x0, y0, GRID_CELL_DEG, nx, ny, box_states(self.geometry, x0, y0, GRID_CELL_DEG, nx, ny))
            gx0, gy0, cell, nx, ny, states = self.grid
            st = states[np.clip(np.floor((la[idx] - gy0) / cell).astype(np.int64), 0, ny - 1),
                        np.clip(np.floor((lo[idx] - gx0) / cell).astype(np.int64), 0, nx - 1)]
            out[idx[st == 1]] = True
            edge = idx[st == 2]
            if len(edge):
                out[edge] = contains_xy(self.geometry, lo[edge], la[edge])
        return out


def _fail(path: Path, where: str, what: str) -> ValueError:
    return ValueError(f"zone file {path}: {where}: {what}")


def load_zones(path: str | Path, default_kind: str = "user") -> list[Zone]:
    """Read zones from a GeoJSON file; raises ``ValueError`` explaining what to fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"zone file {path}: not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"zone file {path}: cannot be read as UTF-8 text ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"zone file {path}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg}); expected a GeoJSON FeatureCollection") from None
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature"):
        raise ValueError(f"zone file {path}: expected a GeoJSON object with \"type\": \"FeatureCollection\" "
                         f"(or \"Feature\"), got {type(data).__name__ if not isinstance(data, dict) else data.get('type')!r}")
    features = [data] if data["type"] == "Feature" else data.get("features")
    if not isinstance(features, list) or not features:
        raise ValueError(f"zone file {path}: \"features\" must be a non-empty list of Features")
    zones: list[Zone] = []
    for i, feat in enumerate(features):
        where = f"feature #{i}"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            raise _fail(path, where, "is not a GeoJSON Feature object")
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            raise _fail(path, where, "\"properties\" must be an object")
        name = props.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _fail(path, where, "missing a non-empty \"name\" property (add \"properties\": {\"name\": ...})")
        where = f"feature #{i} ({name!r})"
        geom_json = feat.get("geometry")
        if not isinstance(geom_json, dict):
            raise _fail(path, where, "has no geometry")
        if geom_json.get("type") not in ("Polygon", "MultiPolygon"):
            raise _fail(path, where, f"geometry type {geom_json.get('type')!r} is not a zone; "
                        "use Polygon or MultiPolygon")
        try:
            geom = shapely.from_geojson(json.dumps(geom_json))
        except Exception as exc:  # GEOS parse errors have several types
            raise _fail(path, where, f"geometry cannot be parsed ({exc})") from None
        if geom.is_empty:
            raise _fail(path, where, "geometry is empty")
        x0, y0, x1, y1 = shapely.bounds(geom)
        if not (np.isfinite([x0, y0, x1, y1]).all() and -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
            raise _fail(path, where, f"coordinates out of range (bounds {x0, y0, x1, y1}); GeoJSON "
                        "positions are [longitude, latitude] in WGS84 degrees - were lat/lon swapped "
                        "or a projected CRS used?")
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            fixed = shapely.make_valid(geom)
            polys = [g for g in shapely.get_parts(fixed) if shapely.get_type_id(g) in (3, 6)]
            if not polys:
                raise _fail(path, where, f"invalid polygon ({reason}) that cannot be repaired")
            geom = shapely.union_all(polys)
            props = {**props, "repaired": reason}
        if shapely.area(geom) <= 0:
            raise _fail(path, where, "polygon has zero area")
        country = props.get("country")
        prepare_shared(geom)
        zones.append(Zone(name=name.strip(), kind=str(props.get("kind") or default_kind),
                          country=str(country) if country else None, geometry=geom,
                          properties=dict(props), source=str(path)))
    return zones


def in_zones(zones: list[Zone], lat, lon) -> np.ndarray:
    """Membership matrix, bool of shape (len(zones), n) for flat input of n points."""
    la, lo, valid, _ = as_lat_lon(lat, lon)
    out = np.zeros((len(zones), la.size), dtype=bool)
    for i, z in enumerate(zones):
        out[i] = z._contains_flat(la, lo, valid)
    return out
