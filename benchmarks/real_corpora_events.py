#!/usr/bin/env python
"""Run the detectors on every real AIS corpus in ../shared/data and report events per vessel-day.

    python benchmarks/real_corpora_events.py [--shared PATH] [--samples N] [--markdown] [--only TEXT] [--together]

Each file is ingested into its own temporary store through the same code as ``seasentry run``
(untimed files get a fixed base time so that they are not all rejected; the Suez Canal queue CSV,
whose ids are anonymised 1..256, is mapped with ``--columns`` after its ids are turned into ship
MMSIs 200000000 + id: ids below 100,000,000 are not ship MMSIs and would be left out of the
tracks), detection runs over it, and the table shows positions, vessels, vessel-days (sum over
vessels of the days between first and last position, at least one hour each), events by type and
events per vessel-day. Real-world noise (satellite time stamps, shared MMSIs, GPS jumps,
harbours, rivers and canals) must not produce event storms.

The checks of issue 14 are printed after the table: ``on_land`` spoofing of ships reporting
less than 1 kn, spoofing on the NOAA river tracks and the Suez queue, and spoofing of ships with
a steady SOG and course in the exactEarth collection-time capture. ``--samples N`` prints N events
of every type per corpus, as an analyst would read them; ``--markdown`` prints the table as the
Markdown of README.md / docs/events/README.md.

``--together`` also ingests every selected corpus into ONE store and detects over it (one more
row, ``all corpora together``): the same MMSI heard in several captures (timed and untimed,
2012 and 2021) is then one vessel, which is where joins of captures show (session 12: gaps
and port visits spanning two captures, identity changes ending at the base time).
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
from pathlib import Path

import polars as pl

import seasentry
from seasentry.engine import detect, query_events

ROOT = Path(__file__).resolve().parents[1]
SUEZ = "evergiven_boat_positions_vesselsvalue.csv"
SUEZ_MMSI_BASE = 200_000_000
SUEZ_COLUMNS = {"mmsi": "MMSI", "ts": "ais_pos_timestamp", "lon": "longitude", "lat": "latitude"}
SUEZ_TIME = "%d/%m/%Y %H:%M"


def vessel_days(store) -> float:
    """Sum over vessels of max(1 h, last - first position); positions stamped with the --base-time
    placeholder are left out for vessels that also have timed positions (as the tracks do)."""
    r = store.con.execute("""SELECT sum(greatest(d, 3600)) / 86400.0 FROM (
        SELECT epoch(max(ts)) - epoch(min(ts)) AS d FROM (
            SELECT mmsi, ts, coalesce(time_source, '') = 'base' AS b,
                   bool_or(coalesce(time_source, '') <> 'base') OVER (PARTITION BY mmsi) AS timed
            FROM positions WHERE lat IS NOT NULL) WHERE NOT (b AND timed) GROUP BY mmsi)""").fetchone()
    return float(r[0] or 0.0)


def suez_with_mmsi(src: Path, out: Path) -> Path:
    """The Suez queue CSV with a ship-MMSI column (200000000 + anonymised id)."""
    with open(src, encoding="utf-8-sig", newline="") as fi, open(out, "w", encoding="utf-8", newline="") as fo:
        r = csv.DictReader(fi)
        w = csv.DictWriter(fo, fieldnames=["MMSI", *r.fieldnames])
        w.writeheader()
        for row in r:
            w.writerow({"MMSI": SUEZ_MMSI_BASE + int(row["ID"]), **row})
    return out


def corpora(shared: Path) -> list[Path]:
    files = sorted(p for p in (shared / "ais_nmea").rglob("*") if p.is_file() and p.suffix != ".json")
    return files + sorted((shared / "ais_csv").glob("*.csv"))


def _ingest(s, f: Path, tmp: Path) -> None:
    kw = {"base_time": "2020-01-01T00:00:00Z"}
    if f.name == SUEZ:
        f = suez_with_mmsi(f, tmp / "suez_mmsi.csv")
        kw = {"columns": SUEZ_COLUMNS, "time_format": SUEZ_TIME}
    s.ingest([str(f)], **kw)


def run_one(f: Path, tmp: Path, i: int):
    """Ingest + detect one corpus; returns (store, report)."""
    s = seasentry.open(tmp / f"{i}.duckdb")
    _ingest(s, f, tmp)
    rep = detect(s, screen=False)
    return s, rep


def run_together(files: list[Path], tmp: Path):
    """Ingest every corpus into one store, then detect; returns (store, report)."""
    s = seasentry.open(tmp / "together.duckdb")
    for f in files:
        _ingest(s, f, tmp)
    rep = detect(s, screen=False)
    return s, rep


def checks(name: str, s) -> dict:
    """Issue-14 counts: on_land spoofing of slow ships; spoofing where there should be none."""
    ev = query_events(s, type="spoofing")
    slow_land = 0
    for r in ev.iter_rows(named=True):
        d = json.loads(r["details"])
        if "on_land" not in d["kinds"]:
            continue
        t0, t1 = r["start"], r["end"]
        sog = s.con.execute("SELECT median(sog) FROM positions WHERE mmsi = ? AND ts BETWEEN ? AND ?",
                            [r["mmsi"], t0, t1]).fetchone()[0]
        if sog is not None and sog < 1.0:
            slow_land += 1
    return {"spoofing": ev.height, "on_land_sog_lt_1kn": slow_land}


def steady_spoofing(s) -> int:
    """Spoofing events of ships whose reported SOG and COG are steady over the file
    (SOG within 20 % of its median and >= 2 kn, COG within 20 deg of its circular mean)."""
    steady = s.con.execute("""
        WITH p AS (SELECT mmsi, sog, cog FROM positions WHERE lat IS NOT NULL AND sog IS NOT NULL
                   AND cog IS NOT NULL AND cog < 360),
        m AS (SELECT mmsi, median(sog) AS ms, atan2(avg(sin(radians(cog))), avg(cos(radians(cog)))) AS mc,
                     count(*) AS n FROM p GROUP BY mmsi)
        SELECT m.mmsi FROM p JOIN m USING (mmsi) GROUP BY m.mmsi, m.ms, m.mc, m.n
        HAVING m.ms >= 2 AND m.n >= 3
           AND max(abs(p.sog - m.ms)) <= 0.2 * m.ms
           AND max(abs(((degrees(radians(p.cog) - m.mc) + 540) % 360) - 180)) <= 20""").fetchall()
    ids = {r[0] for r in steady}
    ev = query_events(s, type="spoofing")
    return int(ev.filter(pl.col("mmsi").is_in(list(ids))).height) if ids else 0


def sample(name: str, s, n: int) -> None:
    ev = query_events(s)
    for typ in sorted(set(ev["type"].to_list())):
        sub = ev.filter(pl.col("type") == typ).head(n)
        for r in sub.iter_rows(named=True):
            d = json.loads(r["details"]) if r["details"] else {}
            keep = {k: d[k] for k in list(d)[:8] if k not in ("false_positions",)}
            print(f"  {name} | {typ} | {r['mmsi']} {r['v_name'] or ''} | {r['start']} .. {r['end']} | "
                  f"{r['lat']:.4f},{r['lon']:.4f} | {json.dumps(keep, default=str)[:300]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--samples", type=int, default=0, help="print this many events of every type per corpus")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--only", default=None, help="only corpora whose path contains this text")
    ap.add_argument("--events-out", type=Path, default=None,
                    help="write every event (corpus, type, mmsi, name, start, end, details) to this JSONL file")
    ap.add_argument("--together", action="store_true",
                    help="also ingest all selected corpora into one store and detect over it (one more row)")
    args = ap.parse_args()
    files = corpora(args.shared)
    if args.only:
        files = [f for f in files if args.only in str(f)]
    if not files:
        raise SystemExit(f"no corpora under {args.shared}")
    rows, extra = [], []
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(str(f.relative_to(args.shared)), (lambda f=f, i=i: run_one(f, Path(tmp), i)))
                for i, f in enumerate(files)]
        if args.together:
            jobs.append(("all corpora together", lambda: run_together(files, Path(tmp))))
        for name, job in jobs:
            s, rep = job()
            vd = vessel_days(s)
            n = sum(rep.events_by_type.values())
            rows.append({"corpus": name, "positions": rep.positions, "vessels": rep.vessels,
                         "vessel_days": round(vd, 2), "events": n,
                         "per_vessel_day": round(n / vd, 2) if vd else 0.0,
                         "by_type": ", ".join(f"{k} {v}" for k, v in rep.events_by_type.items())})
            c = checks(name, s)
            c["corpus"] = name
            if "exact-earth-augmented" in name:
                c["spoofing_steady_sog_cog"] = steady_spoofing(s)
            extra.append(c)
            if args.samples:
                sample(name, s, args.samples)
            if args.events_out:
                with open(args.events_out, "a", encoding="utf-8") as fo:
                    for r in query_events(s).iter_rows(named=True):
                        fo.write(json.dumps({"corpus": name, "type": r["type"], "mmsi": r["mmsi"],
                                             "name": r["v_name"], "start": r["start"], "end": r["end"],
                                             "details": json.loads(r["details"]) if r["details"] else None},
                                            default=str) + "\n")
            s.close()
    df = pl.DataFrame(rows)
    if args.markdown:
        print("| corpus | positions | vessels | vessel-days | events | per vessel-day | by type |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for r in df.iter_rows(named=True):
            print(f"| `{r['corpus']}` | {r['positions']:,} | {r['vessels']:,} | {r['vessel_days']:,} | {r['events']} "
                  f"| {r['per_vessel_day']} | {r['by_type']} |")
    else:
        with pl.Config(tbl_rows=100, tbl_width_chars=220, fmt_str_lengths=90, tbl_hide_dataframe_shape=True):
            print(df)
    one = df.filter(pl.col("corpus") != "all corpora together")
    tot_e, tot_vd = one["events"].sum(), one["vessel_days"].sum()
    print(f"all corpora: {tot_e} events over {tot_vd:.1f} vessel-days = {tot_e / tot_vd:.2f} per vessel-day")
    x = pl.DataFrame(extra).filter(pl.col("corpus") != "all corpora together")
    print(f"issue 14 checks: on_land spoofing of ships under 1 kn: {x['on_land_sog_lt_1kn'].sum()}; "
          f"spoofing on the NOAA sample: {x.filter(pl.col('corpus').str.contains('marinecadastre'))['spoofing'].sum()}; "
          f"spoofing on the Suez queue: {x.filter(pl.col('corpus').str.contains('evergiven'))['spoofing'].sum()}; "
          "spoofing of steady-SOG/COG ships in the exactEarth captures: "
          f"{int(x['spoofing_steady_sog_cog'].fill_null(0).sum()) if 'spoofing_steady_sog_cog' in x.columns else 0}")


if __name__ == "__main__":
    main()
