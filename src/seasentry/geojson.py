"""Valid GeoJSON geometries for vessel tracks, whatever their number of positions.

A LineString needs at least two *distinct* positions (RFC 7946 section 3.1.4; GEOS, hence
shapely and QGIS, refuse one with fewer). A track is therefore written as:

* no position: no geometry (``None``: a Feature with a null geometry is valid GeoJSON);
* one distinct position (one report, or a ship that never moved): a ``Point``;
* otherwise a ``LineString`` -- or a ``MultiLineString`` when silences longer than ``max_gap_s``
  (``gap.max_hours``: separate track segments, never joined across) split it; a part with a
  single distinct position is left out of the lines (each position is its own Point feature in
  the exports), and when no part has two, the parts' positions form a ``MultiPoint``.
"""

from __future__ import annotations

import math


def _distinct(coords: list[list[float]]) -> list[list[float]]:
    """Consecutive repeats removed."""
    out: list[list[float]] = []
    for c in coords:
        if not out or c != out[-1]:
            out.append(c)
    return out


def _floats(values) -> list[float]:
    """``values`` as floats, None as NaN (as ``numpy.asarray(values, dtype=float)``)."""
    return [math.nan if v is None else float(v) for v in values]


def track_geometry(lon, lat, ts=None, max_gap_s: float | None = None) -> dict | None:
    """GeoJSON geometry of a track (positions in time order; ``ts`` epoch seconds, needed only
    with ``max_gap_s``). Plain Python (no NumPy to import for ``seasentry track``); positions
    with a missing or non-finite coordinate are left out."""
    lon, lat = _floats(lon), _floats(lat)
    ok = [i for i, (x, y) in enumerate(zip(lon, lat)) if math.isfinite(x) and math.isfinite(y)]
    if not ok:
        return None
    coords = [[lon[i], lat[i]] for i in ok]
    cuts = [0, len(coords)]
    if ts is not None and max_gap_s is not None and len(coords) > 1:
        t = _floats(ts)
        t = [t[i] for i in ok]
        cuts = [0, *(k + 1 for k in range(len(t) - 1) if t[k + 1] - t[k] > max_gap_s), len(coords)]
    parts = [_distinct(coords[a:b]) for a, b in zip(cuts[:-1], cuts[1:])]
    lines = [p for p in parts if len(p) >= 2]
    if not lines:
        points = _distinct([p[0] for p in parts])
        if len(points) == 1:
            return {"type": "Point", "coordinates": points[0]}
        return {"type": "MultiPoint", "coordinates": points}
    if len(lines) == 1:
        return {"type": "LineString", "coordinates": lines[0]}
    return {"type": "MultiLineString", "coordinates": lines}
