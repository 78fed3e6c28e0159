#!/usr/bin/env python
"""Build the shipped world ports table and the navigable-waterways polygons.

Writes ``src/seasentry/data/geo/ports_world.csv`` and ``src/seasentry/data/geo/waterways.geojson``
from:

* ``scripts/data/ports_central_med.csv`` -- the curated Central-Med ports (UN/LOCODE via
  searoute, Natural Earth 1:10m ports, hand-placed harbours; built by ``scripts/build_geo.py``);
* ``../shared/data/geo/searoute/searoute_ports_global.geojson`` -- the UN/LOCODE ports of the
  world shipped by PyPI ``searoute`` 1.6.0 (Apache-2.0), for everything outside the Central Med;
* the tables below: hand placements of the Central-Med harbours on their harbour water with a
  port-area radius, anchorages, and waterway centre-lines (each row cites what it rests on).

Every port point is then moved onto water of the high-resolution OpenStreetMap land mask
(``roaring-landmask``, the mask the spoofing detector uses): to the nearest point within
``SNAP_MAX_M`` whose surroundings within ``CLEARANCE_M`` are water. UN/LOCODE ports with no such
water (ports up a river or on a lake, which the mask draws as land) keep their UN/LOCODE point
with ``kind = river_port``; other rows without water are dropped and listed. Run::

    .venv/bin/python scripts/build_ports.py [--shared ../shared/data/geo]

(about 1-2 minutes; needs ``roaring-landmask``, a dependency of seasentry).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from seasentry.geo.landmask import HighResLand, ring_offsets  # noqa: E402

OUT = ROOT / "src" / "seasentry" / "data" / "geo"
CURATED = ROOT / "scripts" / "data" / "ports_central_med.csv"
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "geo"
PORT_BOX = (7.0, 29.0, 26.0, 41.5)    # the curated table's box: [min_lon, min_lat, max_lon, max_lat]
SNAP_MAX_M = 10_000.0
CLEARANCE_M = 60.0                     # a port point has water all around it within this
GEOD = Geod(ellps="WGS84")

# --------------------------------------------------------------------------------------------
# Central-Med harbours placed on their harbour water (checked on the OSM land mask; the snap
# below moves each to the nearest point with CLEARANCE_M of water around it), with the radius of
# the port area (km): the harbour basin and its quays, or a terminal's mooring buoys.
PLACED = {
    "LY-TRIPOLI": (32.9010, 13.1860, 2.5, "Tripoli harbour basin, inside the breakwaters"),
    "LY-BENGHAZI": (32.1120, 20.0550, 2.5, "Benghazi outer and inner harbour"),
    "LY-MISRATA": (32.3680, 15.2225, 2.5, "Misrata (Qasr Ahmed) harbour between its piers; the "
                   "UN/LOCODE/NE point lay on the shore 1.3 km south-east of the basin"),
    "LY-RAS-LANUF": (30.5030, 18.5740, 4.0, "Ras Lanuf oil terminal bay and tanker berths"),
    "LY-ZAWIYA": (32.8008, 12.7050, 4.0, "Zawia terminal: offshore tanker moorings"),
    "LY-ES-SIDER": (30.6450, 18.3600, 5.0, "Es Sider terminal: tanker berths off the coast"),
    "LY-BREGA": (30.4150, 19.5780, 4.0, "Marsa El Brega terminal and harbour"),
    "LY-ZUEITINA": (30.8650, 20.0650, 4.0, "Zueitina terminal moorings"),
    "LY-MARSA-AL-HARIGA": (32.0650, 23.9800, 4.0, "Marsa al Hariga terminal (Tobruk bay)"),
    "LY-MELLITAH": (32.8800, 12.2450, 5.0, "Mellitah Oil & Gas terminal (hand-placed, approximate)"),
    "LY-ZUWARA": (32.9330, 12.1120, 2.0, "Zuwara harbour"),
    "LY-ABU-KAMMASH": (33.0810, 11.8520, 2.5, "Abu Kammash (hand-placed, approximate)"),
    "LY-SABRATHA": (32.8220, 12.4880, 2.0, "Sabratha small harbour (hand-placed, approximate)"),
    "LY-KHOMS": (32.6740, 14.2470, 2.0, "Khoms harbour"),
    "LY-SIRTE": (31.2260, 16.5920, 2.0, "Sirte harbour (hand-placed, approximate)"),
    "LY-DERNA": (32.7640, 22.6450, 1.5, "Derna harbour"),
    "LY-TOBRUK": (32.0740, 23.9700, 2.5, "Tobruk harbour (bay)"),
    "LY-RAS-EL-HILAL": (32.9230, 22.1690, 1.5, "Ras el Hilal harbour"),
    "MT-VALLETTA": (35.8930, 14.5160, 2.0, "Grand Harbour, Valletta waterfront and ferry berths; "
                    "Marsamxett Harbour within the area"),
    "MT-MARSAXLOKK": (35.8230, 14.5400, 2.5, "Marsaxlokk bay, Malta Freeport"),
    "MT-GOZO-MGARR": (36.0250, 14.2990, 1.0, "Mgarr harbour, Gozo ferry berths"),
    "IT-LAMPEDUSA": (35.4955, 12.6035, 1.5, "Lampedusa harbour"),
    "IT-PORTO-EMPEDOCLE": (37.2845, 13.5255, 1.5, "Porto Empedocle harbour basin"),
    "IT-POZZALLO": (36.7170, 14.8380, 1.5, "Pozzallo harbour (ferry berth)"),
    "IT-CATANIA": (37.4960, 15.0940, 2.0, "Catania harbour basin"),
    "IT-AUGUSTA": (37.2200, 15.2100, 4.0, "Augusta bay: harbour and oil jetties"),
    "IT-PALERMO": (38.1300, 13.3700, 2.0, "Palermo harbour"),
    "TN-LA-GOULETTE": (36.8100, 10.3070, 2.0, "La Goulette harbour (Tunis ferries)"),
}

# World ports whose UN/LOCODE point the automatic snap cannot put on the right water, and
# harbours missing from UN/LOCODE (port_id: lat, lon, radius_km, why).
WORLD_PLACED = {
    "EG-PORT-SAID": (31.2550, 32.3080, 3.0, "Port Said harbour on the canal entrance (the UN/LOCODE point "
                     "lies in the city; the nearest water is the open sea west of the breakwater)"),
}
EXTRA_PORTS = [
    ("EG-EAST-PORT-SAID", "East Port Said (Suez Canal Container Terminal)", "EG", 31.2150, 32.3560, 3.5,
     "container terminal and basin on the east bank of the canal entrance, where ships of the shared "
     "Suez queue (evergiven_boat_positions_vesselsvalue.csv) lay alongside"),
]

# Anchorages where ships wait (kind=anchorage). Positions are where the shared real AIS shows
# ships waiting (Suez) or charted anchorage areas (approximate); radius in km.
ANCHORAGES = [
    ("EG-PORT-SAID-ANCHORAGE", "Port Said anchorage", "EG", 31.400, 32.340, 10.0,
     "northern Suez Canal waiting area, where the queue of the Ever Given blockage (shared "
     "evergiven_boat_positions_vesselsvalue.csv, March 2021) waited"),
    ("EG-PORT-SAID-OUTER-ANCHORAGE", "Port Said outer anchorage", "EG", 31.560, 32.310, 8.0,
     "outer waiting area 15-20 nm north of Port Said (same source)"),
    ("EG-SUEZ-ANCHORAGE", "Suez Bay anchorage", "EG", 29.900, 32.540, 10.0,
     "southern Suez Canal waiting area in Suez Bay (same source)"),
    ("EG-GREAT-BITTER-LAKE", "Great Bitter Lake anchorage", "EG", 30.330, 32.400, 8.0,
     "convoy passing area in the Great Bitter Lake (same source)"),
    ("LY-TRIPOLI-ANCHORAGE", "Tripoli anchorage", "LY", 32.9350, 13.1900, 3.0,
     "waiting area off Tripoli harbour entrance (approximate)"),
    ("MT-HURD-BANK", "Hurd's Bank anchorage", "MT", 35.8500, 14.6400, 4.0,
     "charted anchorage east of Malta used by ships waiting for Valletta/Marsaxlokk (approximate)"),
]

# Waterways: centre-lines (lon, lat) buffered by a half-width in metres; lakes as (lon, lat, r).
WATERWAYS = [
    ("Suez Canal", "canal", 1500.0,
     [(32.364, 31.320), (32.312, 31.262), (32.306, 31.200), (32.310, 31.050), (32.313, 30.900),
      (32.318, 30.800), (32.326, 30.700), (32.320, 30.620), (32.300, 30.585), (32.320, 30.560),
      (32.335, 30.500), (32.350, 30.430), (32.380, 30.380), (32.420, 30.330), (32.460, 30.280),
      (32.500, 30.230), (32.540, 30.180), (32.565, 30.120), (32.570, 30.050), (32.570, 29.980),
      (32.565, 29.930)],
     "centre-line through El Qantara, Ismailia/Lake Timsah, the Bitter Lakes and Port Tewfik "
     "(approximate, checked against the shared Suez queue positions)"),
    ("Lake Timsah", "lake", 0.0, [(32.295, 30.575, 2500.0)], "lake on the Suez Canal at Ismailia"),
    ("Great Bitter Lake", "lake", 0.0, [(32.390, 30.340, 9000.0)], "lake on the Suez Canal"),
    ("Little Bitter Lake", "lake", 0.0, [(32.505, 30.210, 4500.0)], "lake on the Suez Canal"),
    ("Corinth Canal", "canal", 400.0, [(22.9560, 37.9560), (22.9611, 37.9510), (23.0078, 37.9175),
                                       (23.0150, 37.9120)],
     "Corinth Canal between the gulfs of Corinth and Saronikos (centre-line read off the OSM land mask)"),
    ("Kiel Canal", "canal", 1500.0,
     [(9.140, 53.890), (9.200, 53.930), (9.280, 54.000), (9.400, 54.080), (9.550, 54.180),
      (9.660, 54.290), (9.750, 54.310), (9.850, 54.330), (9.980, 54.350), (10.140, 54.367)],
     "Nord-Ostsee-Kanal Brunsbuettel - Kiel-Holtenau (approximate centre-line)"),
    ("Bizerte channel", "channel", 800.0, [(9.880, 37.285), (9.870, 37.262), (9.860, 37.240)],
     "ship channel from the sea to the Lake of Bizerte"),
    ("Lake of Bizerte", "lake", 0.0, [(9.860, 37.190, 7000.0)], "Menzel Bourguiba naval base and harbour"),
    ("Tunis ship channel", "channel", 800.0, [(10.310, 36.810), (10.260, 36.805), (10.200, 36.800),
                                               (10.185, 36.798)],
     "La Goulette - Tunis channel across the Lake of Tunis"),
]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def slug(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", name.upper().split(" (")[0]).strip("-")


def clear_water(mask: HighResLand, lat: np.ndarray, lon: np.ndarray, clearance_m: float) -> np.ndarray:
    """Water at the point and at 8 probes ``clearance_m`` around it."""
    ok = ~mask.contains(lat, lon)
    idx = np.flatnonzero(ok)
    if len(idx):
        dla, dlo = ring_offsets(clearance_m, 8, lat[idx])
        land = mask.contains((lat[idx][:, None] + dla).ravel(), (lon[idx][:, None] + dlo).ravel())
        ok[idx] = ~land.reshape(dla.shape).any(axis=1)
    return ok


def snap(mask: HighResLand, lat: float, lon: float) -> tuple[float, float, float] | None:
    """Nearest clearly-water point (lat, lon, metres moved), or None within SNAP_MAX_M."""
    if clear_water(mask, np.array([lat]), np.array([lon]), CLEARANCE_M)[0]:
        return lat, lon, 0.0
    radii = np.r_[np.arange(20.0, 1000.0, 20.0), np.arange(1000.0, SNAP_MAX_M + 1, 100.0)]
    for chunk in np.array_split(radii, 12):
        n = 72
        la = []
        lo = []
        for r in chunk:
            dla, dlo = ring_offsets(float(r), n, np.array([lat]))
            la.append(lat + dla[0])
            lo.append(lon + dlo[0])
        la = np.concatenate(la)
        lo = np.concatenate(lo)
        ok = clear_water(mask, la, lo, CLEARANCE_M)
        if ok.any():
            k = np.flatnonzero(ok)
            _, _, d = GEOD.inv(np.full(len(k), lon), np.full(len(k), lat), lo[k], la[k])
            j = k[int(np.argmin(d))]
            return float(la[j]), float(lo[j]), float(np.min(d))
    return None


def waterways_geojson() -> dict:
    from pyproj import CRS, Transformer
    feats = []
    for name, kind, half, coords, src in WATERWAYS:
        lon0 = float(np.mean([c[0] for c in coords]))
        lat0 = float(np.mean([c[1] for c in coords]))
        crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m")
        fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        if kind == "lake":
            x, y = fwd.transform(coords[0][0], coords[0][1])
            g = shapely.Point(x, y).buffer(coords[0][2], 32)
        else:
            xs, ys = fwd.transform([c[0] for c in coords], [c[1] for c in coords])
            g = shapely.LineString(list(zip(xs, ys))).buffer(half, 16)
        g = shapely.transform(g, lambda xy: np.column_stack(inv.transform(xy[:, 0], xy[:, 1])))
        g = shapely.set_precision(g, 1e-5)
        feats.append({"type": "Feature", "properties": {"name": name, "kind": kind, "source": src},
                      "geometry": json.loads(shapely.to_geojson(g))})
    return {"type": "FeatureCollection", "features": feats}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args(argv)
    mask = HighResLand("osm")
    if not mask.available:
        raise SystemExit("roaring-landmask is needed to build the ports table")
    rows: list[dict] = []
    with open(CURATED, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            r = dict(r)
            r["radius_km"] = ""
            if r["port_id"] in PLACED:
                la, lo, rad, why = PLACED[r["port_id"]]
                r["note"] = "; ".join(x for x in (f"placed on harbour water: {why} (was {float(r['lat']):.5f}, "
                                                  f"{float(r['lon']):.5f})", r["note"]) if x)
                r["lat"], r["lon"], r["radius_km"] = la, lo, rad
                r["source"] = r["source"] + "+placed"
            elif r["kind"] == "oil_terminal":
                r["radius_km"] = 4.0
            rows.append(r)
    missing = set(PLACED) - {r["port_id"] for r in rows}
    if missing:
        raise SystemExit(f"placed ports missing from the curated table: {sorted(missing)}")
    n_curated = len(rows)
    have = {r["port_id"] for r in rows}
    world = json.loads((args.shared / "searoute" / "searoute_ports_global.geojson").read_text(encoding="utf-8"))
    seen_locode = set()
    for f in world["features"]:
        lon, lat = f["geometry"]["coordinates"][:2]
        p = f["properties"]
        if PORT_BOX[0] <= lon <= PORT_BOX[2] and PORT_BOX[1] <= lat <= PORT_BOX[3]:
            continue  # the curated table covers this box
        loc = str(p.get("port") or "")
        key = (loc, p.get("name"))
        if key in seen_locode:
            continue
        seen_locode.add(key)
        cc = loc[:2] if len(loc) == 5 else ""
        pid = f"{cc}-{slug(str(p.get('name') or loc))}"
        k = 2
        while pid in have:
            pid = f"{cc}-{slug(str(p.get('name') or loc))}-{k}"
            k += 1
        have.add(pid)
        rows.append({"port_id": pid, "name": p.get("name") or loc, "country": cc, "lat": lat, "lon": lon,
                     "kind": "port", "radius_km": "", "locode": loc, "source": "unlocode(searoute)", "note": "",
                     "libya_fuel_smuggling": "false"})
    for r in rows:
        if r["port_id"] in WORLD_PLACED:
            la, lo, rad, why = WORLD_PLACED[r["port_id"]]
            r["note"] = "; ".join(x for x in (f"placed on harbour water: {why} (was {float(r['lat']):.5f}, "
                                              f"{float(r['lon']):.5f})", r["note"]) if x)
            r["lat"], r["lon"], r["radius_km"] = la, lo, rad
            r["source"] = r["source"] + "+placed"
    for kind, table in (("port", EXTRA_PORTS), ("anchorage", ANCHORAGES)):
        for pid, name, cc, lat, lon, rad, why in table:
            rows.append({"port_id": pid, "name": name, "country": cc, "lat": lat, "lon": lon, "kind": kind,
                         "radius_km": rad, "locode": "", "source": "manual", "note": why,
                         "libya_fuel_smuggling": "false"})
    log(f"{n_curated} curated Central-Med rows, {len(rows) - n_curated - len(ANCHORAGES) - len(EXTRA_PORTS)} world "
        f"UN/LOCODE rows, {len(EXTRA_PORTS)} extra ports, {len(ANCHORAGES)} anchorages; snapping onto OSM water")
    kept, dropped, moved, n_river = [], [], 0, 0
    for i, r in enumerate(rows):
        la, lo = float(r["lat"]), float(r["lon"])
        s = snap(mask, la, lo)
        if s is None and r["kind"] == "port" and r["source"] == "unlocode(searoute)":
            # a port up a river or on a lake: both masks draw that water as land; the point stays
            # where UN/LOCODE puts it, marked so (the spoofing detector never flags positions
            # inside a port area, and the port visits, encounters and loitering need the port)
            r["kind"] = "river_port"
            r["note"] = "; ".join(x for x in (r["note"], f"inland (river or lake) port: no sea water within "
                                              f"{SNAP_MAX_M / 1000:.0f} km on the OSM land mask; UN/LOCODE point") if x)
            kept.append(r)
            n_river += 1
            continue
        if s is None:
            dropped.append(f"{r['port_id']} {r['name']} ({la:.4f}, {lo:.4f}): no water within "
                           f"{SNAP_MAX_M / 1000:.0f} km on the OSM land mask")
            continue
        nla, nlo, d = s
        if d > 0:
            moved += 1
            r["note"] = "; ".join(x for x in (r["note"], f"moved {d:.0f} m onto water of the OSM land mask "
                                              f"from ({la:.5f}, {lo:.5f})") if x)
        r["lat"], r["lon"] = nla, nlo
        kept.append(r)
        if (i + 1) % 500 == 0:
            log(f"  {i + 1}/{len(rows)}")
    kept.sort(key=lambda r: (r["country"], r["port_id"]))
    cols = ["port_id", "name", "country", "lat", "lon", "kind", "radius_km", "locode", "source", "note",
            "libya_fuel_smuggling"]
    with open(OUT / "ports_world.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in kept:
            w.writerow({**{c: r[c] for c in cols}, "lat": f"{float(r['lat']):.5f}", "lon": f"{float(r['lon']):.5f}",
                        "radius_km": "" if r["radius_km"] in ("", None) else f"{float(r['radius_km']):.1f}"})
    log(f"wrote ports_world.csv: {len(kept)} rows ({moved} moved onto water, {n_river} inland river/lake "
        f"ports kept at their UN/LOCODE point), dropped {len(dropped)}")
    for d in dropped:
        log(f"  dropped {d}")
    (OUT / "waterways.geojson").write_text(json.dumps(waterways_geojson(), separators=(",", ":")) + "\n",
                                           encoding="utf-8")
    log(f"wrote waterways.geojson: {len(WATERWAYS)} waterways")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
