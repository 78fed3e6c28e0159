#!/usr/bin/env python3
"""Build the shipped place gazetteer of the incident register (seasentry/data/reports).

    python scripts/build_gazetteer.py [--geonames ../shared/data/reports/geonames_central_med_places_ar.csv]

Input: the GeoNames extract of ../shared/data/reports (cities500 for Libya, Tunisia, Malta and
Sicily; GeoNames, CC BY 4.0) and ``places_supplement.csv`` beside the output (small coastal
spots GeoNames lacks, countries, and Arabic or display names added to GeoNames places; each row
says where it comes from). Output: ``gazetteer_central_med.csv``, trimmed:

- every place of Libya, Tunisia and Malta; Sicilian places only within 10 km of the coast or
  with at least 50,000 inhabitants (the register is about the coast);
- GeoNames rows that are one place listed twice (same country, a shared Arabic name, within
  10 km: Zawiya) are merged into the more populous row;
- a ``coast_km`` column: how far inland the place lies (0 at sea or on the coast), from the
  shipped Natural Earth shore raster (seasentry.geo), used to prefer coastal readings of an
  ambiguous name.

Same input, same bytes out.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "seasentry" / "data" / "reports"
DEFAULT_GN = ROOT.parent / "shared" / "data" / "reports" / "geonames_central_med_places_ar.csv"

COLUMNS = ["place_id", "name", "names_latin", "names_ar", "country", "lat", "lon", "population", "kind",
           "coast_km", "source"]


def fold(s: str) -> str:
    """ASCII letters of a transliterated name (Şabrātah -> Sabratah)."""
    s = s.replace("‘", "").replace("’", "").replace("'", "")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def km(a, b) -> float:
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def split(v: str | None) -> list[str]:
    return [x.strip() for x in (v or "").split("|") if x.strip()]


def join(xs) -> str:
    return "|".join(dict.fromkeys(x for x in xs if x))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--geonames", default=str(DEFAULT_GN))
    ap.add_argument("--out", default=str(OUT_DIR / "gazetteer_central_med.csv"))
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    import numpy as np
    from seasentry.geo import Geography

    geo = Geography.default()
    gn = list(csv.DictReader(open(a.geonames, encoding="utf-8")))
    sup = list(csv.DictReader(open(OUT_DIR / "places_supplement.csv", encoding="utf-8")))
    rows: dict[str, dict] = {}
    for r in gn:
        name = fold(r["name"])
        rows[r["geonameid"]] = {
            "place_id": f"gn:{r['geonameid']}", "name": name,
            "names_latin": split(r["names_latin"]) + [r["name"], name],
            # GeoNames also holds Persian/Urdu spellings in Arabic script: keep Arabic letters only
            "names_ar": [n for n in split(r["names_ar"]) if not any(c in n for c in "یکہۃےھٹڈڑںگپچژڤ")]
            + [n for n in split(r["names_ar"]) if "ڤ" in n],
            "country": r["country_code"], "lat": float(r["latitude"]), "lon": float(r["longitude"]),
            "population": int(r["population"] or 0), "kind": "populated_place",
            "source": f"GeoNames {r['geonameid']} (CC BY 4.0)"}
    # one place listed twice
    ids = list(rows)
    for i, x in enumerate(ids):
        for y in ids[i + 1:]:
            if x not in rows or y not in rows:
                continue
            rx, ry = rows[x], rows[y]
            if rx["country"] == ry["country"] and set(rx["names_ar"]) & set(ry["names_ar"]) and \
                    km((rx["lat"], rx["lon"]), (ry["lat"], ry["lon"])) < 10:
                keep, drop = (x, y) if rx["population"] >= ry["population"] else (y, x)
                k, d = rows[keep], rows.pop(drop)
                k["names_latin"] += d["names_latin"] + [d["name"]]
                k["names_ar"] += d["names_ar"]
                k["source"] += f"; merged GeoNames {drop} (same place listed twice)"
                if len(d["name"]) < len(k["name"]):  # Zawiya rather than Az Zawiyah
                    k["name"] = d["name"]
    for s in sup:
        if s["geonameid"]:
            r = rows.get(s["geonameid"])
            if r is None:
                raise SystemExit(f"supplement names GeoNames {s['geonameid']}, which is not in {a.geonames}")
            if s["name"]:
                r["name"] = s["name"]
            r["names_latin"] += split(s["names_latin"])
            r["names_ar"] += split(s["names_ar"])
            r["source"] += "; " + s["source"]
        else:
            rows[s["place_id"]] = {
                "place_id": s["place_id"], "name": s["name"], "names_latin": split(s["names_latin"]) + [s["name"]],
                "names_ar": split(s["names_ar"]), "country": s["country"], "lat": float(s["lat"]),
                "lon": float(s["lon"]), "population": 0, "kind": s["kind"],
                "source": s["source"] + (f" ({s['note']})" if s["note"] else "")}
    out = list(rows.values())
    lat = np.array([r["lat"] for r in out])
    lon = np.array([r["lon"] for r in out])
    inland_km = np.maximum(0.0, -geo.signed_distance_nm(lat, lon)) * 1.852
    kept = []
    for r, d in zip(out, inland_km):
        r["coast_km"] = round(float(d), 1)
        if r["country"] == "IT" and r["kind"] == "populated_place" and d > 10 and r["population"] < 50_000:
            continue
        kept.append(r)
    kept.sort(key=lambda r: (r["country"], r["name"], r["place_id"]))
    with open(a.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in kept:
            w.writerow([r["place_id"], r["name"], join(r["names_latin"]), join(r["names_ar"]), r["country"],
                        f"{r['lat']:.5f}", f"{r['lon']:.5f}", r["population"], r["kind"], r["coast_km"],
                        r["source"]])
    print(f"{a.out}: {len(kept)} places ({len(out) - len(kept)} inland Sicilian places left out)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
