"""Server-side track maps as inline SVG, drawn from the shipped Natural Earth land (no internet,
no JavaScript): land and minor islands (1:10m), the 12 nm territorial seas, ports, the vessel's
track (solid while reported, dashed across AIS gaps, not joined at all across silences longer
than ``gap.max_hours``: separate segments), other vessels met, extra overlay layers, one
numbered marker per event, a graticule and a scale bar. Equirectangular projection scaled by
cos(mid-latitude), which keeps shapes true to within a few percent over the small extents of a
case.

Placement: markers that would overlap (events at one place) are moved aside on rings around
their position and tied to it by a thin leader line, so every number stays readable; port
labels take the first of eight places around their square that covers no marker, no other
label and no port (:func:`place_markers`, :func:`place_labels`). :func:`legend_html` explains
every symbol drawn, including event types and overlays added by other modules."""

from __future__ import annotations

import html
import math
from functools import lru_cache

import numpy as np

from ..textsafe import visible

SEA, LAND, COAST, TRACK, OTHER = "#cfe3f3", "#efe6d2", "#8c7f66", "#c0392b", "#1f6fb2"
PORT, PORT_FLAGGED, TERRITORIAL = "#34495e", "#922b21", "#7fa7c9"
EVENT_COLOURS = {"gap": "#6c3483", "encounter": "#d35400", "loitering": "#b9770e", "port_visit": "#1e8449",
                 "zone_entry": "#5d6d7e", "zone_exit": "#5d6d7e", "spoofing": "#7b241c",
                 "identity_change": "#2e4053", "sanctions_match": "#000000"}
#: colours for event types not listed above (added by later modules), chosen by a stable hash
_SPARE_COLOURS = ("#117864", "#884ea0", "#a04000", "#1f618d", "#7d6608", "#943126", "#515a5a")
MARKER_R = 9.0
PORT_FONT = 11.0


def event_colour(etype: str) -> str:
    import zlib

    return EVENT_COLOURS.get(etype) or _SPARE_COLOURS[zlib.crc32(etype.encode()) % len(_SPARE_COLOURS)]


def label_box(x: float, y: float, text: str, size: float = PORT_FONT, anchor: str = "start"):
    """(left, top, right, bottom) of a text drawn at baseline (x, y): a sans-serif glyph is taken
    as 0.62 em wide on average (upper case included), plus 2 px."""
    w = 0.62 * size * len(text) + 2.0
    left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return (left, y - 0.8 * size, left + w, y + 0.3 * size)


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _ring(ax: float, ay: float, r: float):
    """Candidate centres for a marker anchored at (ax, ay): the anchor, then rings around it."""
    yield ax, ay
    for ring in range(1, 6):
        d = ring * (2 * r + 4)
        n = 8 * ring
        for k in range(n):
            a = -math.pi / 4 + 2 * math.pi * k / n
            yield ax + d * math.cos(a), ay + d * math.sin(a)


def place_markers(anchors: list[tuple[float, float]], width: float, height: float, r: float = MARKER_R,
                  avoid: list[tuple[float, float, float, float]] | None = None) -> list[tuple[float, float]]:
    """Centres for markers of radius ``r`` at ``anchors`` (pixels), in order: the anchor when it
    is free, else the nearest free place on rings around it, so no two markers overlap."""
    placed: list[tuple[float, float]] = []
    min_d2 = (2 * r + 2) ** 2
    for ax, ay in anchors:
        best = None
        for cx, cy in _ring(ax, ay, r):
            if not (r <= cx <= width - r and r <= cy <= height - r):
                continue
            box = (cx - r, cy - r, cx + r, cy + r)
            if any((cx - px) ** 2 + (cy - py) ** 2 < min_d2 for px, py in placed):
                continue
            if avoid and any(_overlap(box, b) > 0 for b in avoid):
                continue
            best = (cx, cy)
            break
        if best is None:  # a crowded map: keep it on its position
            best = (min(max(ax, r), width - r), min(max(ay, r), height - r))
        placed.append(best)
    return placed


_LABEL_SPOTS = (("start", 6, 4), ("end", -6, 4), ("middle", 0, -7), ("middle", 0, 15),
                ("start", 5, -5), ("end", -5, -5), ("start", 5, 13), ("end", -5, 13))
#: farther places, tried when the near ones are all taken (a label a little away from its square
#: is still read as its name; one under a marker is not read at all)
_FAR_SPOTS = tuple((a, dx * 3, dy * 2.2) for a, dx, dy in _LABEL_SPOTS)


def place_labels(items: list[tuple[float, float, str]], obstacles: list[tuple], width: float, height: float,
                 size: float = PORT_FONT) -> list[tuple[float, float, str, tuple]]:
    """(x, y, anchor, box) for labels of points (x, y, text): the first of eight places around the
    point (then eight farther ones) that overlaps no obstacle and no label already placed, inside
    the map; where none is free, the place with the least weighted overlap. ``obstacles``: boxes
    (left, top, right, bottom), optionally with a fifth item, the weight of covering them (markers
    are given a high one)."""
    out = []
    taken = [o if len(o) == 5 else (*o, 1.0) for o in obstacles]
    for px, py, text in items:
        best, best_cost = None, math.inf
        for anchor, dx, dy in (*_LABEL_SPOTS, *_FAR_SPOTS):
            x, y = px + dx, py + dy
            box = label_box(x, y, text, size, anchor)
            outside = (max(0.0, -box[0]) + max(0.0, box[2] - width)
                       + max(0.0, -box[1]) + max(0.0, box[3] - height)) * 1000
            cost = outside + sum(o[4] * _overlap(box, o) for o in taken)
            if cost < best_cost:
                best, best_cost = (x, y, anchor, box), cost
            if cost == 0:
                break
        out.append(best)
        taken.append((*best[3], 10.0))
    return out


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
    # keep the map at most ~1.6:1 wide and ~1.15:1 tall, so it stays readable and fits a printed
    # page (a north-south voyage gets more sea and coast either side rather than a strip)
    k = math.cos(math.radians(cy))
    if hx * k > 1.6 * hy:
        hy = hx * k / 1.6
    elif hy > 1.15 * hx * k:
        hx = hy / 1.15 / k
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


def _lat_text(v: float) -> str:
    return f"{abs(v):.2f}°{'N' if v >= 0 else 'S'}"


def _lon_text(v: float) -> str:
    return f"{abs(v):.2f}°{'E' if v >= 0 else 'W'}"


def render(track: dict, others: list[dict], markers: list[dict], ports: list[dict], width: int = 960,
           max_gap_s: float | None = None, overlays: list[dict] | None = None, drawn: dict | None = None) -> str:
    """SVG text. ``track``: {lat, lon, ts (epoch s) arrays, label}; ``others``: same per vessel met;
    ``markers``: {n, lat, lon, type, label}, one numbered circle each (those without a position
    are left out); ``ports``: {name, lat, lon, flagged}; ``max_gap_s``: a silence longer than this
    splits a track into separate segments (not joined); ``overlays``: extra layers drawn under the
    markers, each {"kind": "point"|"line"|"polygon", "coords": [[lon, lat], ...], "colour",
    "label", optional "legend"} (explained by :func:`legend_html`). ``drawn``, if given, receives
    which symbols were drawn (for :func:`legend_html`)."""
    drawn = {} if drawn is None else drawn
    import shapely

    overlays = overlays or []
    ov_lat = [c[1] for o in overlays for c in o.get("coords", [])]
    ov_lon = [c[0] for o in overlays for c in o.get("coords", [])]
    lat_all = np.concatenate([track["lat"], *[o["lat"] for o in others], np.array([m["lat"] for m in markers], float),
                              np.array(ov_lat, float)])
    lon_all = np.concatenate([track["lon"], *[o["lon"] for o in others], np.array([m["lon"] for m in markers], float),
                              np.array(ov_lon, float)])
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
                drawn["territorial"] = True
                out.append(f'<path d="{dd}" fill="none" stroke="{TERRITORIAL}" stroke-width="0.8" '
                           f'stroke-dasharray="4 3"><title>{_esc(name)}</title></path>')
    # graticule
    span = bbox[3] - bbox[1]
    step = 0.25 if span < 1.2 else 0.5 if span < 2.5 else 1.0 if span < 6 else 2.0
    g = []
    grid_labels = []  # boxes of the graticule's labels (port labels keep clear of them)
    for la in np.arange(math.ceil(bbox[1] / step) * step, bbox[3], step):
        _, y = proj.xy(bbox[0], la)
        g.append(f'<line x1="0" y1="{y:.1f}" x2="{W}" y2="{y:.1f}"/>'
                 f'<text x="4" y="{y - 3:.1f}">{_lat_text(la)}</text>')
        grid_labels.append(label_box(4, float(y) - 3, _lat_text(la), 10))
    scale_zone = (W * 0.7, H - 36, W, H)  # the scale bar's corner: no graticule label under it
    for lo in np.arange(math.ceil(bbox[0] / step) * step, bbox[2], step):
        x, _ = proj.xy(lo, bbox[1])
        g.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{H}"/>')
        box_ = label_box(float(x) + 3, H - 4, _lon_text(lo), 10)
        if _overlap(box_, scale_zone) == 0:
            g.append(f'<text x="{x + 3:.1f}" y="{H - 4}">{_lon_text(lo)}</text>')
            grid_labels.append(box_)
    out.append('<g stroke="#9bb3c9" stroke-width="0.4" fill="#4d6478" font-size="10" '
               'font-family="sans-serif">' + "".join(g) + "</g>")
    # ports (squares now, labels last so they are placed clear of markers)
    port_pts = []
    for p in ports:
        if not (bbox[0] <= p["lon"] <= bbox[2] and bbox[1] <= p["lat"] <= bbox[3]):
            continue
        x, y = proj.xy(p["lon"], p["lat"])
        col = PORT_FLAGGED if p.get("flagged") else PORT
        drawn["flagged_ports" if p.get("flagged") else "ports"] = True
        out.append(f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{col}" class="port">'
                   f'<title>{_esc(p["name"])}</title></rect>')
        port_pts.append((float(x), float(y), p["name"], col))
    # tracks: solid while reported, dashed across silences > 1 h, not joined across silences
    # longer than max_gap_s (separate segments)
    for t, colour, wid in [*[(o, OTHER, 1.6) for o in others], (track, TRACK, 2.4)]:
        lat, lon, ts = t["lat"], t["lon"], t["ts"]
        if lat.size == 0:
            continue
        x, y = proj.xy(lon, lat)
        dts = np.diff(ts)
        brk = np.flatnonzero(dts > 3600) + 1
        for a, b in zip(np.r_[0, brk], np.r_[brk, lat.size]):
            if b - a >= 2:
                out.append(f'<polyline points="{_polyline(x[a:b], y[a:b])}" fill="none" stroke="{colour}" '
                           f'stroke-width="{wid}" stroke-linejoin="round" class="track"/>')
            elif b - a == 1:
                out.append(f'<circle cx="{x[a]:.1f}" cy="{y[a]:.1f}" r="{wid}" fill="{colour}"/>')
        for i in brk:
            if max_gap_s is not None and dts[i - 1] > max_gap_s:
                drawn["segments"] = True
                continue  # separate segments: nothing is known of the way between them
            drawn["silences"] = True
            out.append(f'<line x1="{x[i - 1]:.1f}" y1="{y[i - 1]:.1f}" x2="{x[i]:.1f}" y2="{y[i]:.1f}" '
                       f'stroke="{colour}" stroke-width="{wid * 0.8:.1f}" stroke-dasharray="6 5" opacity="0.8" '
                       f'class="silence"/>')
        out.append(f'<circle cx="{x[0]:.1f}" cy="{y[0]:.1f}" r="4" fill="white" stroke="{colour}" stroke-width="2">'
                   f'<title>first position {_esc(t.get("label", ""))}</title></circle>')
    # overlays of other modules (areas, lines, points), under the markers
    for o in overlays:
        cs = o.get("coords") or []
        if not cs:
            continue
        ox, oy = proj.xy([c[0] for c in cs], [c[1] for c in cs])
        col = _esc(o.get("colour", "#555"))
        title = f'<title>{_esc(o.get("label", ""))}</title>'
        kind = o.get("kind", "point")
        if kind == "polygon" and len(cs) >= 3:
            out.append(f'<polygon points="{_polyline(ox, oy)}" fill="{col}" fill-opacity="0.15" stroke="{col}" '
                       f'stroke-width="1.2" class="overlay">{title}</polygon>')
        elif kind == "line" and len(cs) >= 2:
            out.append(f'<polyline points="{_polyline(ox, oy)}" fill="none" stroke="{col}" stroke-width="1.6" '
                       f'class="overlay">{title}</polyline>')
        else:
            out.extend(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3.5" fill="{col}" class="overlay">{title}</circle>'
                       for a, b in zip(np.atleast_1d(ox), np.atleast_1d(oy)))
    # scale bar (bottom right; markers and labels keep clear of it)
    nm = max(1, 10 ** math.floor(math.log10(max(W / 5 / proj.px_per_nm(), 1))))
    for mult in (5, 2):
        if nm * mult * proj.px_per_nm() < W / 4:
            nm *= mult
            break
    L = nm * proj.px_per_nm()
    scale_box = (W - L - 24, H - 34, W - 8, H - 10)
    # one numbered marker per event with a position; moved aside (with a leader line) when it
    # would cover another
    shown = [m for m in markers if np.isfinite(m["lat"]) and np.isfinite(m["lon"])]
    anchors = [tuple(float(v) for v in proj.xy(m["lon"], m["lat"])) for m in shown]
    centres = place_markers(anchors, W, H, MARKER_R, avoid=[scale_box])
    # leader lines first, so that no line or dot is drawn over another marker's number
    for m, (ax, ay), (cx, cy) in zip(shown, anchors, centres):
        if (cx - ax) ** 2 + (cy - ay) ** 2 > 1.0:
            col = event_colour(m["type"])
            out.append(f'<g class="leader" data-event="{m["n"]}"><line x1="{ax:.1f}" y1="{ay:.1f}" x2="{cx:.1f}" '
                       f'y2="{cy:.1f}" stroke="{col}" stroke-width="1.2"/>'
                       f'<circle cx="{ax:.1f}" cy="{ay:.1f}" r="2.5" fill="{col}"/></g>')
    for m, (cx, cy) in zip(shown, centres):
        col = event_colour(m["type"])
        size = 10 if m["n"] < 100 else 8
        out.append(f'<g class="event-marker" data-event="{m["n"]}">'
                   f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{MARKER_R:g}" fill="{col}" stroke="white" '
                   f'stroke-width="1.5"/><text x="{cx:.1f}" y="{cy + size * 0.4:.1f}" text-anchor="middle" '
                   f'font-size="{size}" font-weight="bold" font-family="sans-serif" fill="white">{m["n"]}</text>'
                   f'<title>{_esc(m["label"])}</title></g>')
    # port labels, clear of markers, of other labels and of port squares
    obstacles = [(cx - MARKER_R - 1, cy - MARKER_R - 1, cx + MARKER_R + 1, cy + MARKER_R + 1, 1000.0)
                 for cx, cy in centres]
    obstacles += [(ax - 3, ay - 3, ax + 3, ay + 3, 100.0) for (ax, ay), (cx, cy) in zip(anchors, centres)]
    obstacles += [(x - 3.5, y - 3.5, x + 3.5, y + 3.5, 30.0) for x, y, _, _ in port_pts]
    obstacles.append((*scale_box, 30.0))
    obstacles += [(*b, 3.0) for b in grid_labels]
    for (x, y, name, col), (lx, ly, anchor, _) in zip(
            port_pts, place_labels([(x, y, name) for x, y, name, _ in port_pts], obstacles, W, H)):
        out.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="{PORT_FONT:g}" '
                   f'font-family="sans-serif" fill="{col}" stroke="white" stroke-width="2.5" paint-order="stroke" '
                   f'class="port-label">{_esc(name)}</text>')
    out.append(f'<g font-family="sans-serif" font-size="11"><rect x="{W - L - 24:.1f}" y="{H - 34}" '
               f'width="{L + 16:.1f}" height="24" fill="white" opacity="0.8"/>'
               f'<line x1="{W - L - 16:.1f}" y1="{H - 16}" x2="{W - 16}" y2="{H - 16}" stroke="black" '
               f'stroke-width="2"/><text x="{W - L / 2 - 16:.1f}" y="{H - 20}" text-anchor="middle">{nm:g} nm'
               f'</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def legend_html(event_types: list[str], meanings: dict[str, str] | None = None, others: bool = False,
                ports: bool = True, overlays: list[dict] | None = None, drawn: dict | None = None) -> str:
    """An HTML legend of the symbols :func:`render` drew (``drawn``: what it filled in; without it,
    every symbol): track, silences, vessels met, ports, territorial seas, each event type present
    (with its meaning) and each overlay."""
    meanings = meanings or {}
    has = (lambda k: True) if drawn is None else (lambda k: bool(drawn.get(k)))

    def sw(style: str) -> str:
        return f'<span class="sw" style="{style}"></span>'

    items = [sw(f"background:{TRACK};height:4px") + "this vessel's track (positions it reported)"]
    if has("silences"):
        items.append(sw(f"border-top:3px dashed {TRACK};height:0") + "silence of more than an hour (straight "
                     "line: the way taken is not known)")
    if has("segments"):
        items.append("track segments not joined: a silence longer than the longest gap event (gap.max_hours)")
    if others:
        items.append(sw(f"background:{OTHER};height:3px") + "a vessel it met")
    items.append(sw("width:10px;height:10px;border-radius:5px;border:2px solid " + TRACK + ";background:white")
                 + "first position")
    if ports and has("ports"):
        items.append(sw(f"width:8px;height:8px;background:{PORT}") + "port")
    if ports and has("flagged_ports"):
        items.append(sw(f"width:8px;height:8px;background:{PORT_FLAGGED}") + "Libyan port named by the UN Panel "
                     "of Experts for fuel smuggling")
    if has("territorial"):
        items.append(sw(f"border-top:2px dashed {TERRITORIAL};height:0") + "12 nm territorial sea (approximate)")
    for t in dict.fromkeys(event_types):
        m = meanings.get(t)
        items.append(sw(f"width:12px;height:12px;border-radius:6px;background:{event_colour(t)}")
                     + f"<b>{_esc(t)}</b>" + (f": {_esc(m)}" if m else ""))
    seen = set()
    for o in overlays or []:
        if o.get("legend") and o["legend"] not in seen:
            seen.add(o["legend"])
            items.append(sw(f"width:12px;height:8px;background:{_esc(o.get('colour', '#555'))}")
                         + _esc(o["legend"]))
    return '<div class="legend">' + "".join(f"<span>{x}</span>" for x in items) + "</div>"


def _esc(v) -> str:
    """Escaped for SVG text, with unsafe characters (NUL, U+202E ...) shown as their codes."""
    return html.escape(visible(str(v)))
