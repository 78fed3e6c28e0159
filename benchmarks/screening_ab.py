"""Screening throughput of two source trees, A/B interleaved on a noisy machine.

    python benchmarks/screening_ab.py OTHER/src [--rounds 4] [--passes 3] [--queries 10000]
                                      [--data ../shared/data]

Compares this checkout's ``src`` (B) with another tree's ``src`` (A; e.g. ``git archive 7ff7c86 src
| tar -x -C /tmp/base`` then ``/tmp/base/src``): ``--rounds`` times, one process for A then one for B
(alternating, so both see the same load), each building the index of the UN consolidated list and
OFAC SDN, loading the compiled kernels, then screening the 10,000 names of ``bench_screening.py``
``--passes`` times from cold caches and reporting the CPU seconds of each pass (one core: the
process is single-threaded). Printed per tree: queries/s of the fastest pass, the median pass and
the slowest, over all rounds, and B/A of the fastest and of the median. A pass that another
process disturbed is slower, never faster, so the fastest passes are the fairest comparison; the
spread says how noisy the window was.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(args) -> int:
    import seasentry  # from PYTHONPATH: the tree under test
    from seasentry.config import ScreeningConfig
    from seasentry.screening.index import ScreeningIndex
    from seasentry.screening.loaders import load_path

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_screening as b

    data = Path(args.data)
    cfg = ScreeningConfig()
    ents = (load_path(data / "sanctions" / "un" / "un_sc_consolidated_2025-04-19.xml").entities
            + load_path(data / "sanctions" / "ofac" / "sdn_2024-05-03.csv").entities)
    idx = ScreeningIndex(ents, review_threshold=cfg.review_threshold, alert_threshold=cfg.alert_threshold)
    for q in ("Khalifa Haftar", "خليفة حفتر", "MARIE DE LOURDES 5"):
        idx.screen_name(q, min_score=0.0)
    sets: dict[str, list] = {}
    for fn in (b.set_nomenklatura, b.set_watchman, b.set_wikidata, b.set_un_persons):
        sets.update(fn(data / "names"))
    queries = b.throughput_queries(sets, args.queries)
    cpu = []
    for _ in range(args.passes):
        idx.clear_caches()
        t = time.process_time()
        for q in queries:
            idx.screen_name(q, explain=False)
        cpu.append(time.process_time() - t)
    print(json.dumps({"src": str(Path(seasentry.__file__).resolve().parents[1]), "n": len(queries), "cpu": cpu}))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("other", nargs="?")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--queries", type=int, default=10_000)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)
    if not args.other:
        ap.error("the other tree's src folder is required")
    trees = {"A": str(Path(args.other).resolve()), "B": str(ROOT / "src")}
    qps: dict[str, list[float]] = {"A": [], "B": []}
    cmd = [sys.executable, __file__, "--child", "--passes", str(args.passes), "--queries", str(args.queries),
           "--data", args.data]
    for r in range(args.rounds):
        for name in ("A", "B"):
            env = dict(os.environ, PYTHONPATH=trees[name])
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
            got = json.loads(out.strip().splitlines()[-1])
            assert got["src"] == trees[name], (got["src"], trees[name])
            qps[name] += [got["n"] / x for x in got["cpu"]]
            print(f"round {r + 1} {name}: " + ", ".join(f"{got['n'] / x:,.0f}" for x in got["cpu"])
                  + " queries/s (CPU, one core)", flush=True)
    for name in ("A", "B"):
        v = qps[name]
        print(f"{name} {trees[name]}: fastest {max(v):,.0f}, median {statistics.median(v):,.0f}, slowest "
              f"{min(v):,.0f} queries/s over {len(v)} passes")
    print(f"B/A: fastest {max(qps['B']) / max(qps['A']):.2f}x, median "
          f"{statistics.median(qps['B']) / statistics.median(qps['A']):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
