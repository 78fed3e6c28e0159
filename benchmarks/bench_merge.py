#!/usr/bin/env python
"""CPU seconds of a bulk ingest's merge and of the vessels refresh, on a store made by ``seasentry run``.

    python benchmarks/bench_merge.py SCRATCH.duckdb [--repeat 2]
    PYTHONPATH=/tmp/old/src python benchmarks/bench_merge.py SCRATCH.duckdb   # another checkout's code

Use a scratch store (a copy, or one made for this): the vessels refresh rewrites its tables.

``merge``: ``seasentry.ingest.bulk._merge_buckets`` over every bucket of the store's Parquet parts
in this process, each bucket's files taken as a run's new files (nothing stored before): the
exact de-duplication, the per-input counts, the latest positions. On a store one run made, every
flag is already what the merge finds, so no file is rewritten and the store is unchanged.
``refresh_vessels``: ``Store.refresh_vessels()`` (vessels and vessel_identities rebuilt from the
positions and statics, as ``seasentry run`` does beside the detectors).

Printed per pass, as JSON: process CPU seconds (and system seconds) of each, the merge's files
rewritten, and digests of the merge's output (counts, files, latest positions) and of the
refreshed tables (rows sorted), which two versions of the code must print equal.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from pathlib import Path


def _cpu() -> tuple[float, float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return time.process_time(), r.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store")
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()

    from seasentry.ingest import bulk as B
    from seasentry.store import Store

    st = Store(a.store)
    root = st.layout.root
    new: dict[int, dict[str, list[str]]] = {}
    for tbl, b, path, *_ in st.con.execute("SELECT tbl, bucket, path FROM store_files ORDER BY ALL").fetchall():
        new.setdefault(int(b), {}).setdefault(tbl, []).append(path)
    sids = [r[0] for r in st.con.execute("SELECT source_id FROM sources ORDER BY source_id").fetchall()]
    order = {s: j for j, s in enumerate(sids)}
    w_us = int(round(float(st.config.ingest.dedup_window_s) * B.US))
    items = [(k, new[k], {}, None, {rel: (0, 0, 0, 0) for rels in new[k].values() for rel in rels})
             for k in sorted(new)]
    B._merge_buckets(items[:1], str(root), order, w_us, 1 << 30, "bench")  # kernels loaded, not timed
    for _ in range(a.repeat):
        c0, s0 = _cpu()
        out = B._merge_buckets(items, str(root), order, w_us, 1 << 30, "bench")
        c1, s1 = _cpu()
        st.refresh_vessels()
        c2, s2 = _cpu()
        merged = hashlib.md5(repr([(m["counts"], m["files"], m["delete"],
                                    None if m["latest"] is None else m["latest"].to_pydict()) for m in out])
                             .encode()).hexdigest()[:10]
        tables = {t: hashlib.md5(repr(st.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()).encode())
                  .hexdigest()[:10] for t in ("vessels", "vessel_identities")}
        print(json.dumps({"buckets": len(items), "merge_cpu": round(c1 - c0, 2), "merge_sys": round(s1 - s0, 2),
                          "rewritten": sum(len(m["delete"]) for m in out), "merge_digest": merged,
                          "refresh_vessels_cpu": round(c2 - c1, 2), "refresh_vessels_sys": round(s2 - s1, 2),
                          **{f"{t}_digest": d for t, d in tables.items()}}), flush=True)
    st.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
