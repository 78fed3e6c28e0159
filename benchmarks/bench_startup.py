"""Start-up of seasentry's read commands (issue 19: under 0.5 s), printed as a table.

Makes a store once (not timed): ``seasentry lists load`` of the bundled OFAC list and ``seasentry
run`` of the bundled demo scenario; then runs each read command ``--repeat`` times as a user
would (a new process each time, output to /dev/null) and prints the fastest and the median wall
time and the least CPU time (user + system of the process and its children: on a shared machine
the wall time grows with the load, the CPU time much less), beside a bare ``python -c pass`` and ``python -c "import click"`` measured in the same run
(the floor any Python CLI pays).

    python benchmarks/bench_startup.py [--repeat 7] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "seasentry" / "data" / "demo"
TARGET_S = 0.5


def seasentry_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("seasentry")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "seasentry"]


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], repeat: int, env: dict) -> tuple[float, float, float, int]:
    """Fastest and median wall time, least CPU time (s), exit status of ``repeat`` runs."""
    walls, cpus, rc = [], [], 0
    for _ in range(repeat):
        c = _children_cpu()
        t = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        walls.append(time.perf_counter() - t)
        cpus.append(_children_cpu() - c)
        rc = rc or p.returncode
    return min(walls), statistics.median(walls), min(cpus), rc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7, help="runs of each command [7]")
    ap.add_argument("--workdir", type=Path, default=None, help="folder for the store (a temporary one otherwise)")
    args = ap.parse_args(argv)
    own = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="seasentry-startup-")) if own else args.workdir
    work.mkdir(parents=True, exist_ok=True)
    db = work / "startup.duckdb"
    env = dict(os.environ, SEASENTRY_DB=str(db), NO_COLOR="1", COLUMNS="160")
    ss = seasentry_cmd()
    try:
        if not db.exists():
            subprocess.run(ss + ["lists", "load", str(DEMO / "ofac_sdn_libya_2024-05-03.csv"), "--db", str(db)],
                           env=env, stdout=subprocess.DEVNULL, check=True)
            subprocess.run(ss + ["run", str(DEMO / "central_med_story.nmea.gz"), "--db", str(db), "-q"],
                           env=env, stdout=subprocess.DEVNULL, check=True)
        import json

        out = subprocess.run(ss + ["vessels", "--db", str(db), "--format", "json", "--limit", "1"], env=env,
                             capture_output=True, text=True).stdout
        first = out.strip().split("\n", 1)[0] if out.strip() else ""
        mmsi = str(json.loads(first)["mmsi"]) if first else "0"
        rows = [
            ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
            ("python -c 'import click' (floor)", [sys.executable, "-c", "import click"]),
            ("seasentry --help", ss + ["--help"]),
            ("seasentry stats", ss + ["stats", "--db", str(db)]),
            ("seasentry events --limit 20", ss + ["events", "--db", str(db), "--limit", "20"]),
            ("seasentry events --format jsonl", ss + ["events", "--db", str(db), "--format", "jsonl"]),
            ("seasentry vessels", ss + ["vessels", "--db", str(db)]),
            ("seasentry alerts", ss + ["alerts", "--db", str(db)]),
            ("seasentry sources", ss + ["sources", "--db", str(db)]),
            (f"seasentry track {mmsi}", ss + ["track", mmsi, "--db", str(db)]),
            ("seasentry screen 'BLUE SEA' (kept index)", ss + ["screen", "BLUE SEA", "--db", str(db)]),
        ]
        print(f"machine: python {sys.version.split()[0]}, {os.cpu_count()} cpu, load average at start "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; {args.repeat} runs each", flush=True)
        print(f"{'command':44} {'fastest s':>10} {'median s':>9} {'cpu s':>6} {'exit':>5}  median < {TARGET_S:g} s")
        for name, cmd in rows:
            best, med, cpu, rc = timed(cmd, args.repeat, env)
            ok = "" if "floor" in name else ("met" if med < TARGET_S else "NOT met")
            print(f"{name:44} {best:10.3f} {med:9.3f} {cpu:6.3f} {rc:5d}  {ok}", flush=True)
        print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
