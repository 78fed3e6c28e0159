#!/usr/bin/env python
"""Compare land masks on real ship positions: how many positions of real ships each mask puts
"on land", by how far inland, per corpus of ../shared/data.

    python benchmarks/land_masks.py [--shared PATH] [--slow]

A ship position is on water (give or take ~10 m of GPS error), so every position a mask puts on
land by more than a tolerance is an error that tolerance does not absorb. Masks:

* ``naturalearth``: the shipped Natural Earth 1:10m (Central Med) / 1:50m polygons;
* ``gshhg`` and ``osm``: ``roaring-landmask`` (GSHHG full resolution; OpenStreetMap coastline);
* ``globe``: the 1 km GLOBE raster of ``global-land-mask`` (only when that package is installed:
  ``pip install global-land-mask``).

"Inland by at least r" = the point and all 24 probes on a circle of radius r around it are land
(r = 100, 250, 500, 1000, 2000, 5000 m). ``--slow``: only positions reporting SOG < 1 kn
(berths and anchorages). The corpora are read as ``real_corpora_events.py`` reads them (vessel
messages only; the Suez queue's ids as ship MMSIs).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import polars as pl

import seasentry
from seasentry.geo import Geography
from seasentry.geo.landmask import HighResLand

ROOT = Path(__file__).resolve().parents[1]
RADII = (100, 250, 500, 1000, 2000, 5000)
CORPORA = {
    "amsa ais.txt.gz": "ais_nmea/amsa_risky/ais.txt.gz",
    "exactEarth 1": "ais_nmea/amsa_risky/exact-earth-augmented.txt",
    "exactEarth 2": "ais_nmea/amsa_risky/exact-earth-augmented-2.txt",
    "exactEarth 3": "ais_nmea/amsa_risky/exact-earth-augmented-3.txt",
    "AISdb nm4": "ais_nmea/aisdb/test_data_20211101.nm4",
    "pyais Ionian": "ais_nmea/pyais/nmea_data_sample.txt",
    "NOAA": "ais_csv/marinecadastre_AIS_2023_01_11_sample_aisdb.csv",
    "AISdb sat CSV": "ais_csv/aisdb_global_sat_20210701.csv",
    "Suez queue": "ais_csv/evergiven_boat_positions_vesselsvalue.csv",
}


def positions(shared: Path, tmp: Path) -> pl.DataFrame:
    from real_corpora_events import SUEZ, SUEZ_COLUMNS, SUEZ_TIME, suez_with_mmsi

    out = []
    for i, (name, rel) in enumerate(CORPORA.items()):
        f = shared / rel
        if not f.exists():
            continue
        s = seasentry.open(tmp / f"{i}.duckdb")
        kw = {"base_time": "2020-01-01T00:00:00Z"}
        if f.name == SUEZ:
            f = suez_with_mmsi(f, tmp / "suez.csv")
            kw = {"columns": SUEZ_COLUMNS, "time_format": SUEZ_TIME}
        s.ingest([str(f)], **kw)
        p = s.con.execute("""SELECT DISTINCT mmsi, lat, lon, sog FROM positions
                             WHERE lat IS NOT NULL AND coalesce(msg_type, 1) NOT IN (4, 9, 21)
                             AND mmsi BETWEEN 100000000 AND 989999999""").pl()
        out.append(p.with_columns(pl.lit(name).alias("corpus")))
        s.close()
    return pl.concat(out)


def inland(contains, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Largest r of RADII such that the point and its 24 probes on every circle up to r are
    land (0: on land, not by 100 m; -1: water)."""
    out = np.where(contains(lat, lon), 0, -1)
    ang = np.radians(np.arange(0, 360, 15))
    k = np.flatnonzero(out >= 0)
    for r in RADII:
        if len(k) == 0:
            break
        dla = (r / 111_320.0) * np.cos(ang)
        dlo = (r / 111_320.0) * np.sin(ang)[None, :] / np.cos(np.radians(lat[k]))[:, None]
        la = np.clip(lat[k][:, None] + dla[None, :], -90, 90)
        lo = lon[k][:, None] + dlo
        lo = np.where(lo > 180, lo - 360, np.where(lo < -180, lo + 360, lo))
        all_land = contains(la.ravel(), lo.ravel()).reshape(la.shape).all(axis=1)
        k = k[all_land]
        out[k] = r
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--slow", action="store_true", help="only positions reporting SOG < 1 kn")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        p = positions(args.shared, Path(tmp))
    if args.slow:
        p = p.filter(pl.col("sog") < 1.0)
    lat = p["lat"].to_numpy()
    lon = p["lon"].to_numpy()
    geo = Geography.default()
    masks = {"naturalearth": lambda la, lo: np.asarray(geo.on_land(la, lo), dtype=bool)}
    for m in ("gshhg", "osm"):
        hr = HighResLand(m)
        if hr.available:
            masks[m] = hr.contains
    try:
        from global_land_mask import globe
        masks["globe"] = lambda la, lo: np.asarray(globe.is_land(la, lo), dtype=bool)
    except ImportError:
        print("(global-land-mask not installed: no 'globe' column)")
    rows = []
    for name, fn in masks.items():
        d = inland(fn, lat, lon)
        df = p.select("corpus").with_columns(pl.Series("d", d))
        for corpus in [*CORPORA, "all"]:
            sub = df if corpus == "all" else df.filter(pl.col("corpus") == corpus)
            if sub.height == 0:
                continue
            r = {"mask": name, "corpus": corpus, "positions": sub.height, "on_land": int((sub["d"] >= 0).sum())}
            for rad in RADII:
                r[f">={rad}m"] = int((sub["d"] >= rad).sum())
            rows.append(r)
    df = pl.DataFrame(rows).sort(["corpus", "mask"])
    with pl.Config(tbl_rows=200, tbl_cols=20, tbl_width_chars=220, tbl_hide_dataframe_shape=True):
        print(df)


if __name__ == "__main__":
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
