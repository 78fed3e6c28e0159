"""Navigable inland waterways: canals, harbour lakes and channels where ships sail "on land".

``data/geo/waterways.geojson`` (built by ``scripts/build_ports.py``) holds polygons with the
properties ``name``, ``kind`` (canal | channel | lake) and ``source``: corridors around the
centre-lines of the Suez Canal (with Lake Timsah and the Bitter Lakes), the Corinth Canal, the
Kiel Canal, the Bizerte channel and lake and the Tunis ship channel across the Lake of Tunis.
A position inside one is never "on land" for the spoofing detector, whatever a land mask says.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely

from ._coords import as_lat_lon
from .prepared import contains_xy, prepare_shared


class Waterways:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.names: list[str] = []
        self.kinds: list[str] = []
        geoms = []
        if self.path.exists():
            data = json.loads(self.path.read_text(encoding="utf-8"))
            for f in data.get("features", []):
                g = shapely.from_geojson(json.dumps(f["geometry"]))
                if g is None or g.is_empty:
                    continue
                geoms.append(g)
                self.names.append(str(f.get("properties", {}).get("name", "")))
                self.kinds.append(str(f.get("properties", {}).get("kind", "")))
        self.geoms = [prepare_shared(g) for g in geoms]
        self.union = prepare_shared(shapely.union_all(geoms)) if geoms else None
        self.bounds = shapely.bounds(self.union) if self.union is not None else None

    def contains(self, lat, lon) -> np.ndarray:
        """True where the point lies inside a waterway polygon."""
        la, lo, valid, shape = as_lat_lon(lat, lon)
        out = np.zeros(la.shape, dtype=bool)
        if self.union is None or not valid.any():
            return out.reshape(shape)
        x0, y0, x1, y1 = self.bounds
        cand = valid & (lo >= x0) & (lo <= x1) & (la >= y0) & (la <= y1)
        if cand.any():
            out[cand] = contains_xy(self.union, lo[cand], la[cand])
        return out.reshape(shape)

    def name_at(self, lat: float, lon: float) -> str | None:
        for name, g in zip(self.names, self.geoms):
            if contains_xy(g, np.array([lon]), np.array([lat]))[0]:
                return name
        return None
