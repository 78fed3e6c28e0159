#!/usr/bin/env python
"""End-to-end benchmark (issue 7): file -> store -> tracks -> all events, on a big generated corpus.

    python benchmarks/bench_e2e.py                                 # 5M messages
    python benchmarks/bench_e2e.py --messages 50000000 --workdir /big/disk --skip embedded
    python benchmarks/bench_e2e.py --gb 10 --workdir /big/disk     # a 10 GB input
    python benchmarks/bench_e2e.py --corpus DIR                    # reuse a corpus (part-*.nmea)

Corpus (deterministic, anyone can rerun it): a base made by
``seasentry.scenario.bulk.write_corpus(seed=1, hours=36, vessels=300, scale=1)`` (the generator
needs >= 36 h for its scripted events), replicated by ``seasentry.scenario.replicate`` to
``--messages`` AIS messages in files of ``--file-mb`` MB: every copy has its own MMSIs and is
shifted in time by ``--shift-h`` (default: the base's span, so copies follow one another; copies
sharing the same hours would sail on top of each other and meet all the time). The
message count (first fragments of well-formed sentences with a valid checksum, what
``seasentry ingest`` counts as messages) is taken once when generating and used for every rate.

Contenders, each in its own process tree, one after the other:

- ``seasentry run FILES --db DB`` (embedded DuckDB store and engine): ingest, tracks, every
  detector, screening and alert rules;
- ``seasentry run FILES --archive DIR --db DB --workers W`` (archive mode: ingest into the
  Parquet archive, then the Dask engine's task graph over it, on the command's worker pool; with
  ``--archive-engine dask``, ``--engine dask`` is added: on a local Dask cluster), reported "not
  available" while ``seasentry run`` has no ``--archive`` option;
- pyais ``FileReaderStream`` decode only (no storage, no detection) and libais ``ais.decode``
  decode only (if importable), on the first min(N, 2M) messages of the same files; their rate is
  extrapolated to N and labelled so.

Before the timed runs, ``seasentry run`` on the first 2,000 lines into a scratch store (not
timed) makes sure the numba kernels are compiled (once per machine, or again after their source
changed), so a compile is never in the figures; loading them is.

Measured: wall time of the whole command (process start-up included), messages/s, CPU seconds
of the tree (``wait4``), the peak of the summed RSS of the process and all its children (psutil,
every 0.2 s; shared pages are counted in each process, so this is an upper bound), the peak of
the command's own process ("main": the ingest driver, then the Dask scheduler and driver,
screening and alert rules) and of its largest child (an ingest or Dask worker), each its
``VmHWM`` (peak since exec); benchmarks/proctree.py does the measuring. Events are counted from the
store after the run. "projected 300M" is 300e6 / (msg/s), projected from the N-message run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGET_RATE = 500_000          # messages/s end to end, issue 19 (issue 7: 300,000)
TARGET_DAY = 300e6             # messages in one day of global AIS, issue 7
TARGET_DAY_MIN = 20.0          # minutes
TARGET_RSS_MB = 1536.0         # peak RSS of the process tree, issue 19 (issue 7: 2 GB)
TARGET_FLAT = 0.10             # the 50M peak within 10 % of the 10M peak, issue 19
TARGET_1M_S = 5.0              # 1M messages: the whole run, start-up included, issue 19
DECODE_CAP = 2_000_000         # decode-only contenders run on the first min(N, 2M) messages

PYAIS = r"""
import json, sys, time
from pyais.stream import FileReaderStream
limit = int(sys.argv[1])
t = time.perf_counter()
n = 0
for path in sys.argv[2:]:
    for msg in FileReaderStream(path):
        try:
            msg.decode()
            n += 1
        except Exception:
            pass
        if n >= limit:
            break
    if n >= limit:
        break
print(json.dumps({"seconds": time.perf_counter() - t, "messages": n}))
"""

LIBAIS = r"""
import json, sys, time
import ais
limit = int(sys.argv[1])
t = time.perf_counter()
n = 0
parts = []
for path in sys.argv[2:]:
    with open(path, errors="replace") as f:
        for line in f:
            i = line.find("!")
            p = line[i:].rstrip().split(",") if i >= 0 else []
            if len(p) < 7:
                continue
            try:
                if p[1] == "1":
                    ais.decode(p[5], int(p[6][0]))
                elif p[2] != p[1]:
                    parts.append(p[5])
                    continue
                else:
                    ais.decode("".join(parts) + p[5], int(p[6][0]))
                parts = []
                n += 1
            except Exception:
                parts = []
            if n >= limit:
                break
    if n >= limit:
        break
print(json.dumps({"seconds": time.perf_counter() - t, "messages": n}))
"""


# --- measuring a process tree: benchmarks/proctree.py ------------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proctree import measure  # noqa: E402


# --- corpus -----------------------------------------------------------------------------------

def make_corpus(workdir: Path, messages: int, file_mb: float, seed: int, hours: float,
                vessels: int, shift_h: float) -> tuple[Path, dict]:
    from seasentry.scenario.bulk import write_corpus
    from seasentry.scenario.replicate import replicate

    base = workdir / f"base-s{seed}-h{hours:g}-v{vessels}"
    if not (base / "summary.json").is_file():
        t = time.perf_counter()
        write_corpus(base, seed=seed, hours=hours, vessels=vessels, scale=1)
        print(f"base corpus: {base} ({time.perf_counter() - t:.1f} s)", flush=True)
    out = workdir / f"corpus-{messages}-{file_mb:g}mb-s{seed}-h{hours:g}-v{vessels}-shift{shift_h:g}h"
    man = out / "manifest.json"
    if man.is_file():
        m = json.loads(man.read_text())
        if m.get("messages") == messages:
            print(f"corpus: reusing {out}", flush=True)
            return out, m
    m = replicate(base, out, messages, file_mb=file_mb, shift_s=int(round(shift_h * 3600)))
    print(f"corpus: {out}: {m['messages']:,} messages, {m['lines']:,} lines, {m['bytes'] / 1e9:.2f} GB in "
          f"{len(m['files'])} files, {m['copies']} copies of the base; written in {m['seconds']:.1f} s "
          f"({m['lines'] / max(m['seconds'], 1e-9):,.0f} lines/s)", flush=True)
    return out, m


def corpus_info(corpus: Path) -> tuple[list[Path], dict]:
    """Files of a corpus folder and its counts (manifest.json, else counted now)."""
    from seasentry.scenario.replicate import corpus_files, scan

    files = corpus_files(corpus) or sorted(p for p in corpus.glob("*.nmea") if p.is_file())
    if not files:
        raise SystemExit(f"no part-*.nmea or *.nmea file in {corpus}")
    man = corpus / "manifest.json"
    if man.is_file():
        return files, json.loads(man.read_text())
    msgs = lines = size = 0
    for f in files:
        s = scan(f)
        msgs, lines, size = msgs + s["messages"], lines + s["lines"], size + s["bytes"]
    return files, dict(messages=msgs, lines=lines, bytes=size, copies=None)


# --- contenders -------------------------------------------------------------------------------

def seasentry_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("seasentry")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "seasentry"]


def run_has_option(option: str) -> bool:
    p = subprocess.run(seasentry_cmd() + ["run", "--help"], capture_output=True, text=True)
    return p.returncode == 0 and option in p.stdout


def store_counts(db: Path) -> dict:
    """Events by type, positions and vessels in a store written by ``seasentry run``."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        events = dict(con.execute("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall()) \
            if "events" in tables else {}
        positions = con.execute("SELECT count(*) FROM positions").fetchone()[0] if "positions" in tables else None
        vessels = con.execute("SELECT count(DISTINCT mmsi) FROM positions").fetchone()[0] \
            if "positions" in tables else None
    finally:
        con.close()
    return dict(events=sum(events.values()), events_by_type=events, positions=positions, vessels=vessels)


def warm_up() -> None:
    """Not timed: ``seasentry warmup``, so the one-time compilation of the numba kernels (once per
    machine, or after the kernels' source changed) is not in the figures. Loading the compiled
    kernels is still in every timed run."""
    t = time.perf_counter()
    subprocess.run(seasentry_cmd() + ["warmup", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    print(f"warm-up (not timed): seasentry warmup, {time.perf_counter() - t:.1f} s", flush=True)


def events_digest(db: Path) -> str | None:
    """SHA-256 of every event row of a store (sorted), to compare two runs' events."""
    import hashlib

    import duckdb

    if not db.exists():
        return None
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT * FROM events ORDER BY event_id").fetchall()
    finally:
        con.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def events_diff(db1: Path, db2: Path) -> tuple[int, int]:
    """Event rows of one store not in the other (each side counted), and event ids in one only."""
    import duckdb

    rows = []
    for db in (db1, db2):
        con = duckdb.connect(str(db), read_only=True)
        try:
            rows.append(set(con.execute("SELECT * FROM events").fetchall()))
        finally:
            con.close()
    ids = [{r[0] for r in x} for x in rows]
    return len(rows[0] ^ rows[1]), len(ids[0] ^ ids[1])


def rerun_detect(db: Path, work: Path) -> dict:
    """``seasentry detect`` again on the store of the embedded run (every bucket unchanged: the
    per-bucket results are reused), then ``detect --full`` (every bucket recomputed), then
    ``detect --engine dask --full`` (the same store, every bucket on a local Dask cluster); wall
    time of each and whether the events are those of the run."""
    out = {"run": events_digest(db)}
    env = dict(os.environ, COLUMNS="160", NO_COLOR="1")
    runs = [("incremental", []), ("full", ["--full"])]
    if run_has_option("--engine"):
        runs.append(("dask", ["--engine", "dask", "--full"]))
    for name, extra in runs:
        log = work / f"rerun-{name}.out"
        with open(log, "wb") as fh:
            r = measure(seasentry_cmd() + ["detect", "--db", str(db), *extra], env=env, stdout=fh)
        text = " ".join(log.read_text(errors="replace").split())
        m = re.search(r"([\d,]+) of ([\d,]+) MMSI buckets unchanged", text)
        out[name] = {"wall_s": r["wall_s"], "returncode": r["returncode"], "peak_tree_mb": r["peak_tree_mb"],
                     "kept_buckets": m.group(1) if m else "0", "buckets": m.group(2) if m else "?",
                     "digest": events_digest(db)}
        log.unlink(missing_ok=True)
    return out


def run_seasentry(name: str, extra: list[str], files: list[Path], work: Path, messages: int,
                  rss_log: Path | None = None) -> dict:
    db = work / f"{name}.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        if p.exists():
            p.unlink()
    env = dict(os.environ, COLUMNS="160", NO_COLOR="1")
    log = work / f"{name}.out"
    with open(log, "wb") as fh:
        r = measure(seasentry_cmd() + ["run", *map(str, files), "--db", str(db), "-q", *extra], env=env, stdout=fh,
                    log_path=str(rss_log / f"rss-{name}.csv") if rss_log else None)
    r.update(messages=messages, log=str(log))
    if r["returncode"] != 0:
        r["error"] = f"exit {r['returncode']}: " + (r["stderr_tail"][-1] if r["stderr_tail"] else "")
        return r
    r.update(store_counts(db))
    # positions and vessels as the run reports them (the archive mode keeps positions in Parquet)
    text = " ".join(log.read_text(errors="replace").split())
    m = re.search(r"events: ([\d,]+) over ([\d,]+) positions of ([\d,]+) vessels", text)
    if m:
        r["reported_events"], r["positions"], r["vessels"] = (int(g.replace(",", "")) for g in m.groups())
    r["db_mb"] = db.stat().st_size / 1e6 if db.exists() else None
    return r


def run_decode_only(code: str, files: list[Path], limit: int) -> dict:
    out_path = Path(tempfile.mkstemp(suffix=".json")[1])
    try:
        with open(out_path, "wb") as fh:
            r = measure([sys.executable, "-c", code, str(limit), *map(str, files)], stdout=fh)
        if r["returncode"] != 0:
            r["error"] = f"exit {r['returncode']}: " + (r["stderr_tail"][-1] if r["stderr_tail"] else "")
            return r
        r.update(json.loads(out_path.read_text().strip().splitlines()[-1]))
    finally:
        out_path.unlink(missing_ok=True)
    return r


# --- report -----------------------------------------------------------------------------------

def fmt_row(name: str, r: dict, pyais_rate: float | None, n_total: int) -> str:
    if "error" in r:
        return f"{name:46} {r['error']}"
    rate = r["messages"] / r["seconds"] if r.get("seconds") else r["messages"] / r["wall_s"]
    r["msg_per_s"] = rate
    r["projected_300m_min"] = TARGET_DAY / rate / 60
    ratio = f"{rate / pyais_rate:.2f}x" if pyais_rate else "-"
    wall = r.get("seconds", r["wall_s"])
    return (f"{name:46} {r['messages']:>12,} {wall:>9.1f} {r['cpu_s']:>8.1f} {rate:>10,.0f} {ratio:>8} "
            f"{r['peak_tree_mb']:>10,.0f} {r['main_mb']:>8,.0f} {r['child_mb']:>8,.0f} {r['projected_300m_min']:>10.1f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=lambda v: [int(x) for x in v.split(",")], default=[5_000_000],
                    help="AIS messages in the corpus, or several sizes run one after the other "
                         "(e.g. 1000000,10000000,50000000) [5,000,000]")
    ap.add_argument("--gb", type=float, default=None,
                    help="size the corpus in GB instead (messages = GB / bytes per message of the base)")
    ap.add_argument("--file-mb", type=float, default=256.0, help="size of each corpus file, MB [256]")
    ap.add_argument("--workdir", type=Path, default=None, help="folder for the corpus, stores and archive "
                    "[a temporary folder]")
    ap.add_argument("--keep", action="store_true", help="keep what was written in the work folder")
    ap.add_argument("--corpus", type=Path, default=None, help="use this corpus folder (part-*.nmea or *.nmea)")
    ap.add_argument("--skip", action="append", default=[],
                    choices=["embedded", "archive", "pyais", "libais"], help="leave a contender out (repeatable)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the archive mode [2]")
    ap.add_argument("--archive-engine", choices=["pool", "dask"], default="pool",
                    help="archive mode: detection on the command's worker pool (`run --archive`, the default) "
                         "or on a local Dask cluster (`run --archive --engine dask`) [pool]")
    ap.add_argument("--seed", type=int, default=1, help="seed of the base corpus [1]")
    ap.add_argument("--shift-h", type=float, default=None,
                    help="hours added to the times of each further copy [the base's span: copies follow one "
                         "another; 0 puts every copy in the same hours, on top of each other]")
    ap.add_argument("--base-hours", type=float, default=36.0, help="hours of the base corpus [36]")
    ap.add_argument("--base-vessels", type=int, default=300, help="vessels of the base corpus [300]")
    ap.add_argument("--json", type=Path, default=None, help="write every figure to this JSON file")
    ap.add_argument("--rss-log", type=Path, default=None, metavar="DIR",
                    help="write each seasentry contender's RSS samples (t_s, pid, rss_mb) to DIR/rss-NAME.csv")
    ap.add_argument("--no-warmup", action="store_true", help="no untimed warm-up run (kernels known to be compiled)")
    ap.add_argument("--no-rerun", action="store_true",
                    help="after the embedded run, do not time `seasentry detect` again (incremental) and "
                         "`detect --full`, nor compare their events with the run's")
    args = ap.parse_args(argv)
    sizes = [None] if (args.corpus is not None or args.gb is not None) else args.messages
    docs = []
    for i, size in enumerate(sizes):
        docs.append(run_size(args, size, warm=(i == 0)))
        if len(sizes) > 1:
            print(flush=True)
    if len(docs) > 1:
        print_across_sizes(docs)
    if args.json:
        args.json.write_text(json.dumps(docs[0] if len(docs) == 1 else {"sizes": docs}, indent=2, default=str))
    return 0


def print_across_sizes(docs: list[dict]) -> None:
    """Flat memory: the peak of the process tree at the largest size against the second largest."""
    yn = {True: "met", False: "NOT met"}
    for key in ("embedded", "archive"):
        runs = [(d["messages"], d["results"].get(key)) for d in docs]
        runs = [(n, r) for n, r in runs if r and "error" not in r]
        if len(runs) < 2:
            continue
        runs.sort(key=lambda x: x[0])
        (n1, r1), (n2, r2) = runs[-2], runs[-1]
        growth = r2["peak_tree_mb"] / r1["peak_tree_mb"] - 1
        print(f"flat memory ({key}): peak of the tree {r1['peak_tree_mb']:,.0f} MB at {n1:,} messages, "
              f"{r2['peak_tree_mb']:,.0f} MB at {n2:,} ({growth:+.1%}); within {TARGET_FLAT:.0%} "
              f"{yn[growth <= TARGET_FLAT]}")


def run_size(args, messages: int | None, warm: bool) -> dict:
    if args.rss_log:
        args.rss_log.mkdir(parents=True, exist_ok=True)
    doc: dict = {}

    own_tmp = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="seasentry-e2e-")) if own_tmp else args.workdir
    work.mkdir(parents=True, exist_ok=True)
    created = []
    try:
        if args.corpus is not None:
            corpus = args.corpus
        else:
            before = set(work.iterdir())
            if args.gb is not None:
                from seasentry.scenario.bulk import write_corpus
                from seasentry.scenario.replicate import base_nmea, scan

                base = work / f"base-s{args.seed}-h{args.base_hours:g}-v{args.base_vessels}"
                if not (base / "summary.json").is_file():
                    write_corpus(base, seed=args.seed, hours=args.base_hours, vessels=args.base_vessels)
                s = scan(base_nmea(base))
                messages = int(args.gb * 1e9 / (s["bytes"] / s["messages"]))
            corpus, _ = make_corpus(work, messages, args.file_mb, args.seed, args.base_hours, args.base_vessels,
                                    args.base_hours if args.shift_h is None else args.shift_h)
            created += [p for p in work.iterdir() if p not in before]
        files, info = corpus_info(corpus)
        n = int(info["messages"])
        print(f"corpus: {corpus}: {n:,} AIS messages (counted when generating), {info['lines']:,} lines, "
              f"{info['bytes'] / 1e9:.2f} GB in {len(files)} files", flush=True)
        print(f"machine: python {platform.python_version()}, {os.cpu_count()} cpu, "
              f"{psutil.virtual_memory().total / 2**30:.0f} GB RAM, load average at start "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)

        results: dict[str, dict] = {}
        rows = []
        if warm and not args.no_warmup and not {"embedded", "archive"} <= set(args.skip):
            warm_up()
        decode_n = min(n, DECODE_CAP)
        if "pyais" not in args.skip:
            print(f"running pyais FileReaderStream on the first {decode_n:,} messages ...", flush=True)
            results["pyais"] = run_decode_only(PYAIS, files, decode_n)
            rows.append(("pyais", f"pyais FileReaderStream (decode only, {decode_n:,})"))
        if "libais" not in args.skip:
            try:
                import ais  # noqa: F401
                print(f"running libais on the first {decode_n:,} messages ...", flush=True)
                results["libais"] = run_decode_only(LIBAIS, files, decode_n)
            except ImportError:
                results["libais"] = {"error": "not installed"}
            rows.append(("libais", f"libais ais.decode (decode only, {decode_n:,})"))
        if "embedded" not in args.skip:
            print(f"running seasentry run --db (embedded) on {n:,} messages ...", flush=True)
            results["embedded"] = run_seasentry("embedded", [], files, work, n, args.rss_log)
            created += [work / "embedded.duckdb", work / "embedded.duckdb.parts", work / "embedded.out"]
            if not args.no_rerun and "error" not in results["embedded"]:
                print("running seasentry detect again (incremental) and detect --full on its store ...", flush=True)
                results["embedded"]["rerun"] = rerun_detect(work / "embedded.duckdb", work)
            rows.append(("embedded", "seasentry run --db (embedded DuckDB)"))
        if "archive" not in args.skip:
            if run_has_option("--archive"):
                archive = work / "archive"
                if archive.exists():
                    shutil.rmtree(archive)
                eng = ["--engine", "dask"] if args.archive_engine == "dask" else []
                print(f"running seasentry run --archive --workers {args.workers} {' '.join(eng)} on {n:,} messages ...",
                      flush=True)
                results["archive"] = run_seasentry("archive", ["--archive", str(archive), "--workers",
                                                               str(args.workers), *eng], files, work, n, args.rss_log)
                results["archive"]["archive_mb"] = (sum(p.stat().st_size for p in archive.rglob("*") if p.is_file())
                                                    / 1e6 if archive.exists() else None)
                created += [archive, work / "archive.duckdb", work / "archive.duckdb.parts", work / "archive.out"]
            else:
                results["archive"] = {"error": "not available (`seasentry run` has no --archive option yet)"}
            rows.append(("archive", f"seasentry run --archive ({'Dask' if args.archive_engine == 'dask' else 'pool'}, "
                                    f"{args.workers} workers)"))

        pr = results.get("pyais", {})
        pyais_rate = pr["messages"] / pr["seconds"] if pr.get("seconds") and pr.get("messages") else None
        print(f"\nload average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        for key in ("embedded", "archive"):
            r = results.get(key)
            if r and "error" not in r:
                r["events_digest"] = events_digest(work / f"{key}.duckdb") if key == "archive" else \
                    (r.get("rerun") or {}).get("run") or events_digest(work / f"{key}.duckdb")
        print(f"\nend to end: file -> store -> tracks -> all events; {n:,} AIS messages "
              f"(decode-only rows: first {decode_n:,} messages, decoding loop timed, rate extrapolated)")
        print(f"{'contender':46} {'messages':>12} {'wall s':>9} {'CPU s':>8} {'msg/s':>10} {'vs pyais':>8} "
              f"{'tree MB':>10} {'main MB':>8} {'child MB':>8} {'300M min':>10}")
        for key, label in rows:
            print(fmt_row(label, results[key], pyais_rate, n))
        print(f"(300M min: minutes for 300M messages, projected from an {n:,}-message run; CPU s: user+system "
              f"of the process tree, whole process for decode-only rows; tree MB: peak of the summed RSS of "
              f"the process tree; main MB: peak RSS of the command's own process (ingest driver, Dask "
              f"scheduler and driver, screening, alerts); child MB: of its largest child (ingest or Dask "
              f"worker))")
        for key in ("embedded", "archive"):
            r = results.get(key)
            if r and "error" not in r:
                by = ", ".join(f"{t} {c:,}" for t, c in r["events_by_type"].items())
                pos = f"{r['positions']:,}" if r.get("positions") is not None else "?"
                ves = f"{r['vessels']:,}" if r.get("vessels") is not None else "?"
                print(f"{key}: events {r['events']:,} ({by}); positions {pos}; vessels {ves}; "
                      f"CPU of the tree {r['cpu_s']:.1f} s")
        yn = {True: "met", False: "NOT met"}
        for key in ("embedded", "archive"):
            r = results.get(key)
            if r and "error" not in r:
                ok_rate = r["msg_per_s"] >= TARGET_RATE
                ok_day = r["projected_300m_min"] < TARGET_DAY_MIN
                ok_rss = r["peak_tree_mb"] < TARGET_RSS_MB
                r["targets"] = dict(rate=ok_rate, day=ok_day, rss=ok_rss)
                print(f"targets ({key}): >= {TARGET_RATE:,} msg/s {yn[ok_rate]} ({r['msg_per_s']:,.0f}); "
                      f"300M in < {TARGET_DAY_MIN:g} min {yn[ok_day]} ({r['projected_300m_min']:.1f} min, projected "
                      f"from an {n:,}-message run); peak RSS < {TARGET_RSS_MB / 1024:g} GB {yn[ok_rss]} "
                      f"({r['peak_tree_mb']:,.0f} MB)")
                if key == "embedded" and n <= 1_000_000:
                    r["targets"]["whole_run_1m"] = r["wall_s"] < TARGET_1M_S
                    print(f"target (embedded, {n:,} messages): the whole run, start-up included, in < "
                          f"{TARGET_1M_S:g} s {yn[r['wall_s'] < TARGET_1M_S]} ({r['wall_s']:.1f} s)")
        emb, arc = results.get("embedded") or {}, results.get("archive") or {}
        if emb.get("events_digest") and arc.get("events_digest"):
            same = emb["events_digest"] == arc["events_digest"]
            faster = arc["msg_per_s"] >= emb["msg_per_s"]
            why = ""
            if not same:
                n_diff, n_ids = events_diff(work / "embedded.duckdb", work / "archive.duckdb")
                arc["events_differing"] = n_diff
                why = f" ({n_diff:,} event rows differ, {n_ids:,} event ids in one store only)"
            print(f"events identical (embedded, archive): {'yes' if same else 'NO'}{why}; archive at least as fast "
                  f"as embedded: {'yes' if faster else 'no'} ({arc['msg_per_s']:,.0f} vs {emb['msg_per_s']:,.0f} msg/s)")
        rr = emb.get("rerun")
        if rr:
            inc, full = rr["incremental"], rr["full"]
            print(f"incremental (embedded): `seasentry detect` again {inc['wall_s']:.1f} s ({inc['kept_buckets']} of "
                  f"{inc['buckets']} buckets kept), `detect --full` {full['wall_s']:.1f} s; events identical to the "
                  f"run's: {'yes' if inc['digest'] == rr['run'] == full['digest'] else 'NO'}")
            dk = rr.get("dask")
            if dk:
                print(f"Dask engine on the embedded store: `detect --engine dask --full` {dk['wall_s']:.1f} s, "
                      f"tree {dk['peak_tree_mb']:,.0f} MB; events identical to the embedded run's: "
                      f"{'yes' if dk['digest'] == rr['run'] else 'NO'}")
        doc = dict(corpus=str(corpus), messages=n, lines=info["lines"], bytes=info["bytes"], files=len(files),
                   decode_only_messages=decode_n, python=platform.python_version(), cpus=os.cpu_count(),
                   load_end=os.getloadavg(), targets=dict(msg_per_s=TARGET_RATE, day_messages=TARGET_DAY,
                                                           day_minutes=TARGET_DAY_MIN, rss_mb=TARGET_RSS_MB),
                   results=results)
    finally:
        if not args.keep:
            if own_tmp:
                shutil.rmtree(work, ignore_errors=True)
            else:
                for p in created:
                    if p.is_dir():
                        shutil.rmtree(p, ignore_errors=True)
                    elif p.exists():
                        p.unlink()
                    wal = Path(str(p) + ".wal")
                    if wal.exists():
                        wal.unlink()
    return doc


if __name__ == "__main__":
    sys.exit(main())
