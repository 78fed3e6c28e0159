#!/usr/bin/env python
"""Build the derived geography products shipped in ``src/seasentry/data/geo/``.

Reproducible: reads only ``/work/shared/data/geo`` (override with ``--shared``) and the
files already shipped in ``src/seasentry/data/geo/``; writes:

* ``shore_fine_central_med.npz``   signed distance to shore, 0.01 deg grid over [7, 29, 26, 40],
                                   plus the ISO-2 country of the nearest coast (uint8 codes)
* ``shore_coarse_global.npz``      signed distance to shore, 0.1 deg global grid (NE 1:50m)
* ``ne_50m_land_global.npz``       NE 1:50m land as float32 ragged arrays (for on_land outside the box)
* ``scripts/data/ports_central_med.csv``  curated ports of the Central Med and its approaches
                                   (input of ``scripts/build_ports.py``, which writes the shipped
                                   ``ports_world.csv``)
* ``territorial_seas.geojson``     approximate 12 nm territorial seas of LY, TN, MT, IT

Usage::

    .venv/bin/python scripts/build_geo.py            # everything (~5 CPU-minutes)
    .venv/bin/python scripts/build_geo.py --only ports

Distances are geodesic on the WGS84 ellipsoid (pyproj.Geod) from each grid node to the
nearest point of the coastline densified to about 100 m (fine) / 1 km (coarse); the nearest
point is found with a KD-tree on 3-D unit vectors. See docs/geography.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from scipy.spatial import cKDTree
from shapely.geometry import box, mapping, shape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "seasentry" / "data" / "geo"
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "geo"

FINE_BOX = (7.0, 29.0, 26.0, 40.0)          # lon0, lat0, lon1, lat1
FINE_STEP = 0.01                             # deg
COARSE_STEP = 0.1                            # deg
MED_BOX = (-6.0, 29.0, 37.0, 47.0)           # clip box of ne_10m_land_med.geojson
FINE_UNIT_NM = 0.01                          # int16 unit of the fine raster
COARSE_UNIT_NM = 0.1                         # int16 unit of the coarse raster
NM = 1852.0
GEOD = Geod(ellps="WGS84")

# NE 1:50m ISO_A2 is "-99" for a few countries; use the sovereign's code.
ISO_FIX = {"France": "FR", "Northern Cyprus": "CY", "Kosovo": "XK"}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --------------------------------------------------------------------------- inputs
def read_geoms(path: Path) -> list:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [shape(f["geometry"]) for f in data["features"] if f.get("geometry")]


def read_countries(path: Path) -> tuple[list, list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    geoms, codes = [], []
    for f in data["features"]:
        p = f["properties"]
        iso = p.get("ISO_A2")
        if not iso or iso == "-99":
            iso = ISO_FIX.get(p.get("ADMIN"), "XX")
        geoms.append(shape(f["geometry"]))
        codes.append(iso)
    return geoms, codes


def to_xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Unit vectors on the sphere (for nearest-neighbour search; distances done on the ellipsoid)."""
    lo, la = np.radians(lon), np.radians(lat)
    c = np.cos(la)
    return np.column_stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)])


def coast_lines(land, clip_box: tuple[float, float, float, float] | None):
    """Boundary of land polygons without the artificial edges created by clipping/antimeridian."""
    lines = shapely.boundary(land)
    cuts = []
    if clip_box is not None:
        cuts.append(box(*clip_box).exterior)
    else:  # global data: polygons are cut along the antimeridian and Antarctica's bottom edge
        cuts += [shapely.LineString([(180, -90), (180, 90)]), shapely.LineString([(-180, -90), (-180, 90)]),
                 shapely.LineString([(-180, -90), (180, -90)])]
    for c in cuts:
        lines = shapely.difference(lines, shapely.buffer(c, 1e-7))
    return lines


def densified_points(lines, max_seg_deg: float) -> np.ndarray:
    dense = shapely.segmentize(lines, max_seg_deg)
    xy = shapely.get_coordinates(dense)
    return np.unique(np.round(xy, 7), axis=0)


def signed_distance_grid(lons: np.ndarray, lats: np.ndarray, coast_xy: np.ndarray, land_prepared,
                         unit_nm: float, clipped_land: bool, chunk: int = 1_000_000
                         ) -> tuple[np.ndarray, np.ndarray]:
    """int16 signed distance (negative inland) in ``unit_nm`` and index of the nearest coast point.

    ``clipped_land``: the land was clipped to a box, so nodes on its edges must count as land
    (``intersects_xy``; slower); otherwise ``contains_xy``.
    """
    inside = shapely.intersects_xy if clipped_land else shapely.contains_xy
    tree = cKDTree(to_xyz(coast_xy[:, 0], coast_xy[:, 1]))
    lon2, lat2 = np.meshgrid(lons, lats)
    flat_lon, flat_lat = lon2.ravel(), lat2.ravel()
    out = np.empty(flat_lon.size, dtype=np.int16)
    nearest = np.empty(flat_lon.size, dtype=np.int64)
    lim = np.iinfo(np.int16).max
    for s in range(0, flat_lon.size, chunk):
        lo, la = flat_lon[s:s + chunk], flat_lat[s:s + chunk]
        _, idx = tree.query(to_xyz(lo, la), workers=-1)
        _, _, dist_m = GEOD.inv(lo, la, coast_xy[idx, 0], coast_xy[idx, 1])
        inland = inside(land_prepared, lo, la)
        d = np.where(inland, -dist_m, dist_m) / NM / unit_nm
        out[s:s + chunk] = np.clip(np.rint(d), -lim, lim).astype(np.int16)
        nearest[s:s + chunk] = idx
        log(f"  nodes {s + lo.size:,}/{flat_lon.size:,}")
    return out.reshape(lat2.shape), nearest.reshape(lat2.shape)


def label_points(xy: np.ndarray, cgeoms: list, ccodes: list[str]) -> np.ndarray:
    """ISO-2 code of the NE 1:50m country polygon nearest to each point (containing = distance 0)."""
    tree = shapely.STRtree(cgeoms)
    (ip, ig) = tree.query_nearest(shapely.points(xy), all_matches=False)
    labels = np.empty(len(xy), dtype=object)
    labels[ip] = np.asarray(ccodes, dtype=object)[ig]
    return labels


# Small islands missing from NE 1:50m countries whose nearest 1:50m polygon is not their state
# (Lampedusa is 113 km from Tunisia and 205 km from Sicily). Point inside the island -> ISO-2.
ISLAND_OVERRIDES = [
    ("Lampedusa", 12.60, 35.51, "IT"), ("Linosa", 12.86, 35.865, "IT"), ("Lampione", 12.318, 35.548, "IT"),
    ("Pantelleria", 11.99, 36.78, "IT"), ("Filfla", 14.41, 35.787, "MT"), ("Comino", 14.335, 36.012, "MT"),
    ("Kerkennah", 11.2, 34.7, "TN"), ("Galite", 8.93, 37.53, "TN"), ("Zembra", 10.80, 37.12, "TN"),
]


def labelled_coast(land, clip_box, window, cgeoms, ccodes, max_seg_deg: float):
    """Densified coast points (lon, lat) with the ISO-2 code of the state owning that coast.

    A land part lying (> 99 % of its area) in one NE 1:50m country takes that country; parts
    outside every 1:50m polygon (small islands) take the nearest one, unless listed in
    ``ISLAND_OVERRIDES``; multi-country parts (continents) are labelled point by point.
    """
    parts = shapely.get_parts(land)
    parts = parts[shapely.intersects(parts, window)]
    tree = shapely.STRtree(cgeoms)
    codes_arr = np.asarray(ccodes, dtype=object)
    xy_all, lab_all = [], []
    for part in parts:
        lines = shapely.intersection(coast_lines(part, clip_box), window)
        if shapely.is_empty(lines):
            continue
        xy = densified_points(lines, max_seg_deg)
        if len(xy) == 0:
            continue
        override = [c for (_, x, y, c) in ISLAND_OVERRIDES if shapely.intersects_xy(part, x, y)]
        hits = tree.query(part, predicate="intersects")
        areas = {}
        for i in hits:
            a = shapely.area(shapely.intersection(part, cgeoms[i]))
            areas[ccodes[i]] = areas.get(ccodes[i], 0.0) + a
        total = sum(areas.values())
        if override:
            lab = np.full(len(xy), override[0], dtype=object)
        elif total > 0 and max(areas.values()) >= 0.99 * total:
            lab = np.full(len(xy), max(areas, key=areas.get), dtype=object)
        elif total == 0:
            _, ig = tree.query_nearest([part], all_matches=False)
            lab = np.full(len(xy), codes_arr[ig[0]], dtype=object)
        else:
            lab = label_points(xy, cgeoms, ccodes)
        xy_all.append(xy)
        lab_all.append(lab)
    return np.concatenate(xy_all), np.concatenate(lab_all)


def encode_grid(signed: np.ndarray) -> np.ndarray:
    """Delta-code along longitude (rows stay independent): compresses ~4x better with deflate."""
    d = np.diff(signed.astype(np.int32), axis=1, prepend=0)
    assert np.abs(d).max() < 32768
    return d.astype(np.int16)


# --------------------------------------------------------------------------- shore rasters
def build_shore(shared: Path) -> None:
    ne = shared / "natural_earth"
    land_med = shapely.union_all(read_geoms(ne / "ne_10m_land_med.geojson")
                                 + read_geoms(OUT / "ne_10m_minor_islands_central_med.geojson"))
    cgeoms, ccodes = read_countries(ne / "ne_50m_admin_0_countries_med.geojson")

    # ---- fine raster: NE 1:10m land + minor islands
    log("fine raster: coastline")
    window = box(FINE_BOX[0] - 5, FINE_BOX[1] - 5, FINE_BOX[2] + 5, FINE_BOX[3] + 5)
    coast_xy, labels = labelled_coast(land_med, MED_BOX, window, cgeoms, ccodes, 0.001)
    log(f"  {len(coast_xy):,} coast points (<= 0.001 deg apart)")
    lons = np.round(np.arange(FINE_BOX[0], FINE_BOX[2] + FINE_STEP / 2, FINE_STEP), 6)
    lats = np.round(np.arange(FINE_BOX[1], FINE_BOX[3] + FINE_STEP / 2, FINE_STEP), 6)
    shapely.prepare(land_med)
    dist, nearest = signed_distance_grid(lons, lats, coast_xy, land_med, FINE_UNIT_NM, clipped_land=True)
    code_table = np.array(sorted(set(labels.tolist())), dtype="<U2")
    code_of = {c: i + 1 for i, c in enumerate(code_table)}      # 0 = unknown
    point_codes = np.array([code_of[c] for c in labels], dtype=np.uint8)
    country = point_codes[nearest]
    np.savez_compressed(
        OUT / "shore_fine_central_med.npz",
        signed_dist_dlon=encode_grid(dist), unit_nm=np.float64(FINE_UNIT_NM),
        lon0=np.float64(lons[0]), lat0=np.float64(lats[0]), step=np.float64(FINE_STEP),
        country=country, country_codes=code_table,
        source=np.array("Natural Earth 1:10m land + minor islands; countries NE 1:50m; scripts/build_geo.py"),
    )
    log(f"  wrote shore_fine_central_med.npz {(OUT / 'shore_fine_central_med.npz').stat().st_size:,} B; "
        f"codes {list(code_table)}")

    # ---- coarse global raster: NE 1:50m land
    log("coarse raster: coastline")
    land50 = shapely.union_all(read_geoms(ne / "ne_50m_land_global.geojson"))
    coast50 = coast_lines(land50, None)
    coast50_xy = densified_points(coast50, 0.01)
    log(f"  {len(coast50_xy):,} coast points (<= 0.01 deg apart)")
    lons = np.round(np.arange(-180, 180 + COARSE_STEP / 2, COARSE_STEP), 6)
    lats = np.round(np.arange(-90, 90 + COARSE_STEP / 2, COARSE_STEP), 6)
    shapely.prepare(land50)
    dist50, _ = signed_distance_grid(lons, lats, coast50_xy, land50, COARSE_UNIT_NM, clipped_land=False)
    np.savez_compressed(
        OUT / "shore_coarse_global.npz",
        signed_dist_dlon=encode_grid(dist50), unit_nm=np.float64(COARSE_UNIT_NM),
        lon0=np.float64(-180.0), lat0=np.float64(-90.0), step=np.float64(COARSE_STEP),
        source=np.array("Natural Earth 1:50m land; scripts/build_geo.py"),
    )
    log(f"  wrote shore_coarse_global.npz {(OUT / 'shore_coarse_global.npz').stat().st_size:,} B")

    # ---- compact NE 1:50m land for on_land() outside the fine box
    parts = shapely.get_parts(land50)
    gtype, coords, offsets = shapely.to_ragged_array(parts)
    np.savez_compressed(
        OUT / "ne_50m_land_global.npz",
        coords=coords.astype(np.float32), ring_offsets=offsets[0].astype(np.int64),
        polygon_offsets=offsets[1].astype(np.int64),
        source=np.array("Natural Earth 1:50m land (ne_50m_land.json), float32 coordinates"),
    )
    log(f"  wrote ne_50m_land_global.npz {(OUT / 'ne_50m_land_global.npz').stat().st_size:,} B "
        f"({len(parts)} polygons)")


# --------------------------------------------------------------------------- ports
PORT_BOX = (7.0, 29.0, 26.0, 41.5)   # Central Med + approaches (southern Italy up to Naples/Bari)
INLAND_MOVE_M = 1000.0               # points inside land by more than this are moved to the coast
UNPLACEABLE_M = 5000.0               # UN/LOCODE / NE points this far inland or offshore are dropped
NE_ALIASES = {"Iraklion": "Heraklion", "Paros": "Paroikia"}
UNPOE_2018 = "UN Panel of Experts on Libya, final report S/2018/812 (and S/2017/466): fuel smuggling"

# Renames (UN/LOCODE spelling -> name used here) and kinds. Keyed by UN/LOCODE name.
RENAME = {
    "Zuara": "Zuwara", "Zawia Terminal": "Zawiya (Zawia Terminal)", "Zuetina": "Zueitina",
    "Marsa El Brega": "Brega (Marsa El Brega)", "Qasr Ahmed": "Misrata (Qasr Ahmed)",
    "Valletta": "Valletta (Grand Harbour)", "Marsaxlokk": "Marsaxlokk (Malta Freeport)",
    "La Goulette": "La Goulette (Tunis)", "La Skhirra": "Skhira (La Skhirra)",
}
OIL_TERMINALS = {"Zawia Terminal", "Es Sider", "Ras Lanuf", "Marsa El Brega", "Zuetina", "Marsa al Hariga",
                 "Ashtart Terminal", "Melilli Oil Terminal", "La Skhirra"}
FISHING = {"Mazara del Vallo"}
# UN/LOCODE rows dropped, with the reason (recorded in docs/geography.md).
DROP = {
    "Az Zawiyah": "inland town (32.45 N, 12.43 E, ~40 km from the sea); the port is the 'Zawia Terminal' row",
    "Misurata": "city centre coordinate; the port of Misrata is the 'Qasr Ahmed' row (same LYMRA code)",
    "Malta": "MTMLA generic 'Malta' code placed at St Paul's Bay; Malta's ports are Valletta and Marsaxlokk",
    "Ashtart Terminaashta": "garbled duplicate of 'Ashtart Terminal' (TNASH)",
    "Enna": "inland city (no port)", "Bologna": "inland city", "Vado/Bologna": "duplicate of Vado Ligure",
    "Maranello": "inland town", "Modena": "inland city", "Milano": "inland city", "Mantova": "inland city",
    "Faenza": "inland town", "Orta Nova": "inland town; coordinate is Ortona's", "Moncalieri": "inland town",
}

# Hand-added ports missing from both sources. Coordinates are approximate harbour positions
# (about +-1 km) from the cited description, then checked against the NE 1:10m coastline below.
MANUAL_PORTS = [
    # name, ISO2, lat, lon, kind, citation. "approx." = hand-placed at the named harbour from general
    # geographic knowledge (about +-2 km), not read from a surveyed list; snapped to the NE coast below.
    ("Sirte", "LY", 31.213, 16.592, "port", "approx. position of Sirte harbour, NE of the city (hand-placed)"),
    ("Mellitah (Mellitah Oil & Gas terminal)", "LY", 32.875, 12.245, "oil_terminal",
     "approx. position (hand-placed); location as described by Libya Herald 2013-03-03 ('about 60 km west "
     "of Tripoli') and MEED 2013-03-05 (near Zuwara); NOC/Eni Mellitah Oil & Gas complex"),
    ("Sabratha", "LY", 32.805, 12.485, "fishing_port",
     "approx. position of the small harbour at Sabratha, 65 km W of Tripoli (hand-placed)"),
    ("Gozo Mgarr", "MT", 36.025, 14.299, "port", "approx. position of Mgarr harbour, Gozo ferry port (hand-placed)"),
    ("Linosa", "IT", 35.862, 12.868, "port", "approx. position of the Linosa landing, Pelagie islands (hand-placed)"),
    ("Gela", "IT", 37.063, 14.238, "port", "approx. position of Porto di Gela, Sicily (hand-placed)"),
    ("Milazzo", "IT", 38.220, 15.243, "port", "approx. position of Porto di Milazzo, Sicily (hand-placed)"),
    ("Monastir", "TN", 35.777, 10.833, "marina", "approx. position of Cap Monastir marina (hand-placed)"),
    ("Mahdia", "TN", 35.500, 11.069, "fishing_port", "approx. position of Mahdia fishing port (hand-placed)"),
    ("Kelibia", "TN", 36.835, 11.118, "fishing_port", "approx. position of Kelibia fishing port (hand-placed)"),
    ("Djerba (Houmt Souk)", "TN", 33.888, 10.856, "fishing_port",
     "approx. position of Houmt Souk harbour, Djerba (hand-placed)"),
    ("Tabarka", "TN", 36.958, 8.757, "port", "approx. position of Tabarka port (hand-placed)"),
    ("Otranto", "IT", 40.148, 18.495, "port", "approx. position of Porto di Otranto (hand-placed)"),
    ("Portopalo di Capo Passero", "IT", 36.680, 15.134, "fishing_port",
     "approx. position of Portopalo di Capo Passero harbour, SE Sicily (hand-placed)"),
    ("Sciacca", "IT", 37.500, 13.080, "fishing_port", "approx. position of Porto di Sciacca (hand-placed)"),
    ("Marina di Ragusa", "IT", 36.780, 14.553, "marina", "approx. position of Marina di Ragusa marina (hand-placed)"),
]
SMUGGLING_NAMES = {"Zuwara", "Zawiya (Zawia Terminal)", "Abu Kammash", "Sabratha",
                   "Mellitah (Mellitah Oil & Gas terminal)"}


def _slug(name: str) -> str:
    import re
    return re.sub(r"[^A-Z0-9]+", "-", name.upper().split(" (")[0]).strip("-")


def build_ports(shared: Path) -> None:
    from rapidfuzz import fuzz

    ne = shared / "natural_earth"
    land = shapely.union_all(read_geoms(ne / "ne_10m_land_med.geojson")
                             + read_geoms(OUT / "ne_10m_minor_islands_central_med.geojson"))
    shapely.prepare(land)
    coast_xy = densified_points(coast_lines(land, MED_BOX), 0.0005)
    tree = cKDTree(to_xyz(coast_xy[:, 0], coast_xy[:, 1]))
    cgeoms, ccodes = read_countries(ne / "ne_50m_admin_0_countries_med.geojson")
    in_box = lambda lon, lat: PORT_BOX[0] <= lon <= PORT_BOX[2] and PORT_BOX[1] <= lat <= PORT_BOX[3]  # noqa: E731

    rows: list[dict] = []
    dropped = []
    with open(shared / "searoute" / "ports_med_unlocode.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            lat, lon = float(r["lat"]), float(r["lon"])
            if not in_box(lon, lat):
                continue
            if r["name"] in DROP:
                dropped.append((r["locode"], r["name"], DROP[r["name"]]))
                continue
            name = RENAME.get(r["name"], r["name"])
            kind = ("oil_terminal" if r["name"] in OIL_TERMINALS
                    else "fishing_port" if r["name"] in FISHING else "port")
            rows.append(dict(name=name, country=r["locode"][:2], lat=lat, lon=lon, kind=kind,
                             locode=r["locode"], source="unlocode(searoute)",
                             note=(f"UN/LOCODE name '{r['name']}'" if name != r["name"] else "")))

    # Natural Earth ports: better coordinates; merge into the UN/LOCODE row of the same place.
    ne_ports = json.loads((OUT / "ne_10m_ports_med.geojson").read_text(encoding="utf-8"))["features"]
    for f in ne_ports:
        lon, lat = f["geometry"]["coordinates"][:2]
        if not in_box(lon, lat):
            continue
        nm = f["properties"]["name"].removesuffix(" Port").strip()
        nm = NE_ALIASES.get(nm, nm)
        best, best_d = None, 1e18
        for r in rows:
            if "natural_earth" in r["source"] and r["name"].lower() == nm.lower():
                best, best_d = "done", 0.0    # duplicate NE point of a port already merged
                break
            _, _, d = GEOD.inv(lon, lat, r["lon"], r["lat"])
            score = max(fuzz.WRatio(nm.lower(), r["name"].lower()), fuzz.WRatio(nm.lower(), r["note"].lower()))
            if d < 30_000 and score >= 85 and d < best_d:
                best, best_d = r, d
        if best == "done":
            continue
        if best is not None:
            best.update(lat=lat, lon=lon, source="unlocode(searoute)+natural_earth")
            best["note"] = "; ".join(x for x in (best["note"], f"coordinate from Natural Earth port "
                                                 f"'{nm}' ({best_d / 1000:.1f} km from UN/LOCODE)") if x)
        else:
            iso = label_points(np.array([[lon, lat]]), cgeoms, ccodes)[0]
            rows.append(dict(name=nm, country=iso, lat=lat, lon=lon, kind="port", locode="",
                             source="natural_earth", note="country from nearest NE 1:50m country polygon"))

    have = {(r["country"], _slug(r["name"])) for r in rows}
    for name, iso, lat, lon, kind, cite in MANUAL_PORTS:
        if (iso, _slug(name)) in have:
            log(f"  manual port {name} already present in the sources; kept the source row")
            continue
        rows.append(dict(name=name, country=iso, lat=lat, lon=lon, kind=kind, locode="",
                         source="manual", note=cite))

    # Coastline check: inland points are moved to the nearest NE 1:10m coastline point.
    kept = []
    for r in rows:
        _, idx = tree.query(to_xyz(np.array([r["lon"]]), np.array([r["lat"]])))
        cx, cy = coast_xy[idx[0]]
        _, _, d = GEOD.inv(r["lon"], r["lat"], cx, cy)
        inland = bool(shapely.contains_xy(land, r["lon"], r["lat"]))
        msg = ""
        if (d > UNPLACEABLE_M and r["source"] != "manual"
                and not (r["kind"] == "oil_terminal" and not inland)):
            where = "inland" if inland else "offshore"
            dropped.append((r["locode"], r["name"], f"coordinate ({r['lat']:.4f}, {r['lon']:.4f}) is "
                            f"{d / 1000:.1f} km {where} of the NE 1:10m coastline: too coarse to place"))
            continue
        if inland and d > INLAND_MOVE_M:
            msg = (f"moved to nearest NE 1:10m coastline point: source coordinate "
                   f"({r['lat']:.4f}, {r['lon']:.4f}) was {d / 1000:.1f} km inland")
            r["lat"], r["lon"] = float(cy), float(cx)
        elif inland:
            msg = f"on NE 1:10m land {d:.0f} m from its coastline (harbour not resolved at 1:10m)"
        elif d > 5000:
            msg = f"{d / 1000:.1f} km offshore of the NE 1:10m coastline"
        if msg:
            r["note"] = "; ".join(x for x in (r["note"], msg) if x)
        r["libya_fuel_smuggling"] = r["name"] in SMUGGLING_NAMES
        if r["libya_fuel_smuggling"] and UNPOE_2018 not in r["note"]:
            r["note"] = "; ".join(x for x in (r["note"], UNPOE_2018) if x)
        kept.append(r)
    rows = kept

    missing = SMUGGLING_NAMES - {r["name"] for r in rows}
    if missing:
        raise SystemExit(f"smuggling ports missing from the table: {sorted(missing)}")
    rows.sort(key=lambda r: (r["country"], r["name"]))
    ids = set()
    for r in rows:
        pid = f"{r['country']}-{_slug(r['name'])}"
        if pid in ids:
            raise SystemExit(f"duplicate port_id {pid}")
        ids.add(pid)
        r["port_id"] = pid
    cols = ["port_id", "name", "country", "lat", "lon", "kind", "locode", "source", "note",
            "libya_fuel_smuggling"]
    with open(ROOT / "scripts" / "data" / "ports_central_med.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({**{c: r[c] for c in cols}, "lat": f"{r['lat']:.5f}", "lon": f"{r['lon']:.5f}",
                        "libya_fuel_smuggling": str(r["libya_fuel_smuggling"]).lower()})
    log(f"wrote ports_central_med.csv: {len(rows)} ports; dropped {len(dropped)} UN/LOCODE rows")
    for d in dropped:
        log(f"  dropped {d[0]} {d[1]}: {d[2]}")


# --------------------------------------------------------------------------- territorial seas
TS_COUNTRIES = {"LY": "Libya", "TN": "Tunisia", "MT": "Malta", "IT": "Italy"}
TS_NM = 12.0                 # UNCLOS art. 3
TS_SIMPLIFY_M = 100.0        # Douglas-Peucker tolerance (max deviation of the simplified outline)
TS_POINT_SPACING_DEG = 0.004  # coast points for the nearest-country split (~400 m apart)


def _aeqd(lon0: float, lat0: float):
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs")
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    to_m = lambda g: shapely.transform(g, lambda c: np.column_stack(fwd.transform(c[:, 0], c[:, 1])))  # noqa: E731
    to_deg = lambda g: shapely.transform(g, lambda c: np.column_stack(inv.transform(c[:, 0], c[:, 1])))  # noqa: E731
    return to_m, to_deg, fwd


def build_territorial_seas(shared: Path) -> None:
    """12 nm belts around each state's NE 1:10m coast, land removed, split by nearest coast.

    For each state C, in an azimuthal equidistant projection centred on C's coast:
    belt = buffer(coastline, 12 nm) - land; region_C = union of the Voronoi cells of coast points
    (about 400 m apart) labelled C; territorial sea = belt & region_C. A point of the belt is in
    region_C iff its nearest coast point belongs to C, i.e. the split is the (discretised)
    equidistance line. Baselines are the NE 1:10m coastline (no straight/closing lines).
    """
    ne = shared / "natural_earth"
    land = shapely.union_all(read_geoms(ne / "ne_10m_land_med.geojson")
                             + read_geoms(OUT / "ne_10m_minor_islands_central_med.geojson"))
    cgeoms, ccodes = read_countries(ne / "ne_50m_admin_0_countries_med.geojson")
    med = box(*MED_BOX)
    pts, labels = labelled_coast(land, MED_BOX, med, cgeoms, ccodes, TS_POINT_SPACING_DEG)
    coast_all = coast_lines(land, MED_BOX)
    features = []
    for iso, cname in TS_COUNTRIES.items():
        t0 = time.time()
        mine = pts[labels == iso]
        x0, y0 = mine.min(axis=0)
        x1, y1 = mine.max(axis=0)
        outer = box(x0 - 0.8, y0 - 0.8, x1 + 0.8, y1 + 0.8)
        inner = box(x0 - 0.4, y0 - 0.4, x1 + 0.4, y1 + 0.4)
        to_m, to_deg, fwd = _aeqd(round((x0 + x1) / 2, 3), round((y0 + y1) / 2, 3))
        sel = shapely.contains_xy(outer, pts[:, 0], pts[:, 1])
        sel_xy, sel_lab = pts[sel], labels[sel]
        px, py = fwd.transform(sel_xy[:, 0], sel_xy[:, 1])
        cells = shapely.get_parts(shapely.voronoi_polygons(
            shapely.multipoints(np.column_stack([px, py])), extend_to=to_m(outer), ordered=True))
        region = shapely.union_all(cells[sel_lab == iso])
        coast_m = to_m(shapely.intersection(coast_all, outer))
        land_m = to_m(shapely.intersection(land, outer))
        belt = shapely.difference(shapely.buffer(coast_m, TS_NM * NM, quad_segs=16), land_m)
        ts = shapely.intersection(shapely.intersection(belt, region), to_m(inner))
        ts = shapely.simplify(ts, TS_SIMPLIFY_M, preserve_topology=True)
        ts = to_deg(ts)
        ts = shapely.transform(ts, lambda c: np.round(c, 5))
        ts = shapely.make_valid(ts)
        polys = [g for g in shapely.get_parts(ts) if shapely.get_type_id(g) == 3 and shapely.area(g) > 0]
        ts = shapely.MultiPolygon(polys)
        features.append({"type": "Feature",
                         "properties": {"name": f"{cname} territorial sea", "country": iso,
                                        "kind": "territorial_sea", "breadth_nm": TS_NM,
                                        "baseline": "Natural Earth 1:10m coastline (approximation)"},
                         "geometry": mapping(ts)})
        log(f"  {cname}: {len(polys)} polygons, {shapely.get_num_coordinates(ts):,} vertices, "
            f"{time.time() - t0:.1f} s")
    fc = {"type": "FeatureCollection",
          "name": "territorial_seas",
          "description": ("Approximate 12 nm territorial seas from Natural Earth 1:10m coastlines; not legal "
                          "baselines (straight baselines, e.g. Libya's Gulf of Sirte closing line, are not "
                          "modelled). Built by scripts/build_geo.py."),
          "features": features}
    path = OUT / "territorial_seas.geojson"
    path.write_text(json.dumps(fc, separators=(",", ":")), encoding="utf-8")
    log(f"wrote territorial_seas.geojson {path.stat().st_size:,} B")


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared/data/geo folder")
    ap.add_argument("--only", choices=["shore", "ports", "seas"], action="append",
                    help="build only these products (repeatable)")
    args = ap.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: {args.shared} not found (the shared data folder is needed to build)", file=sys.stderr)
        return 2
    todo = args.only or ["shore", "ports", "seas"]
    if "shore" in todo:
        build_shore(args.shared)
    if "ports" in todo:
        build_ports(args.shared)
    if "seas" in todo:
        build_territorial_seas(args.shared)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
