#!/usr/bin/env python
"""Where the worker processes of one command waited: a table from its task log.

    SEASENTRY_TASK_LOG=/tmp/tasks.tsv seasentry run FILES --db DB
    python benchmarks/task_timeline.py /tmp/tasks.tsv

Every pool task (and every mark of the command's own process, the names starting with ``@``)
appends a line ``pid, name, start, end, cpu, born, cpu0, rss, sys, minflt`` to the log
(seasentry.pool.TASK_LOG_ENV; logs of older versions have the first eight).
Printed: the marks of the command's process (seconds from the first line), one row per worker
process (when it started, its first task, busy and CPU seconds, idle time between its first and
last task, the tasks by name), and per window between two consecutive marks how busy the
workers were (busy seconds / (workers x window)). Times are wall clock: on a shared machine a
worker "busy" is not necessarily on a core.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict


def read(path: str) -> list[tuple]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            p = line.rstrip("\n").split("\t")
            if len(p) < 5:
                continue
            extra = [float(x) for x in p[5:10]] + [0.0] * (10 - max(5, len(p)))
            rows.append((int(p[0]), p[1], float(p[2]), float(p[3]), float(p[4]), *extra))
    return rows


def busy_in(tasks: list[tuple], a: float, b: float) -> float:
    return sum(max(0.0, min(e, b) - max(s, a)) for _, _, s, e, *_ in tasks)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("log")
    args = ap.parse_args(argv)
    rows = read(args.log)
    if not rows:
        print("empty log", file=sys.stderr)
        return 1
    marks = sorted((r for r in rows if r[1].startswith("@")), key=lambda r: r[2])
    tasks = [r for r in rows if not r[1].startswith("@")]
    main_pid = marks[0][0] if marks else None
    t0 = min([r[5] for r in rows if r[0] == main_pid and r[5]] or [min(r[2] for r in rows)])
    print(f"marks of the command's process (s from its start{'' if main_pid else ', or the first task'}):")
    for pid, name, s, _, _, _, cpu0, rss, sys_s, flt in marks:
        kernel = f", of which system {sys_s:.2f} s, {flt / 1000:.0f}k page faults" if flt else ""
        print(f"  {s - t0:7.2f}  {name[1:]:<24} (process CPU so far {cpu0:.2f} s{kernel}, RSS {rss:.0f} MB)")
    by_pid = defaultdict(list)
    for r in tasks:
        by_pid[r[0]].append(r)
    print("\nworker   born   first task  last end  busy s  cpu s  of which sys  page faults  start-up cpu s  "
          "idle s (first..last)  peak RSS MB (end of a task)  tasks")
    for pid, ts in sorted(by_pid.items(), key=lambda kv: min(r[2] for r in kv[1])):
        ts.sort(key=lambda r: r[2])
        first, last = ts[0][2], max(r[3] for r in ts)
        busy = sum(r[3] - r[2] for r in ts)
        cpu = sum(r[4] for r in ts)
        names = defaultdict(lambda: [0, 0.0])
        for r in ts:
            names[r[1]][0] += 1
            names[r[1]][1] += r[3] - r[2]
        desc = ", ".join(f"{n} x{c} {sec:.1f}s" for n, (c, sec) in names.items())
        born = ts[0][5] - t0 if ts[0][5] else float("nan")
        peak = max(r[7] for r in ts)
        sys_s, flt = sum(r[8] for r in ts), sum(r[9] for r in ts)
        print(f"{pid:>7} {born:6.2f} {first - t0:11.2f} {last - t0:9.2f} {busy:7.2f} {cpu:6.2f} {sys_s:12.2f} "
              f"{flt:12,.0f} {ts[0][6]:14.2f} {last - first - busy:8.2f} {peak:8.0f}  {desc}")
    if tasks:
        print("\ntask              count  wall s  cpu s  of which sys  page faults")
        agg = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0])
        for r in tasks:
            a = agg[r[1]]
            a[0] += 1
            a[1] += r[3] - r[2]
            a[2] += r[4]
            a[3] += r[8]
            a[4] += r[9]
        for name, (c, wall, cpu, sys_s, flt) in agg.items():
            print(f"  {name:<16} {c:5d} {wall:7.2f} {cpu:6.2f} {sys_s:13.2f} {flt:12,.0f}")
    if len(marks) >= 2:
        n_workers = max(1, len(by_pid))
        print("\nwindow between marks                              wall s  worker busy s  share")
        for (_, a_name, a, *_), (_, b_name, b, *_) in zip(marks, marks[1:]):
            bz = busy_in(tasks, a, b)
            live = [p for p, ts in by_pid.items() if min(r[2] for r in ts) < b and max(r[3] for r in ts) > a]
            share = bz / (max(1, len(live)) * (b - a)) if b > a else 0.0
            print(f"  {a_name[1:]:>22} -> {b_name[1:]:<22} {b - a:7.2f} {bz:13.2f} {100 * share:5.0f} %"
                  f" ({len(live)} of {n_workers} workers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
