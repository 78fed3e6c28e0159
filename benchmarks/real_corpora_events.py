#!/usr/bin/env python
"""Run the detectors on every real AIS corpus in ../shared/data and report events per vessel-day.

    python benchmarks/real_corpora_events.py [--shared PATH]

Each file is ingested into its own temporary store (untimed files get a fixed base time so
that they are not all rejected), detection runs over it, and the table shows positions,
vessels, vessel-days (sum over vessels of the days between first and last position, at
least one hour each), events by type and events per vessel-day. Real-world noise (satellite
time stamps, shared MMSIs, GPS jumps) must not produce event storms.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import polars as pl

import seasentry
from seasentry.engine import detect

ROOT = Path(__file__).resolve().parents[1]


def vessel_days(store) -> float:
    r = store.con.execute("""SELECT sum(greatest(d, 3600)) / 86400.0 FROM (
        SELECT epoch(max(ts)) - epoch(min(ts)) AS d FROM positions WHERE lat IS NOT NULL GROUP BY mmsi)""").fetchone()
    return float(r[0] or 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    files = sorted(p for p in (args.shared / "ais_nmea").rglob("*") if p.is_file() and p.suffix != ".json")
    files += sorted((args.shared / "ais_csv").glob("*.csv"))
    if not files:
        raise SystemExit(f"no corpora under {args.shared}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, f in enumerate(files):
            s = seasentry.open(Path(tmp) / f"{i}.duckdb")
            kw = {"base_time": "2020-01-01T00:00:00Z"}
            if f.name.startswith("evergiven"):
                kw = {"columns": {"mmsi": "ID", "ts": "ais_pos_timestamp", "lon": "longitude", "lat": "latitude"},
                      "time_format": "%d/%m/%Y %H:%M"}
            s.ingest([str(f)], **kw)
            rep = detect(s, screen=False)
            vd = vessel_days(s)
            n = sum(rep.events_by_type.values())
            rows.append({"corpus": str(f.relative_to(args.shared)), "positions": rep.positions,
                         "vessels": rep.vessels, "vessel_days": round(vd, 2), "events": n,
                         "per_vessel_day": round(n / vd, 2) if vd else 0.0,
                         "by_type": ", ".join(f"{k} {v}" for k, v in rep.events_by_type.items())})
            s.close()
    df = pl.DataFrame(rows)
    with pl.Config(tbl_rows=100, tbl_width_chars=200, fmt_str_lengths=80, tbl_hide_dataframe_shape=True):
        print(df)
    tot_e, tot_vd = df["events"].sum(), df["vessel_days"].sum()
    print(f"all corpora: {tot_e} events over {tot_vd:.1f} vessel-days = {tot_e / tot_vd:.2f} per vessel-day")


if __name__ == "__main__":
    main()
