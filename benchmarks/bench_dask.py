#!/usr/bin/env python
"""Dask engine benchmark: embedded engine vs the Dask engine with 1 and 2 workers.

    python benchmarks/bench_dask.py                         # ~2M positions
    python benchmarks/bench_dask.py --positions 10000000    # up to 50M (disk: ~1.5 GB per 10M)
    python benchmarks/bench_dask.py --workdir /tmp/bd --keep   # reuse the corpus and store next time

The corpus comes from the project's scenario generator (``seasentry.scenario.bulk.write_corpus``:
deterministic ``--seed``; chunks of ``--vessels`` vessels over ``--hours`` laid end to end in time)
and is ingested into a DuckDB store (fast decoder), then exported once to a Parquet archive
(``seasentry export parquet``; its time is reported separately). Each contender then runs in its
own Python process, so peak RSS is its own:

- embedded: ``load_inputs`` + ``detect_events`` from the store (polars uses every core);
  each contender runs twice: "cold" (first run: geography loaded, kernels warmed) and "warm";
- dask N: ``run_dask`` over the archive on a fresh LocalCluster of N single-threaded worker
  processes (POLARS_MAX_THREADS=1 each); wall time excludes starting the cluster (reported).

Every contender's events are checked to be identical to the embedded engine's (count and a
hash of every row). Peak RSS: ``getrusage`` max RSS of the client process and of each worker
process. Screening and writing the events table are the same for both engines and left out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _digest(ev) -> str:
    h = hashlib.sha256()
    for row in ev.iter_rows():
        h.update(repr(row).encode())
    return h.hexdigest()[:16]


def one(args) -> dict:
    """Run one contender in this process; returns a JSON-able result."""
    from seasentry.config import Config

    cfg = Config()
    if args.contender == "embedded":
        from seasentry.detect import detect_events
        from seasentry.engine import load_inputs
        from seasentry.geo import Geography
        from seasentry.store import Store

        store = Store(args.db, read_only=True)
        walls = []
        for _ in range(2):  # cold (geography loaded on first use), then warm
            t0 = time.perf_counter()
            pos, sta = load_inputs(store)
            ev = detect_events(pos, sta, Geography.default(), cfg)
            walls.append(time.perf_counter() - t0)
            del pos, sta
        return {"contender": "embedded", "cold_s": walls[0], "wall_s": walls[1], "positions":
                store.con.execute("SELECT count(*) FROM positions WHERE lat IS NOT NULL").fetchone()[0],
                "events": ev.height, "digest": _digest(ev), "client_rss_mb": _rss_mb(), "worker_rss_mb": []}
    from seasentry.distributed import dask_client, run_dask

    n = int(args.contender.split("-")[1])
    t0 = time.perf_counter()
    with dask_client(n_workers=n, threads_per_worker=1) as client:
        client.run(lambda: __import__("seasentry.distributed.partition") and None)  # imports, not timed
        t_start = time.perf_counter() - t0
        walls = []
        for _ in range(2):  # cold (workers load the geography on their first task), then warm
            stats: dict = {}
            t1 = time.perf_counter()
            ev = run_dask(args.archive, cfg, client=client, stats=stats)
            walls.append(time.perf_counter() - t1)
        wrss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)
    return {"contender": f"dask, {n} worker{'s' if n > 1 else ''}", "cold_s": walls[0], "wall_s": walls[1],
            "startup_s": t_start,
            "positions": stats["positions"], "events": ev.height, "digest": _digest(ev),
            "client_rss_mb": _rss_mb(), "worker_rss_mb": sorted(wrss.values()), "stages": stats["timings"]}


def prepare(args) -> dict:
    from seasentry.config import Config
    from seasentry.distributed import export_parquet
    from seasentry.ingest.pipeline import ingest
    from seasentry.scenario.bulk import write_corpus
    from seasentry.store import Store

    wd = Path(args.workdir)
    wd.mkdir(parents=True, exist_ok=True)
    info_p = wd / "prepared.json"
    key = {"positions": args.positions, "seed": args.seed, "hours": args.hours, "vessels": args.vessels}
    if info_p.exists():
        info = json.loads(info_p.read_text())
        if info.get("key") == key:
            return info
    per_chunk = 38.0 * args.vessels * args.hours  # positions per vessel-hour of the generator, measured
    scale = max(1, round(args.positions / per_chunk))
    t0 = time.perf_counter()
    summary = write_corpus(wd / "corpus", seed=args.seed, hours=args.hours, vessels=args.vessels, scale=scale,
                           progress=lambda k, n, p: print(f"  corpus chunk {k}/{n}: {p:,} positions",
                                                          file=sys.stderr))
    t_gen = time.perf_counter() - t0
    db = wd / "store.duckdb"
    for p in (db, wd / "store.duckdb.wal"):
        if p.exists():
            p.unlink()
    store = Store(db, config=Config())
    t0 = time.perf_counter()
    try:
        ingest(store, [str(wd / "corpus" / "scenario.nmea")], decoder="fast")
    except (KeyError, ValueError):
        ingest(store, [str(wd / "corpus" / "scenario.nmea")])
    t_ing = time.perf_counter() - t0
    t0 = time.perf_counter()
    rep = export_parquet(store, str(wd / "archive"), overwrite=True)
    t_exp = time.perf_counter() - t0
    store.close()
    info = {"key": key, "db": str(db), "archive": str(wd / "archive"), "chunks": scale,
            "lines": summary["lines"], "positions": rep.positions, "buckets": rep.buckets,
            "generate_s": t_gen, "ingest_s": t_ing, "export_s": t_exp,
            "archive_mb": sum(f.stat().st_size for f in (wd / "archive").rglob("*.parquet")) / 1e6}
    info_p.write_text(json.dumps(info, indent=2))
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--positions", type=int, default=2_000_000, help="target corpus size (max 50M)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hours", type=float, default=48.0, help="hours per corpus chunk")
    ap.add_argument("--vessels", type=int, default=150, help="vessels per corpus chunk")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    ap.add_argument("--workdir", default=None, help="where the corpus, store and archive go (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep --workdir (reused when the options match)")
    ap.add_argument("--contender", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--archive", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.contender:
        print(json.dumps(one(args)))
        return
    if not 10_000 <= args.positions <= 50_000_000:
        ap.error("--positions must be between 10k and 50M")
    import shutil
    import tempfile

    tmp = None
    if args.workdir is None:
        tmp = tempfile.mkdtemp(prefix="seasentry-bench-dask-")
        args.workdir = tmp
    try:
        info = prepare(args)
        print(f"corpus: {info['positions']:,} positions ({info['chunks']} chunks of {args.vessels} vessels x "
              f"{args.hours:g} h, seed {args.seed}); archive {info['buckets']} buckets, "
              f"{info['archive_mb']:.0f} MB, export {info['export_s']:.1f} s", file=sys.stderr)
        results = []
        for c in ["embedded"] + [f"dask-{int(n)}" for n in args.workers.split(",")]:
            cmd = [sys.executable, __file__, "--contender", c, "--db", info["db"], "--archive", info["archive"]]
            p = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ))
            if p.returncode != 0:
                sys.exit(f"{c} failed:\n{p.stderr[-3000:]}")
            results.append(json.loads(p.stdout.strip().splitlines()[-1]))
            print(f"  {c}: {results[-1]['cold_s']:.1f} s cold, {results[-1]['wall_s']:.1f} s warm", file=sys.stderr)
        ref = results[0]
        print(f"\nDask engine vs embedded engine: {info['positions']:,} positions, {ref['events']:,} events, "
              f"{os.cpu_count()} cores\n")
        hdr = f"| {'engine':<16} | {'cold s':>6} | {'warm s':>6} | {'positions/s':>11} | {'vs embedded':>11} | " \
              f"{'client peak RSS MB':>18} | {'worker peak RSS MB':>18} | {'cluster start s':>15} | same events |"
        print(hdr)
        print("|" + "|".join("-" * (len(x)) for x in hdr.split("|")[1:-1]) + "|")
        for r in results:
            same = "yes" if (r["events"], r["digest"]) == (ref["events"], ref["digest"]) else "NO"
            w = ", ".join(f"{x:.0f}" for x in r["worker_rss_mb"]) or "-"
            st = f"{r['startup_s']:.1f}" if "startup_s" in r else "-"
            print(f"| {r['contender']:<16} | {r['cold_s']:>6.1f} | {r['wall_s']:>6.1f} | {r['positions'] / r['wall_s']:>11,.0f} | "
                  f"{ref['wall_s'] / r['wall_s']:>10.2f}x | {r['client_rss_mb']:>18.0f} | {w:>18} | {st:>15} | "
                  f"{same:<11} |")
        for r in results[1:]:
            print(f"\n{r['contender']} stages of the warm run (s): " + ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items()))
        if any(r["digest"] != ref["digest"] for r in results):
            sys.exit("events differ from the embedded engine's")
    finally:
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
