#!/usr/bin/env python
"""Run a command and measure its process tree: wall, CPU, peak RSS of the tree and of each process.

    python benchmarks/proctree.py [--log rss.csv] [--interval 0.2] -- seasentry run FILES --archive DIR

Prints, per process of the tree, its peak RSS (``VmHWM``, peak since exec), when it was first
and last seen (seconds since the start) and its command line, then the peak of the summed RSS
of the tree. ``--log`` writes every sample (``t_s,pid,rss_mb``) to a CSV file: which process
grows, and when. ``bench_e2e.py`` uses :func:`measure` for its memory columns.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import threading
import time

import psutil


def rss_hwm(pid: int) -> tuple[int, int]:
    """Current RSS and peak RSS since exec (``VmHWM``) of a process, bytes ((0, 0) if gone)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            fields = dict(ln.split(b":", 1) for ln in fh.read().splitlines() if b":" in ln)
        return int(fields[b"VmRSS"].split()[0]) * 1024, int(fields[b"VmHWM"].split()[0]) * 1024
    except (OSError, KeyError, ValueError, IndexError):  # not Linux, or the process is gone
        try:
            rss = psutil.Process(pid).memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return 0, 0
        return rss, rss


def _cmdline(p: psutil.Process) -> str:
    try:
        return " ".join(p.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return "?"


def measure(cmd: list[str], env: dict | None = None, stdout=None, interval: float = 0.2,
            log_path: str | None = None) -> dict:
    """Run ``cmd``; wall s, CPU s of the tree (``wait4``), exit code, peak summed RSS of the tree,
    peak RSS of the largest single process, of the command's own process ("main") and of its
    largest child (MB), and per process: peak, first/last seen, command line.

    The tree is sampled every ``interval`` s (psutil: the process and all its children); each
    process's peak is its ``VmHWM`` (peak since exec: spikes between samples are not missed, and
    the parent's memory from before exec is not included, as it is in ``ru_maxrss``).
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak_tree = 0
    samples = 0
    procs: dict[int, dict] = {}
    stop = threading.Event()
    log = open(log_path, "w", newline="") if log_path else None
    writer = csv.writer(log) if log else None
    if writer:
        writer.writerow(["t_s", "pid", "rss_mb"])

    def sample():
        nonlocal peak_tree, samples
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                tree = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            now = time.perf_counter() - t0
            total = 0
            for p in tree:
                rss, hwm = rss_hwm(p.pid)
                if rss == 0 and hwm == 0:
                    continue
                total += rss
                info = procs.get(p.pid)
                if info is None:
                    info = procs[p.pid] = {"pid": p.pid, "main": p.pid == proc.pid, "first_s": now,
                                           "cmd": _cmdline(p), "peak_mb": 0.0}
                info["last_s"] = now
                info["peak_mb"] = max(info["peak_mb"], hwm / 2**20)
                if writer:
                    writer.writerow([f"{now:.2f}", p.pid, f"{rss / 2**20:.0f}"])
            peak_tree = max(peak_tree, total)
            samples += 1
            stop.wait(interval)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stderr_tail: list[str] = []

    def drain():
        for line in proc.stderr:
            stderr_tail.append(line.decode(errors="replace").rstrip())
            del stderr_tail[:-20]

    dr = threading.Thread(target=drain, daemon=True)
    dr.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    th.join()
    dr.join()
    if log:
        log.close()
    main_mb = max([i["peak_mb"] for i in procs.values() if i["main"]], default=0.0)
    child_mb = max([i["peak_mb"] for i in procs.values() if not i["main"]], default=0.0)
    largest = max(main_mb, child_mb)
    return {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "returncode": proc.returncode,
            "peak_tree_mb": max(peak_tree / 2**20, largest), "largest_mb": largest, "main_mb": main_mb,
            "child_mb": child_mb, "rss_samples": samples, "stderr_tail": stderr_tail,
            "processes": sorted(procs.values(), key=lambda i: i["first_s"])}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--log", default=None, help="write every sample to this CSV file (t_s, pid, rss_mb)")
    ap.add_argument("--interval", type=float, default=0.2, help="seconds between samples [0.2]")
    ap.add_argument("cmd", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...")
    a = ap.parse_args(argv)
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("give a command after --")
    r = measure(cmd, env=None, stdout=sys.stdout, interval=a.interval, log_path=a.log)
    print(f"\n{'pid':>8} {'peak MB':>9} {'first s':>8} {'last s':>8}  command")
    for i in r["processes"]:
        print(f"{i['pid']:>8} {i['peak_mb']:>9,.0f} {i['first_s']:>8.1f} {i.get('last_s', 0):>8.1f}  "
              f"{'[main] ' if i['main'] else ''}{i['cmd'][:100]}")
    print(f"wall {r['wall_s']:.1f} s, CPU {r['cpu_s']:.1f} s, exit {r['returncode']}; peak of the tree's summed RSS "
          f"{r['peak_tree_mb']:,.0f} MB; main process {r['main_mb']:,.0f} MB; largest child {r['child_mb']:,.0f} MB")
    for ln in r["stderr_tail"][-5:]:
        print("stderr:", ln)
    return 0 if r["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
