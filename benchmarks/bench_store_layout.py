#!/usr/bin/env python
"""Store layout benchmark: DuckDB tables vs Parquet files partitioned by day.

    python benchmarks/bench_store_layout.py [--positions 2000000] [--batches 20]

The ingest issue left the layout open ("Parquet partitions by day or DuckDB tables; your call,
measured"). This writes the same synthetic positions (schema.POSITIONS, N vessels over 4 days)
both ways, in ingest-sized batches, each batch de-duplicated against what is stored (the
operation ingest needs), then times the reads the rest of the system does: one vessel's track,
one day in a bounding box, and a full scan for detection. It prints one table.

- duckdb: `Store.write_batch` (anti-join on msg_key/ts inside the transaction, then insert).
- parquet: one file per (day, batch) under day=YYYY-MM-DD/, de-duplicated by an anti-join of the
  batch against the already written files of the same days (read with DuckDB's read_parquet).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

import seasentry
from seasentry import schema as S


def make_batches(n: int, batches: int, seed: int = 1) -> list[pa.Table]:
    rng = np.random.default_rng(seed)
    vessels = 2000
    mmsi = rng.integers(200_000_000, 780_000_000, vessels)
    t0 = 1714521600 * 1_000_000
    per = n // batches
    out = []
    for b in range(batches):
        v = rng.integers(0, vessels, per)
        ts = t0 + np.sort(rng.integers(b * 4 * 86400 // batches, (b + 1) * 4 * 86400 // batches, per)) * 1_000_000
        df = pl.DataFrame({
            "mmsi": mmsi[v], "ts": pl.Series(ts).cast(pl.Datetime("us")),
            "lat": 33 + rng.random(per) * 5, "lon": 11 + rng.random(per) * 8,
            "sog": rng.random(per).astype(np.float32) * 15, "cog": rng.random(per).astype(np.float32) * 360,
            "heading": rng.integers(0, 360, per).astype(np.int16), "nav_status": np.zeros(per, np.int8),
            "rot": np.zeros(per, np.float32), "accuracy": np.ones(per, bool), "second": np.zeros(per, np.int8),
            "msg_type": np.ones(per, np.int8), "station": ["s1"] * per, "time_source": ["tagblock"] * per,
            "source_id": np.ones(per, np.int32), "line_no": np.arange(b * per, (b + 1) * per, dtype=np.int64),
            "msg_key": rng.integers(-2**62, 2**62, per), "rot_raw": np.zeros(per, np.int8),
        })
        out.append(df.to_arrow().cast(S.POSITIONS))
    return out


def bench_duckdb(tmp: Path, batches: list[pa.Table]) -> dict:
    s = seasentry.open(tmp / "d.duckdb")
    t = time.perf_counter()
    for b in batches:
        raw = pa.table({"msg_key": b["msg_key"], "ts": b["ts"], "source_id": b["source_id"],
                        "line_no": b["line_no"], "raw": pa.nulls(b.num_rows, pa.string())}, schema=S.RAW)
        s.write_batch(b, S.STATICS.empty_table(), S.OTHER.empty_table(), raw, S.REJECTS.empty_table())
    w = time.perf_counter() - t
    s.con.execute("CHECKPOINT")
    m = int(batches[0]["mmsi"][0].as_py())
    r = {"write_s": w}
    r["track_s"] = _t(lambda: s.con.execute("SELECT * FROM positions WHERE mmsi = ? ORDER BY ts", [m]).to_arrow_table())
    r["day_bbox_s"] = _t(lambda: s.con.execute(
        "SELECT * FROM positions WHERE ts >= '2024-05-02' AND ts < '2024-05-03' AND lon BETWEEN 13 AND 15 "
        "AND lat BETWEEN 34 AND 36").to_arrow_table())
    r["scan_s"] = _t(lambda: s.con.execute("SELECT mmsi, ts, lat, lon, sog FROM positions").to_arrow_table())
    s.close()
    r["mb"] = sum(p.stat().st_size for p in tmp.glob("d.duckdb*")) / 1e6
    return r


def bench_parquet(tmp: Path, batches: list[pa.Table]) -> dict:
    root = tmp / "pq"
    root.mkdir()
    con = duckdb.connect()
    t = time.perf_counter()
    for i, b in enumerate(batches):
        df = pl.from_arrow(b).with_columns(day=pl.col("ts").dt.strftime("%Y-%m-%d"))
        for (day,), part in df.group_by(["day"]):
            d = root / f"day={day}"
            d.mkdir(exist_ok=True)
            existing = list(d.glob("*.parquet"))
            part = part.drop("day")
            if existing:
                con.register("b", part.to_arrow())
                keep = con.execute(
                    f"SELECT b.* FROM b ANTI JOIN read_parquet({[str(p) for p in existing]}) r "
                    "ON r.msg_key = b.msg_key AND abs(epoch(r.ts) - epoch(b.ts)) <= 30").to_arrow_table()
                con.unregister("b")
            else:
                keep = part.to_arrow()
            pl.from_arrow(keep).write_parquet(d / f"part-{i:05d}.parquet")
    w = time.perf_counter() - t
    glob = str(root / "day=*" / "*.parquet")
    m = int(batches[0]["mmsi"][0].as_py())
    r = {"write_s": w}
    r["track_s"] = _t(lambda: con.execute(f"SELECT * FROM read_parquet('{glob}') WHERE mmsi = ? ORDER BY ts",
                                          [m]).to_arrow_table())
    r["day_bbox_s"] = _t(lambda: con.execute(
        f"SELECT * FROM read_parquet('{root}/day=2024-05-02/*.parquet') WHERE lon BETWEEN 13 AND 15 "
        "AND lat BETWEEN 34 AND 36").to_arrow_table())
    r["scan_s"] = _t(lambda: con.execute(f"SELECT mmsi, ts, lat, lon, sog FROM read_parquet('{glob}')").to_arrow_table())
    r["mb"] = sum(p.stat().st_size for p in root.rglob("*.parquet")) / 1e6
    return r


def _t(fn) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--positions", type=int, default=2_000_000)
    ap.add_argument("--batches", type=int, default=20)
    a = ap.parse_args()
    batches = make_batches(a.positions, a.batches)
    tmp = Path(tempfile.mkdtemp())
    try:
        rows = [("duckdb tables", bench_duckdb(tmp, batches)), ("parquet by day", bench_parquet(tmp, batches))]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{a.positions:,} positions in {a.batches} batches, each de-duplicated against the store")
    print(f"{'layout':16} {'write s':>8} {'rows/s':>10} {'track s':>8} {'day+bbox s':>10} {'scan s':>7} {'MB':>7}")
    for name, r in rows:
        print(f"{name:16} {r['write_s']:>8.2f} {a.positions / r['write_s']:>10,.0f} {r['track_s']:>8.3f} "
              f"{r['day_bbox_s']:>10.3f} {r['scan_s']:>7.3f} {r['mb']:>7.1f}")


if __name__ == "__main__":
    main()
