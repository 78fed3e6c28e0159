#!/usr/bin/env python
"""What a process pays for memory it touches first, after the machine was idle or right after
another process freed as much: why the first `seasentry run` after a pause (a warm-up, a
benchmark's decode-only rows, a user typing) takes more system time than a second run started
at once.

    python benchmarks/bench_fresh_memory.py [--mb 800] [--idle 20] [--reps 2]

Each case runs a new Python process that allocates ``--mb`` MB with NumPy and writes every page
once (the kernel zeroes each new page: system time), and prints its wall time, user and system
CPU seconds. "after idle": the process starts ``--idle`` seconds after the previous one ended;
"at once": it starts as soon as the previous one (which touched as much memory) ended. On a
virtual machine whose balloon device reports free pages to the host (Linux free page reporting,
``/sys/module/page_reporting``), memory that stayed free for a while is handed back to the host,
and touching it again costs a host page fault per page: the "after idle" rows then show several
times the system time of the "at once" rows. The MiB the guest reported to the host during each
row are printed when the kernel shows them (``reported_kib``). On a machine without it both
kinds of rows cost about the same.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

TOUCH = r"""
import resource, sys, time
import numpy as np
t = time.perf_counter()
a = np.ones(int(sys.argv[1]) * 2**20 // 8)
r = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - t, r.ru_utime, r.ru_stime)
"""

REPORTED = "/sys/module/page_reporting/parameters/reported_kib"


def reported_kib() -> int | None:
    try:
        with open(REPORTED, encoding="ascii") as fh:
            return int(fh.read().strip())
    except (OSError, ValueError):
        return None


def touch(mb: int) -> tuple[float, float, float]:
    out = subprocess.run([sys.executable, "-c", TOUCH, str(mb)], capture_output=True, text=True, check=True)
    wall, user, system = (float(x) for x in out.stdout.split())
    return wall, user, system


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=800, help="MB each process touches [800]")
    ap.add_argument("--idle", type=float, default=20.0, help="seconds of pause before an 'after idle' row [20]")
    ap.add_argument("--reps", type=int, default=2, help="pairs of rows (after idle, at once) [2]")
    args = ap.parse_args(argv)

    print(f"load average at start {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"free page reporting: {'yes' if reported_kib() is not None else 'not shown by this kernel'}")
    print(f"{'case':12} {'MB':>6} {'wall s':>8} {'user s':>8} {'system s':>9} {'MiB reported':>13}")
    touch(args.mb)  # imports warm, memory of this size freed once
    for _ in range(args.reps):
        for case in ("after idle", "at once"):
            if case == "after idle":
                time.sleep(args.idle)
            before = reported_kib()
            wall, user, system = touch(args.mb)
            after = reported_kib()
            rep = f"{(after - before) / 1024:.0f}" if before is not None and after is not None else "-"
            print(f"{case:12} {args.mb:>6} {wall:>8.2f} {user:>8.2f} {system:>9.2f} {rep:>13}", flush=True)
    print(f"load average at end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
