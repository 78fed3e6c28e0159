#!/usr/bin/env python
"""Ingest benchmark: seasentry vs pyais (and libais where installed) on the same corpus.

    python benchmarks/bench_ingest.py                                  # scenario corpus, ~110k lines
    python benchmarks/bench_ingest.py --vessels 150 --scale 2          # ~850k lines (docs figure)
    python benchmarks/bench_ingest.py --fixtures --messages 1000000    # repeated real captures
    python benchmarks/bench_ingest.py --corpus FILE.nmea               # your own capture

The default corpus comes from the project's traffic generator
(:func:`seasentry.scenario.bulk.write_corpus`, deterministic for a seed): tag-blocked
sentences from several Central Mediterranean stations, the same message heard by more than one
station (de-duplication has work to do), multipart statics and injected noise lines.
``--fixtures`` instead repeats the bundled real tag-blocked captures (exactEarth, Norwegian
coastal feed) with shifted times so that every copy is a distinct message. Each contender runs
in its own process; the table shows wall time, messages per second, the ratio to pyais and
peak resident memory (ru_maxrss of that process). For seasentry, "setup" (imports and loading
the compiled kernels, by ingesting a tiny fixture into a separate store first) is shown apart
and not counted in the rate; pyais's setup is its import.

- seasentry: full ingest (framing, decoding, cleaning, de-duplication, DuckDB store), with the
  compiled fast path (default) and with the pyais reference path.
- pyais: FileReaderStream iterating and decoding every message (no storage), the usual
  pyais way to read a file.
- libais: ais.decode on every single-part sentence payload (no storage), if importable.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "ais"
WARMUP = str(FIX / "gfw_ee-multiline.nmea")


def _checksum(body: str) -> int:
    c = 0
    for ch in body.encode():
        c ^= ch
    return c


def make_corpus(path: Path, messages: int) -> int:
    """Repeat the tag-blocked fixtures with shifted c: times until ``messages`` lines."""
    base = []
    for name in ("exact-earth-with-tag-block.txt", "norwegian.raw"):
        for ln in (FIX / name).read_text().splitlines():
            m = re.match(r"\\(.*?)\*[0-9A-Fa-f]{2}\\(.*)", ln)
            if m:
                base.append((m.group(1), m.group(2)))
    n = 0
    with open(path, "w") as f:
        k = 0
        while n < messages:
            for body, sent in base:
                b = re.sub(r"c:(\d+)", lambda mm: f"c:{int(mm.group(1)) + 600 * k}", body)
                b = re.sub(r"g:(\d+)-(\d+)-(\w+)", lambda mm: f"g:{mm.group(1)}-{mm.group(2)}-{mm.group(3)}x{k}", b)
                f.write(f"\\{b}*{_checksum(b):02X}\\{sent}\n")
                n += 1
            k += 1
    return n


SEASENTRY = r"""
import resource, sys, time, json
import seasentry
# setup (imports, loading the compiled kernels) is timed apart: a one-time cost per process
t = time.perf_counter()
w = seasentry.open(sys.argv[2] + ".warmup.duckdb")
w.ingest([sys.argv[4]], decoder=sys.argv[3])
w.close()
setup = time.perf_counter() - t
t = time.perf_counter()
s = seasentry.open(sys.argv[2])
rep = s.ingest([sys.argv[1]], decoder=sys.argv[3])
dt = time.perf_counter() - t
t2 = rep.total()
print(json.dumps({"seconds": dt, "messages": t2.messages, "stored": t2.stored, "setup": setup,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PYAIS = r"""
import resource, sys, time, json
from pyais.stream import FileReaderStream
t = time.perf_counter()
n = 0
for msg in FileReaderStream(sys.argv[1]):
    try:
        msg.decode()
        n += 1
    except Exception:
        pass
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "messages": n, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

LIBAIS = r"""
import resource, sys, time, json
import ais
t = time.perf_counter()
n = 0
with open(sys.argv[1]) as f:
    for line in f:
        i = line.find("!")
        if i < 0:
            continue
        p = line[i:].split(",")
        if len(p) < 7 or p[1] != "1":
            continue
        try:
            ais.decode(p[5], int(p[6][0]))
            n += 1
        except Exception:
            pass
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "messages": n, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict | None:
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if p.returncode != 0:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    return json.loads(p.stdout.strip().splitlines()[-1])


def make_scenario(outdir: Path, seed: int, hours: float, vessels: int, scale: int) -> Path:
    """The generator's bulk corpus (same seed, same bytes), written by a separate process (so the
    contenders' peak RSS is not inherited from a big parent)."""
    code = ("import sys; from seasentry.scenario.bulk import write_corpus; "
            "write_corpus(sys.argv[1], seed=int(sys.argv[2]), hours=float(sys.argv[3]), vessels=int(sys.argv[4]), "
            "scale=int(sys.argv[5]))")
    subprocess.run([sys.executable, "-c", code, str(outdir), str(seed), str(hours), str(vessels), str(scale)],
                   check=True)
    return outdir / "scenario.nmea"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None, help="use this NMEA file")
    ap.add_argument("--fixtures", action="store_true", help="repeat the bundled real captures instead of the generator")
    ap.add_argument("--messages", type=int, default=200_000, help="--fixtures: size of the corpus (lines)")
    ap.add_argument("--seed", type=int, default=1, help="scenario generator seed")
    ap.add_argument("--hours", type=float, default=48, help="scenario hours per chunk (>= 36)")
    ap.add_argument("--vessels", type=int, default=40, help="scenario vessels per chunk")
    ap.add_argument("--scale", type=int, default=1, help="scenario chunks")
    ap.add_argument("--no-reference", action="store_true", help="skip the (slow) pyais reference path of seasentry")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.corpus is not None:
            corpus, what = args.corpus, str(args.corpus)
        elif args.fixtures:
            corpus, what = Path(tmp) / "corpus.nmea", "bundled real captures repeated"
            make_corpus(corpus, args.messages)
        else:
            corpus = make_scenario(Path(tmp) / "scenario", args.seed, args.hours, args.vessels, args.scale)
            what = (f"scenario generator (seed {args.seed}, {args.hours:g} h, {args.vessels} vessels, "
                    f"scale {args.scale})")
        n = sum(1 for _ in open(corpus, "rb"))
        size_mb = corpus.stat().st_size / 1e6
        print(f"corpus: {what}: {n:,} lines, {size_mb:.1f} MB; python {sys.version.split()[0]}, {os.cpu_count()} cpu")
        rows = [("pyais FileReaderStream (decode only)", run(PYAIS, str(corpus))),
                ("seasentry ingest, fast path (to DuckDB)", run(SEASENTRY, str(corpus), str(Path(tmp) / "f.duckdb"),
                                                                "fast", WARMUP))]
        if not args.no_reference:
            rows.append(("seasentry ingest, pyais path (to DuckDB)", run(SEASENTRY, str(corpus),
                                                                         str(Path(tmp) / "p.duckdb"), "pyais", WARMUP)))
        try:
            import ais  # noqa: F401
            rows.append(("libais ais.decode (decode only)", run(LIBAIS, str(corpus))))
        except ImportError:
            rows.append(("libais", {"error": "not installed"}))
    base = rows[0][1].get("messages", 0) / rows[0][1]["seconds"] if "seconds" in rows[0][1] else None
    print(f"\n{'contender':40} {'messages':>10} {'seconds':>8} {'msg/s':>10} {'vs pyais':>8} {'peak RSS MB':>11} "
          f"{'setup s':>7}")
    for name, r in rows:
        if "error" in r:
            print(f"{name:40} {r['error']}")
            continue
        rate = r["messages"] / r["seconds"]
        ratio = f"{rate / base:.2f}x" if base else "-"
        setup = f"{r['setup']:>7.2f}" if "setup" in r else f"{'-':>7}"
        print(f"{name:40} {r['messages']:>10,} {r['seconds']:>8.2f} {rate:>10,.0f} {ratio:>8} {r['rss_mb']:>11.0f} "
              f"{setup}")
    print(f"load average after the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
