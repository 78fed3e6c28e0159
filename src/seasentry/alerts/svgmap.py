"""Server-side track maps as inline SVG, drawn from the shipped Natural Earth land (no internet,
no JavaScript): land and minor islands (1:10m), the 12 nm territorial seas, ports, the vessel's
track (solid while reported, dashed across AIS gaps), other vessels met, numbered event markers,
a graticule and a scale bar. Equirectangular projection scaled by cos(mid-latitude), which keeps
shapes true to within a few percent over the small extents of a case."""

from __future__ import annotations

import html
import math
from functools import lru_cache

import numpy as np

SEA, LAND, COAST, TRACK, OTHER = "#cfe3f3", "#efe6d2", "#8c7f66", "#c0392b", "#1f6fb2"
EVENT_COLOURS = {"gap": "#6c3483", "encounter": "#d35400", "loitering": "#b9770e", "port_visit": "#1e8449",
                 "zone_entry": "#5d6d7e", "zone_exit": "#5d6d7e", "spoofing": "#7b241c",
                 "identity_change": "#2e4053", "sanctions_match": "#000000"}


@lru_cache(maxsize=1)
def _land_geoms():
    import shapely

    from ..geo import DATA_DIR
    from ..geo.land import read_geojson_geometries

    geoms = []
    for f in ("ne_10m_land_central_med.geojson", "ne_10m_minor_islands_central_med.geojson"):
        if (DATA_DIR / f).exists():
            geoms += read_geojson_geometries(DATA_DIR / f)
    coarse = []
    npz = DATA_DIR / "ne_50m_land_global.npz"
    if npz.exists():  # outside the Central-Med box: 1:50m land (ragged float32 rings)
        try:
            d = np.load(npz)
            keys = set(d.files)
            if {"coords", "ring_offsets"} <= keys:
                coords, offs = d["coords"], d["ring_offsets"]
                for a, b in zip(offs[:-1], offs[1:]):
                    if b - a >= 4:
                        coarse.append(shapely.Polygon(coords[a:b]))
        except Exception:  # the coarse layer is only a backdrop
            coarse = []
    return shapely.STRtree(geoms) if geoms else None, geoms, coarse


@lru_cache(maxsize=1)
def _territorial():
    import json

    import shapely

    from ..geo import DATA_DIR

    p = DATA_DIR / "territorial_seas.geojson"
    if not p.exists():
        return []
    data = json.loads(p.read_text(encoding="utf-8"))
    return [(f.get("properties", {}).get("name", ""), shapely.from_geojson(json.dumps(f["geometry"])))
            for f in data.get("features", []) if f.get("geometry")]


class Projection:
    def __init__(self, bbox, width: int = 960):
        self.w0, self.s0, self.e0, self.n0 = bbox
        self.k = math.cos(math.radians((self.s0 + self.n0) / 2))
        self.width = width
        self.scale = width / ((self.e0 - self.w0) * self.k)
        self.height = int(round((self.n0 - self.s0) * self.scale))

    def xy(self, lon, lat):
        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        return (lon - self.w0) * self.k * self.scale, (self.n0 - lat) * self.scale

    def px_per_nm(self) -> float:
        return self.scale / 60.0


def bbox_for(lats: np.ndarray, lons: np.ndarray, pad: float = 0.15, min_span: float = 0.6):
    ok = np.isfinite(lats) & np.isfinite(lons)
    if not ok.any():
        return (11.0, 32.0, 16.0, 37.0)
    s, n = float(np.min(lats[ok])), float(np.max(lats[ok]))
    w, e = float(np.min(lons[ok])), float(np.max(lons[ok]))
    cy, cx = (s + n) / 2, (w + e) / 2
    hy = max((n - s) * (1 + 2 * pad), min_span) / 2
    hx = max((e - w) * (1 + 2 * pad), min_span / math.cos(math.radians(cy))) / 2
    # keep the map at most ~1.6:1 in either direction so it stays readable
    k = math.cos(math.radians(cy))
    if hx * k > 1.6 * hy:
        hy = hx * k / 1.6
    elif hy > 1.6 * hx * k:
        hx = hy / 1.6 / k
    return (max(cx - hx, -180), max(cy - hy, -85), min(cx + hx, 180), min(cy + hy, 85))


def _path(geom, proj: Projection, tol: float) -> str:
    import shapely

    geom = shapely.simplify(geom, tol)
    parts = []
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            c = np.asarray(ring.coords)
            if len(c) < 3:
                continue
            x, y = proj.xy(c[:, 0], c[:, 1])
            parts.append("M" + " L".join(f"{a:.1f} {b:.1f}" for a, b in zip(x, y)) + " Z")
    return " ".join(parts)


def _polyline(x, y) -> str:
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y))


def render(track: dict, others: list[dict], markers: list[dict], ports: list[dict], width: int = 960) -> str:
    """SVG text. ``track``: {lat, lon, ts (epoch s) arrays, label}; ``others``: same per vessel met;
    ``markers``: {n, lat, lon, type, label}; ``ports``: {name, lat, lon, flagged}."""
    import shapely

    lat_all = np.concatenate([track["lat"], *[o["lat"] for o in others], np.array([m["lat"] for m in markers], float)])
    lon_all = np.concatenate([track["lon"], *[o["lon"] for o in others], np.array([m["lon"] for m in markers], float)])
    bbox = bbox_for(lat_all, lon_all)
    proj = Projection(bbox, width)
    W, H = proj.width, proj.height
    tol = (bbox[2] - bbox[0]) / 1500
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" '
           f'class="trackmap" role="img" aria-label="track map">',
           f'<rect x="0" y="0" width="{W}" height="{H}" fill="{SEA}"/>']
    tree, geoms, coarse = _land_geoms()
    box = shapely.box(*bbox)
    land = []
    if tree is not None:
        for i in tree.query(box):
            land.append(shapely.clip_by_rect(geoms[i], *bbox))
    fine_box = shapely.box(7, 29, 26, 40)
    if coarse and not fine_box.contains(box):
        for g in coarse:
            if g.intersects(box):
                land.append(shapely.clip_by_rect(g.difference(fine_box) if g.intersects(fine_box) else g, *bbox))
    d = " ".join(_path(g, proj, tol) for g in land if not g.is_empty)
    if d:
        out.append(f'<path d="{d}" fill="{LAND}" stroke="{COAST}" stroke-width="0.8" class="land"/>')
    for name, g in _territorial():
        if g.intersects(box):
            dd = _path(shapely.clip_by_rect(g, *bbox), proj, tol)
            if dd:
                out.append(f'<path d="{dd}" fill="none" stroke="#7fa7c9" stroke-width="0.8" '
                           f'stroke-dasharray="4 3"><title>{html.escape(name)}</title></path>')
    # graticule
    span = bbox[3] - bbox[1]
    step = 0.25 if span < 1.2 else 0.5 if span < 2.5 else 1.0 if span < 6 else 2.0
    g = []
    for la in np.arange(math.ceil(bbox[1] / step) * step, bbox[3], step):
        _, y = proj.xy(bbox[0], la)
        g.append(f'<line x1="0" y1="{y:.1f}" x2="{W}" y2="{y:.1f}"/>'
                 f'<text x="4" y="{y - 3:.1f}">{la:.2f}°N</text>')
    for lo in np.arange(math.ceil(bbox[0] / step) * step, bbox[2], step):
        x, _ = proj.xy(lo, bbox[1])
        g.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{H}"/>'
                 f'<text x="{x + 3:.1f}" y="{H - 4}">{lo:.2f}°E</text>')
    out.append('<g stroke="#9bb3c9" stroke-width="0.4" fill="#4d6478" font-size="10" '
               'font-family="sans-serif">' + "".join(g) + "</g>")
    # ports
    for p in ports:
        if not (bbox[0] <= p["lon"] <= bbox[2] and bbox[1] <= p["lat"] <= bbox[3]):
            continue
        x, y = proj.xy(p["lon"], p["lat"])
        col = "#922b21" if p.get("flagged") else "#34495e"
        out.append(f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{col}"/>'
                   f'<text x="{x + 5:.1f}" y="{y + 4:.1f}" font-size="11" font-family="sans-serif" '
                   f'fill="{col}">{html.escape(p["name"])}</text>')
    # tracks: solid while reported, dashed across silences > 1 h
    for t, colour, wid in [*[(o, OTHER, 1.6) for o in others], (track, TRACK, 2.4)]:
        lat, lon, ts = t["lat"], t["lon"], t["ts"]
        if lat.size == 0:
            continue
        x, y = proj.xy(lon, lat)
        brk = np.flatnonzero(np.diff(ts) > 3600) + 1
        for a, b in zip(np.r_[0, brk], np.r_[brk, lat.size]):
            if b - a >= 2:
                out.append(f'<polyline points="{_polyline(x[a:b], y[a:b])}" fill="none" stroke="{colour}" '
                           f'stroke-width="{wid}" stroke-linejoin="round" class="track"/>')
            elif b - a == 1:
                out.append(f'<circle cx="{x[a]:.1f}" cy="{y[a]:.1f}" r="{wid}" fill="{colour}"/>')
        for i in brk:
            out.append(f'<line x1="{x[i - 1]:.1f}" y1="{y[i - 1]:.1f}" x2="{x[i]:.1f}" y2="{y[i]:.1f}" '
                       f'stroke="{colour}" stroke-width="{wid * 0.8:.1f}" stroke-dasharray="6 5" opacity="0.8"/>')
        out.append(f'<circle cx="{x[0]:.1f}" cy="{y[0]:.1f}" r="4" fill="white" stroke="{colour}" stroke-width="2">'
                   f'<title>first position {html.escape(t.get("label", ""))}</title></circle>')
    for m in markers:
        if not (np.isfinite(m["lat"]) and np.isfinite(m["lon"])):
            continue
        x, y = proj.xy(m["lon"], m["lat"])
        col = EVENT_COLOURS.get(m["type"], "#000")
        out.append(f'<g><circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{col}" stroke="white" stroke-width="1.5"/>'
                   f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="10" font-weight="bold" '
                   f'font-family="sans-serif" fill="white">{m["n"]}</text>'
                   f'<title>{html.escape(m["label"])}</title></g>')
    # scale bar
    nm = max(1, 10 ** math.floor(math.log10(max(W / 5 / proj.px_per_nm(), 1))))
    for mult in (5, 2):
        if nm * mult * proj.px_per_nm() < W / 4:
            nm *= mult
            break
    L = nm * proj.px_per_nm()
    out.append(f'<g font-family="sans-serif" font-size="11"><rect x="{W - L - 24:.1f}" y="{H - 34}" '
               f'width="{L + 16:.1f}" height="24" fill="white" opacity="0.8"/>'
               f'<line x1="{W - L - 16:.1f}" y1="{H - 16}" x2="{W - 16}" y2="{H - 16}" stroke="black" '
               f'stroke-width="2"/><text x="{W - L / 2 - 16:.1f}" y="{H - 20}" text-anchor="middle">{nm:g} nm'
               f'</text></g>')
    out.append("</svg>")
    return "\n".join(out)
