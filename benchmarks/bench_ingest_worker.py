#!/usr/bin/env python
"""CPU seconds of one bulk ingest worker, in-process, and where they go.

    python benchmarks/bench_ingest_worker.py FILE [--reps 2] [--set store.sort_messages=1 ...]
    PYTHONPATH=/tmp/old/src python benchmarks/bench_ingest_worker.py FILE   # another checkout's code

Runs ``seasentry.ingest.bulk._ingest_worker`` (what a pool process runs for its share of a bulk
ingest: frame, decode, flag local repeats, sort by MMSI bucket, write the Parquet part files)
on FILE into a scratch directory, once not timed (numba kernels, imports), then ``--reps``
times. Printed per timed run, as JSON: ``cpu`` (process CPU seconds of the whole call; ``user``,
``sys`` and ``minflt``, its user and system seconds and minor page faults, from getrusage), the CPU
seconds spent inside some of its functions (wrapped timers, nested: ``_take`` holds
``_local_repeats`` and ``_by_bucket``; ``write_pieces`` holds ``wt:*``, ParquetWriter.write_table
per table, and ``_candidates``; ``fad`` is ``fast.frame_and_decode``, holding ``fad:_frame`` (framing
and multipart assembly) and ``fad:_build`` (decoding, cleaning, Arrow tables), which holds
``fad:decode_columns``), the size of the files written, and digests: ``files`` of the
worker's file list with its per-file stats, ``records`` of its counts, ``data`` of every part
file's schema, row groups and rows (the last run only), so that two versions of the code can be
checked to write the same store. ``--no-timers``: none of the wrapped timers (each is a
``clock_gettime`` system call; they held 12-13 % of a py-spy profile's samples), for profiles and
for the worker's CPU as a pool process spends it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--buckets", type=int, default=64)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a config setting")
    ap.add_argument("--tmp", default=None, help="scratch directory (default: the system's)")
    ap.add_argument("--faults", action="store_true", help="also print the minor page faults inside each timed function")
    ap.add_argument("--no-timers", action="store_true", help="no per-function timers (whole-call CPU and digests only)")
    ap.add_argument("--reject-rows", type=int, default=None,
                    help="bulk._RejectWriter.BUFFER_ROWS (1: a row group per block, as before 2026-12-06)")
    ap.add_argument("--polars-latest", action="store_true",
                    help="the newest positions of each flush by the polars group-by (bulk._latest_rows), as before 2026-12-06")
    a = ap.parse_args()

    import pyarrow.parquet as pq

    from seasentry.config import Config
    from seasentry.distributed.archive import HASH_NAME
    from seasentry.ingest import bulk as B

    acc: dict[str, float] = {}
    flt: dict[str, int] = {}
    if a.reject_rows is not None:
        B._RejectWriter.BUFFER_ROWS = a.reject_rows
    if a.polars_latest:
        B.flush_latest = lambda t: B._latest_rows(t, ~t.column("_dup").to_numpy(zero_copy_only=False))

    def timed(owner, name, label=None):
        fn = getattr(owner, name)
        if a.no_timers:
            return

        def w(*args, **kw):
            t = time.process_time()
            f = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            try:
                return fn(*args, **kw)
            finally:
                acc[label or name] = acc.get(label or name, 0.0) + time.process_time() - t
                flt[label or name] = flt.get(label or name, 0) + resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f
        setattr(owner, name, w)

    for n in ("_by_bucket", "_local_repeats", "_take", "_settle"):
        if hasattr(B, n):
            timed(B, n)
    timed(B._PartWriters, "write_pieces")
    from seasentry.ingest import fast as FA
    for n in ("frame_and_decode", "_frame", "_build", "decode_columns"):
        timed(FA, n, "fad" if n == "frame_and_decode" else "fad:" + n)
    timed(B._PartWriters, "_candidates")
    write_table = pq.ParquetWriter.write_table

    def wt(self, table, *args, **kw):
        t = time.process_time()
        try:
            return write_table(self, table, *args, **kw)
        finally:
            names = table.column_names
            kind = ("rejects" if "reason" in names else "raw" if "raw" in names else "positions" if "lat" in names
                    else "statics" if "imo" in names else "other" if "payload" in names else "latest")
            acc["wt:" + kind] = acc.get("wt:" + kind, 0.0) + time.process_time() - t
    if not a.no_timers:
        pq.ParquetWriter.write_table = wt

    cfg = Config()
    for kv in a.set:
        k, v = kv.split("=", 1)
        cfg = cfg.copy_with(k, v)
    f = Path(a.file)
    spec = {"index": 0, "source_id": 1, "path": str(f), "member": None, "name": f.name, "size": f.stat().st_size}
    for r in range(a.reps + 1):
        d = Path(tempfile.mkdtemp(dir=a.tmp))
        try:
            acc.clear()
            flt.clear()
            t0 = time.process_time()
            ru0 = resource.getrusage(resource.RUSAGE_SELF)
            out = B._ingest_worker(0, [spec], str(d), a.buckets, HASH_NAME, "r", cfg, None, "auto")
            cpu = time.process_time() - t0
            ru1 = resource.getrusage(resource.RUSAGE_SELF)
            if not r:
                continue
            size = sum(p.stat().st_size for p in d.rglob("*.parquet"))
            row = {"cpu": round(cpu, 3), "user": round(ru1.ru_utime - ru0.ru_utime, 3),
                   "sys": round(ru1.ru_stime - ru0.ru_stime, 3), "minflt": ru1.ru_minflt - ru0.ru_minflt, **{k: round(v, 3) for k, v in sorted(acc.items())},
                   "MB": round(size / 1e6, 1), **({"minflt_in": dict(sorted(flt.items()))} if a.faults else {}),
                   "files": hashlib.md5(repr(out["files"]).encode()).hexdigest()[:8],
                   "records": hashlib.md5(repr([sorted((k, v) for k, v in x.items() if k != "seconds")
                                                for x in out["records"]]).encode()).hexdigest()[:8]}
            if r == a.reps:
                h = hashlib.md5()
                for p in sorted(d.rglob("*.parquet")):
                    pf = pq.ParquetFile(p)
                    h.update(str(p.relative_to(d)).encode())
                    h.update(str(pf.metadata.num_row_groups).encode())
                    h.update(repr(pf.read().to_pydict()).encode())
                row["data"] = h.hexdigest()[:8]
            print(json.dumps(row), flush=True)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
