#!/usr/bin/env python
"""CPU seconds of the per-vessel detection stage on a store made by ``seasentry run``.

    python benchmarks/bench_vessel_stage.py STORE.duckdb [--repeat 2] [--out DIR] [--only build_tracks,...]

Reads every bucket of the store as detection plans them (``engine.plan_buckets``: the same
sources and chunking the embedded engine uses) and calls
:func:`seasentry.distributed.partition.vessel_stage` on each, in this process; the functions the
stage calls (track building, each detector, the gap candidates, the resampling and the cells)
are wrapped with process-CPU timers. One thread per library, as in the detection workers. Reading the buckets is timed apart and not in the stage.

Prints one table: CPU s per function (best of ``--repeat`` passes over all buckets; nested
calls counted in each function that holds them, so rows do not add up) and the stage's total.
``--out DIR`` writes the stage's outputs (events, gap candidates, reception tables, cell points,
identity quality, IMO blocks and their positions), concatenated over the buckets in bucket
order, as Parquet files (the events with the ids the driver's finalize gives them) and prints a
digest of each (of its rows sorted): two runs of the script on the same store
(before/after a change) must print the same digests.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import sys
import time
from pathlib import Path

#: One thread per library, as in the detection workers (seasentry.pool.WORKER_ENV), set before
#: polars and numba load.
for _k in ("POLARS_MAX_THREADS", "OMP_NUM_THREADS", "NUMBA_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_k, "1")

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import seasentry  # noqa: E402
from seasentry.distributed import archive as A  # noqa: E402
from seasentry.distributed import partition as P  # noqa: E402
from seasentry.detect._common import finalize_events  # noqa: E402
from seasentry.engine import plan_buckets  # noqa: E402

#: Functions of partition's namespace that vessel_stage calls (wrapped with CPU timers).
WRAPPED = ("build_tracks", "build_tracks_trust", "detect_loitering", "detect_port_visits", "detect_zone_crossings",
           "detect_spoofing", "clean_statics", "_changes_events", "imo_blocks", "_position_at",
           "identity_quality", "vessel_tracks", "reception_table", "gap_candidates", "resample",
           "cell_points", "group_cells")


def cpu() -> float:
    return time.process_time()


def wrap(acc: dict, name: str, fn):
    def inner(*a, **k):
        t = cpu()
        try:
            return fn(*a, **k)
        finally:
            acc[name] = acc.get(name, 0.0) + cpu() - t
    return inner


def read_sources(store, cfg):
    plan = plan_buckets(store, cfg)
    out = []
    for s in plan.sources:
        if isinstance(s, tuple):
            pos, sta = pl.from_arrow(s[0]), pl.from_arrow(s[1])
            out.append((-1, pos, sta))
            continue
        k = int(-(-s.n_positions // int(cfg.store.chunk_positions)))
        parts = [None] if k <= 1 else [(g, k) for g in range(k)]
        for part in parts:
            pos, sta = A.read_store_bucket(s, part)
            out.append((s.bucket, pos, sta))
    return plan, out


def digest(df: pl.DataFrame | None) -> str:
    """Hash of the rows in sorted order (some outputs, e.g. ``unique`` results, come in no
    fixed row order)."""
    if df is None:
        return "none"
    df = df.sort(df.columns, nulls_last=True, maintain_order=True).rechunk()  # bytes of the rows, not of the chunks
    buf = io.BytesIO()
    df.write_ipc(buf)
    return f"{df.height} rows {hashlib.sha256(buf.getvalue()).hexdigest()[:16]}"


def outputs(states) -> dict[str, pl.DataFrame | None]:
    def cat(frames):
        frames = [f for f in frames if f is not None and f.height]
        return pl.concat(frames, how="vertical_relaxed") if frames else None

    gaps = []
    for st in states:
        g = st.gaps
        if g is None:
            continue
        gaps.append(pl.DataFrame({k: (np.asarray(v) if not isinstance(v, list) else [repr(x) for x in v])
                                  for k, v in vars(g).items()}))
    ev = cat([s.events for s in states])
    # the stage's events carry no ids (the driver assigns them): digested as the driver ids them
    return {"events": None if ev is None else finalize_events(ev), "gaps": cat(gaps),
            "reception": cat([s.reception for s in states]), "cell_pts": cat([s.cell_pts for s in states]),
            "quality": cat([s.quality for s in states]), "blocks": cat([s.blocks for s in states]),
            "block_positions": cat([s.block_positions for s in states]),
            "hours": pl.DataFrame({"h0": [s.hours[0] if s.hours else None for s in states],
                                   "h1": [s.hours[1] if s.hours else None for s in states]})}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("store")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    store = seasentry.open(a.store, read_only=True)
    cfg = store.config if hasattr(store, "config") else seasentry.Config()
    geo = P.worker_geography(())
    t = cpu()
    plan, sources = read_sources(store, cfg)
    read_cpu = cpu() - t
    n_groups = plan.groups or 1
    acc: dict = {}
    orig = {n: getattr(P, n) for n in WRAPPED if hasattr(P, n)}
    for n, f in orig.items():
        setattr(P, n, wrap(acc, n, f))
    best = None
    states = None
    try:
        for _ in range(max(1, a.repeat)):
            acc.clear()
            t = cpu()
            states = [P.vessel_stage(b, pos, sta, cfg, geo, n_groups) for b, pos, sta in sources]
            total = cpu() - t
            if best is None or total < best[0]:
                best = (total, dict(acc))
    finally:
        for n, f in orig.items():
            setattr(P, n, f)
    total, per = best
    npos = sum(pos.height for _, pos, _ in sources)
    la = os.getloadavg()
    print(f"store {a.store}: {npos:,} positions in {len(sources)} stage calls; reading {read_cpu:.2f} CPU s; "
          f"load average {la[0]:.1f}")
    print("| function | CPU s (best pass) | share of the stage |")
    print("|---|---|---|")
    for n, s in sorted(per.items(), key=lambda kv: -kv[1]):
        print(f"| {n} | {s:.2f} | {100 * s / total:.1f} % |")
    print(f"| vessel_stage (all) | {total:.2f} | 100 % |")
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        for name, df in outputs(states).items():
            if df is not None:
                df.write_parquet(os.path.join(a.out, f"{name}.parquet"))
            print(f"{name}: {digest(df)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
