#!/usr/bin/env python
"""Run the detectors on every real AIS corpus in ../shared/data and report events per vessel-day.

    python benchmarks/real_corpora_events.py [--shared PATH] [--samples N] [--markdown] [--only TEXT]
                                             [--together] [--events-out FILE] [--compare-archive]

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
``--events-out FILE`` writes every event (corpus, type, mmsi, name, start, end, details) as JSON lines.

``--compare-archive`` also runs every corpus through the archive path as a user runs it,
``seasentry run FILE --archive DIR --db DB -q`` in a subprocess (the same ``--base-time``; the Suez
queue CSV with the same ``--columns`` and ``--time-format``), and prints per corpus, for both paths:
positions and rows (positions + static reports + other messages; a CSV record with a position and
a name is one of each) kept after the repeats are
removed (the archive's other messages, which carry no arrival and are read by nothing, de-duplicated
here by the store's rule, in the order of the inputs' ranks and line numbers), bad lines kept by reason, vessels (rows of the store's vessels table), events by type,
the exit status of the archive run, and whether the events are identical: ``ids`` compares the
sets of (event_id, type, mmsi, other_mmsi, start) -- the fields the event id is made of --,
``content`` the sets of every field (end, lat and lon to 1e-9 degrees, zone, details, confidence
as well). ``rows`` counts stored rows that are in one path only: positions on (mmsi, ts, lat, lon,
msg_key, line_no), static reports on (mmsi, ts, msg_key, line_no), bad lines on (line_no, reason),
each with its input's file name, i.e. which copy of a repeated message was kept as well as how many. With ``--samples N`` the
archive run's events are printed too (``archive |`` lines). Every plain NMEA file is run a second
time with its input cut into byte ranges (``--set store.split_min_mb=0``), and a last row runs all
of ``ais_nmea/`` in one command (both paths), as a user pointing ``seasentry run`` at the folder.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
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


BASE_TIME = "2020-01-01T00:00:00Z"


def _ingest(s, f: Path, tmp: Path) -> None:
    kw = {"base_time": BASE_TIME}
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


def write_events(path: Path, name: str, s) -> None:
    """Append every event of the store to a JSON-lines file (before/after comparisons)."""
    with open(path, "a", encoding="utf-8") as fo:
        for r in query_events(s).iter_rows(named=True):
            fo.write(json.dumps({"corpus": name, "type": r["type"], "mmsi": r["mmsi"],
                                 "name": r["v_name"], "start": r["start"], "end": r["end"],
                                 "details": json.loads(r["details"]) if r["details"] else None},
                                default=str) + "\n")


def run_archive(f: Path, tmp: Path, tag: str, extra: tuple = ()) -> tuple[int, str, Path, Path]:
    """``seasentry run FILE --archive DIR --db DB -q`` in a subprocess, as a user runs it (the
    options of :func:`run_one`, then ``extra``); returns (exit status, its error and warning
    lines, archive, store)."""
    arc, db = tmp / f"arc{tag}", tmp / f"arc{tag}.duckdb"
    opts = ["--base-time", BASE_TIME]
    if f.name == SUEZ:
        (tmp / "arc_suez").mkdir(exist_ok=True)  # the same file name as run_one's: rows compare with it
        f = suez_with_mmsi(f, tmp / "arc_suez" / "suez_mmsi.csv")
        opts = ["--columns", ",".join(f"{k}={v}" for k, v in SUEZ_COLUMNS.items()), "--time-format", SUEZ_TIME]
    p = subprocess.run([sys.executable, "-m", "seasentry", "run", str(f), "--archive", str(arc), "--db", str(db),
                        "-q", *opts, *extra], capture_output=True, text=True, env=os.environ | {"COLUMNS": "200"})
    tail = " / ".join(ln.strip() for ln in (p.stderr + p.stdout).splitlines()
                      if ln.startswith(("Error", "error", "warning", "Usage", "failed")))[:300]
    return p.returncode, tail, arc, db


def archive_ranges(arc: Path) -> int:
    """Byte ranges the archive ingest read (the sum over its inputs; 1 for an input read whole)."""
    from seasentry.distributed.ingest import archive_sources

    return sum(len(x.get("ranges") or [None]) for x in archive_sources(str(arc)))


def compare_archive(name: str, f: Path, tmp: Path, tag: str, emb: dict, window_s: float, samples: int,
                    cut: bool) -> dict:
    """One row of the comparison: ``f`` through ``seasentry run --archive`` against ``emb``
    (:func:`store_side` of the embedded store); with ``cut`` once more with every plain NMEA input
    cut into byte ranges (``--set store.split_min_mb=0``: ranges of a few kB, cuts between the
    sentences of multipart messages included)."""
    rc, tail, arc, db = run_archive(f, tmp, tag)
    a = seasentry.open(db) if db.exists() else None
    side = archive_side(a.con, arc, window_s) if a is not None else None
    row = compare(name, emb, side, rc, tail)
    if samples and a is not None:
        sample(f"archive | {name}", a, samples)
    if a is not None:
        a.close()
    if cut:
        rc, tail, arc, db = run_archive(f, tmp, tag + "c", ("--set", "store.split_min_mb=0"))
        a = seasentry.open(db) if db.exists() else None
        side = archive_side(a.con, arc, window_s) if a is not None else None
        c = compare(name, emb, side, rc, tail)
        row["cut: ranges, identical (ids / content), rows in one path only"] = (
            f"{archive_ranges(arc) if side else '-'}, {c['identical (ids / content)']}, "
            f"{c['rows in one path only (pos / static / bad)']}")
        if a is not None:
            a.close()
    else:
        row["cut: ranges, identical (ids / content), rows in one path only"] = "-"
    row["archive said"] = row.pop("archive said")
    return row


def _q(con, sql: str) -> pl.DataFrame:
    from seasentry.distributed.archive import query_arrow

    return pl.from_arrow(query_arrow(con, sql))


def _cols(keys) -> str:
    return ", ".join(f'"{k}"' for k in keys)


EVENT_ID_FIELDS = ("event_id", "type", "mmsi", "other_mmsi", "start")
EVENT_FIELDS = (*EVENT_ID_FIELDS, "end", "lat", "lon", "zone", "details", "confidence")
POSITION_KEY = ("src", "mmsi", "ts", "lat", "lon", "msg_key", "line_no")
STATIC_KEY = ("src", "mmsi", "ts", "msg_key", "line_no")
REJECT_KEY = ("src", "line_no", "reason")


def store_side(con) -> dict:
    """What the embedded store kept (rows, rejects, vessels, events)."""
    t = {x: f"(SELECT * FROM {x})" for x in ("positions", "statics", "rejects")} | {"other": "(SELECT * FROM other_messages)"}
    src = pl.from_records(con.execute("SELECT source_id, name, source_id AS rank FROM sources").fetchall(),
                          schema=["source_id", "name", "rank"], orient="row")
    return _side(con, t, src)


def archive_side(con, arc: Path, window_s: float) -> dict | None:
    """What the archive kept, read as the engine reads it (repeats removed by the store's rule,
    :func:`seasentry.distributed.archive.dedup_relation`), and its store's vessels and events."""
    from seasentry.distributed import archive as A
    from seasentry.distributed.ingest import archive_sources

    if not (arc / A.MANIFEST).exists():
        return None
    t = {}
    for x in ("positions", "statics"):
        t[x] = A.dedup_relation(con, str(arc), x, window_s) if list(arc.glob(f"{x}/*/*.parquet")) else None
    for x in ("other", "rejects"):
        t[x] = f"(SELECT * FROM read_parquet('{arc}/{x}/*.parquet'))" if list(arc.glob(f"{x}/*.parquet")) else None
    recs = [x for x in archive_sources(str(arc)) if "source_id" in x]
    src = pl.DataFrame({"source_id": [int(x["source_id"]) for x in recs], "name": [x["name"] for x in recs],
                        "rank": [int(x["rank"]) for x in recs]}, schema={"source_id": pl.Int64, "name": pl.Utf8,
                                                                          "rank": pl.Int64})
    if t["other"]:
        # the other messages carry no _arrival and nothing reads them de-duplicated: the store's rule
        # applied here in arrival order (the input's rank, then its lines: the framer's order but
        # for multipart messages, completed at their last sentence)
        con.register("_arc_src", src.to_arrow())
        o = _q(con, f"SELECT o.*, epoch_us(o.ts) AS t FROM {t['other']} o JOIN _arc_src s USING (source_id) "
                    f"ORDER BY s.rank, o.line_no")
        rep = A.repeat_flags(o["mmsi"].fill_null(-1).to_numpy(), o["msg_key"].fill_null(0).to_numpy(),
                             o["t"].to_numpy(), np.arange(o.height), int(round(window_s * 1e6)))
        con.register("_arc_other", o.filter(pl.Series(~rep)).drop("t").to_arrow())
        t["other"] = "(SELECT * FROM _arc_other)"
    return _side(con, t, src)


def _side(con, t: dict, src: pl.DataFrame) -> dict:
    """``src``: (source_id, name, rank) of the inputs; rows are compared with their input's file name."""
    con.register("_side_src", src.with_columns(
        src=pl.col("name").map_elements(lambda n: Path(n).name, return_dtype=pl.Utf8)).to_arrow())
    empty = {"positions": pl.DataFrame(schema={k: (pl.Utf8 if k == "src" else pl.Int64) for k in POSITION_KEY}),
             "statics": pl.DataFrame(schema={k: (pl.Utf8 if k == "src" else pl.Int64) for k in STATIC_KEY}),
             "rejects": pl.DataFrame(schema={"src": pl.Utf8, "line_no": pl.Int64, "reason": pl.Utf8})}
    out = {}
    for x, keys in (("positions", POSITION_KEY), ("statics", STATIC_KEY), ("rejects", REJECT_KEY)):
        out[x] = (_q(con, f"SELECT {', '.join('s.src' if k == 'src' else f'x.{k}' for k in keys)} FROM {t[x]} x "
                          f"LEFT JOIN _side_src s USING (source_id)") if t[x] else empty[x])
    out["other"] = con.execute(f"SELECT count(*) FROM {t['other']}").fetchone()[0] if t["other"] else 0
    out["vessels"] = con.execute("SELECT count(*) FROM vessels").fetchone()[0]
    out["events"] = _q(con, f"SELECT {_cols(EVENT_FIELDS)} FROM events")
    con.unregister("_side_src")
    return out


def _rows_one_side(a: pl.DataFrame, b: pl.DataFrame) -> int:
    """Rows (as a multiset) in one frame and not the other, both ways."""
    if a.height == 0 or b.height == 0:
        return a.height + b.height
    b = b.cast(a.schema)
    ca = a.group_by(a.columns).len()
    cb = b.group_by(b.columns).len()
    j = ca.join(cb, on=a.columns, how="full", nulls_equal=True, coalesce=True).fill_null(0)
    return int((j["len"].cast(pl.Int64) - j["len_right"].cast(pl.Int64)).abs().sum())


def _event_set(ev: pl.DataFrame, fields) -> set:
    rows = ev.select(fields).with_columns(
        *[pl.col(c).round(9) for c in ("lat", "lon") if c in fields]).rows()
    return set(rows)


def _fmt_side(d: dict) -> dict:
    pos, sta = d["positions"], d["statics"]
    by_reason = d["rejects"]["reason"].value_counts().sort("reason").rows()
    by_type = d["events"]["type"].value_counts().sort("type").rows()
    return {"positions": pos.height, "rows (pos + static + other)": pos.height + sta.height + d["other"],
            "bad lines": ", ".join(f"{k} {v}" for k, v in by_reason) or "-",
            "vessels": d["vessels"], "events": ", ".join(f"{k} {v}" for k, v in by_type) or "-"}


def compare(name: str, emb: dict, arc: dict | None, rc: int, tail: str) -> dict:
    e = _fmt_side(emb)
    row = {"corpus": name, "archive exit": rc}
    if arc is None:
        row |= {f"{k} (db / archive)": f"{v} / -" for k, v in e.items()}
        row |= {"identical (ids / content)": "no archive", "rows in one path only (pos / static / bad)": "-",
                "archive said": tail}
        return row
    a = _fmt_side(arc)
    for k in e:
        row[f"{k} (db / archive)"] = f"{e[k]}" if e[k] == a[k] else f"{e[k]} / {a[k]}"
    ids = _event_set(emb["events"], EVENT_ID_FIELDS) == _event_set(arc["events"], EVENT_ID_FIELDS)
    full = _event_set(emb["events"], EVENT_FIELDS) == _event_set(arc["events"], EVENT_FIELDS)
    row["identical (ids / content)"] = f"{'yes' if ids else 'NO'} / {'yes' if full else 'NO'}"
    row["rows in one path only (pos / static / bad)"] = " / ".join(
        str(_rows_one_side(emb[x], arc[x])) for x in ("positions", "statics", "rejects"))
    row["archive said"] = tail
    return row


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
    ap.add_argument("--compare-archive", action="store_true",
                    help="also run `seasentry run --archive` on every corpus and compare it with the embedded store")
    ap.add_argument("--folder", action="append", default=None, metavar="SUBDIR",
                    help="with --compare-archive: also run every file of this folder of --shared in one command, "
                         "both paths (repeatable; default ais_nmea without --only)")
    args = ap.parse_args()
    files = corpora(args.shared)
    if args.only:
        files = [f for f in files if args.only in str(f)]
    if not files and not (args.compare_archive and args.folder):
        raise SystemExit(f"no corpora under {args.shared}")
    rows, extra, cmp_rows = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(str(f.relative_to(args.shared)), f, i) for i, f in enumerate(files)]
        if args.together:
            jobs.append(("all corpora together", None, len(files)))
        for name, f, i in jobs:
            s, rep = run_one(f, Path(tmp), i) if f is not None else run_together(files, Path(tmp))
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
                write_events(args.events_out, name, s)
            if args.compare_archive and f is not None:
                cut = f.suffix not in (".gz", ".csv")
                cmp_rows.append(compare_archive(name, f, Path(tmp), str(i), store_side(s.con),
                                                s.config.ingest.dedup_window_s, args.samples, cut))
            s.close()
        folders = args.folder if args.folder is not None else ([] if args.only else ["ais_nmea"])
        for k, sub in enumerate(folders if args.compare_archive else []):
            # every NMEA file of a folder in one run, as `seasentry run ../shared/data/ais_nmea/` reads
            # them: inputs in the order found, repeats across files, each with its arrival rank
            d = args.shared / sub
            name = f"{sub.rstrip('/')}/ (every file, one run)"
            s = seasentry.open(Path(tmp) / f"dir{k}.duckdb")
            s.ingest([str(d)], base_time=BASE_TIME)
            detect(s, screen=False)
            if args.samples:
                sample(name, s, args.samples)
            cmp_rows.append(compare_archive(name, d, Path(tmp), f"dir{k}", store_side(s.con),
                                            s.config.ingest.dedup_window_s, args.samples, True))
            s.close()
    if rows:
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
    if args.compare_archive:
        print("\nembedded store (`seasentry run --db`) against the archive (`seasentry run --archive`); "
              "one value where both agree, else db / archive")
        cols = list(cmp_rows[0])
        print("| " + " | ".join(cols) + " |")
        print("|" + "---|" * len(cols))
        for r in cmp_rows:
            print("| " + " | ".join(f"`{v}`" if k == "corpus" else str(v) for k, v in r.items()) + " |")
        same = sum(r["identical (ids / content)"] == "yes / yes" for r in cmp_rows)
        print(f"events identical (ids and content) on {same} of {len(cmp_rows)} rows; the archive run failed on "
              f"{sum(r['archive exit'] != 0 for r in cmp_rows)}")


if __name__ == "__main__":
    main()
