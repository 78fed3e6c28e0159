#!/usr/bin/env python
"""Live-path benchmark: sustained throughput and arrival-to-alert latency.

    python benchmarks/bench_live.py                    # default: ~100k-line scenario feed
    python benchmarks/bench_live.py --hours 72 --vessels 120
    python benchmarks/bench_live.py --corpus FILE.nmea

1. Throughput. `seasentry replay FILE --speed max --tcp-serve` feeds `seasentry stream --tcp`
   (each in its own process, on 127.0.0.1) with detection off: every line is journaled,
   framed, decoded, cleaned, de-duplicated and committed. Reported: lines and messages per
   second of wall time while busy (first line received -> last batch committed) and per
   CPU-second of the stream process (= per core: the stream is one event loop plus one
   store thread).
2. Latency. In process: a stream with incremental detection listens for two sources; one
   carries background traffic (the same corpus, replayed at a fixed rate), the other
   vessels that cross into Malta's territorial sea. For each crossing, the time from the
   moment its line is written to the socket to the moment its ``zone_entry`` notification
   is delivered on the bus; median and 99th percentile. With the default
   ``live.batch_interval_s`` = 1 s a batch waits up to 1 s before it is committed: that
   bound dominates the latency, by design (one DuckDB transaction per batch).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def _cli(*args) -> list[str]:
    return [sys.executable, "-m", "seasentry", *map(str, args)]


def make_corpus(tmp: Path, hours: float, vessels: int) -> Path:
    out = tmp / "sc"
    subprocess.run(_cli("scenario", "generate", "--hours", hours, "--vessels", vessels, "--seed", 11,
                        "--out", out), check=True, capture_output=True)
    return out / "scenario.nmea"


def throughput(corpus: Path, tmp: Path, batch_lines: int) -> dict:
    port = _free_port()
    db = tmp / "tp.duckdb"
    rp = subprocess.Popen(_cli("replay", corpus, "--speed", "max", "--tcp-serve", f"127.0.0.1:{port}",
                               "--exit-after", "1", "-q"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = b""
    while b"tcp://" not in seen and rp.poll() is None:
        seen += rp.stderr.readline()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    sp = subprocess.run(_cli("stream", "--tcp", f"127.0.0.1:{port}", "--name", "bench", "--db", db,
                             "--no-detect", "--idle-exit", "2", "--json", "--set",
                             f"live.batch_max_lines={batch_lines}"), capture_output=True, check=True)
    wall = time.perf_counter() - t0
    rp.wait(30)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    s = json.loads(sp.stdout)
    # children rusage includes the replay process: count the stream alone via its share
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    busy = s.get("busy_s") or wall
    return {"lines": s["lines"], "messages": s["messages"], "stored": s["stored"], "busy_s": busy,
            "wall_s": wall, "cpu_s": cpu, "lines_per_s": s["lines"] / busy, "msgs_per_s": s["messages"] / busy,
            "msgs_per_cpu_s": s["messages"] / cpu if cpu else None, "batches": s["batches"],
            "max_rss_mb": after.ru_maxrss / 1024}


def latency(corpus: Path, tmp: Path, n_vessels: int, bg_rate: float, batch_s: float) -> dict:
    from pyais.encode import encode_dict

    from seasentry.config import Config
    from seasentry.ingest.nmea import nmea_checksum
    from seasentry.live import EventBus, LiveDetector, LiveStream, parse_source
    from seasentry.store import Store

    cfg = Config()
    cfg.live.batch_interval_s = batch_s
    cfg.live.detect_interval_s = 3600.0  # the periodic whole-store run is not what is measured here
    store = Store(tmp / "lat.duckdb", config=cfg)
    bg_lines = corpus.read_bytes().split(b"\n")
    t_base = 1714550400

    def tagged(sentence: str, t: int) -> bytes:
        body = f"s:bench,c:{t}"
        return f"\\{body}*{nmea_checksum(body):02X}\\{sentence}\r\n".encode()

    def track(mmsi: int) -> list[bytes]:
        out = []
        for i in range(25):
            s = encode_dict({"type": 1, "mmsi": mmsi, "lat": 35.30 + i * 0.02, "lon": 14.45, "speed": 12.0,
                             "course": 0.0}, radio_channel="A", talker_id="AI")[0]
            out.append(tagged(s, t_base + 120 * i))
        return out

    from seasentry.geo import Geography

    lats = [35.30 + i * 0.02 for i in range(25)]
    inside = Geography.default().in_zones(lats, [14.45] * 25)
    first_in = next(i for i in range(25) if any(row[i] for row in inside))  # the crossing position
    sent: dict[int, float] = {}
    got: dict[int, float] = {}

    async def go():
        bus = EventBus()
        det = LiveDetector(cfg, bus=bus, screen=False)
        ls = LiveStream(store, [parse_source("listen", "bg=127.0.0.1:0"), parse_source("listen", "zone=127.0.0.1:0")],
                        cfg, bus=bus, detector=det, journal_dir=tmp / "lat.journal")
        task = asyncio.create_task(ls.run())
        while not all(st.bound_port for st in ls.states.values()):
            await asyncio.sleep(0.02)
        sub = bus.subscribe(types={"zone_entry"})

        async def background():
            r, w = await asyncio.open_connection("127.0.0.1", ls.states["bg"].bound_port)
            k, t0 = 0, time.monotonic()
            while not stop.is_set():
                due = int((time.monotonic() - t0) * bg_rate)
                if due > k:
                    w.write(b"\n".join(bg_lines[k % len(bg_lines): k % len(bg_lines) + (due - k)]) + b"\n")
                    await w.drain()
                    k = due
                await asyncio.sleep(0.01)
            w.close()

        async def crossings():
            r, w = await asyncio.open_connection("127.0.0.1", ls.states["zone"].bound_port)
            for v in range(n_vessels):
                mmsi = 248000000 + v
                lines = track(mmsi)
                # positions before the crossing, then (after the batch that stored them) the crossing
                w.write(b"".join(lines[:first_in]))
                await w.drain()
                await asyncio.sleep(batch_s * 1.5)
                w.write(b"".join(lines[first_in:]))
                await w.drain()
                sent[mmsi] = time.time()
                await asyncio.sleep(0.05)
            w.close()

        async def collect():
            while len(got) < n_vessels:
                m = await sub.get(timeout=30)
                if m is None:
                    return
                mm = m["event"]["mmsi"]
                if mm in sent and mm not in got:
                    got[mm] = time.time()

        stop = asyncio.Event()
        bg = asyncio.create_task(background())
        col = asyncio.create_task(collect())
        await crossings()
        await asyncio.wait_for(col, 60)
        stop.set()
        await bg
        ls.stop()
        return await task

    s = asyncio.run(go())
    store.close()
    lat = sorted(got[m] - sent[m] for m in got)
    if not lat:
        return {"n": 0}
    p99 = lat[min(len(lat) - 1, int(round(0.99 * (len(lat) - 1))))]
    return {"n": len(lat), "missing": n_vessels - len(lat), "median_s": statistics.median(lat), "p99_s": p99,
            "max_s": lat[-1], "bg_rate": bg_rate, "batch_interval_s": batch_s, "stored": s["stored"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None, help="NMEA file (default: a generated scenario)")
    ap.add_argument("--hours", type=float, default=48.0)
    ap.add_argument("--vessels", type=int, default=60)
    ap.add_argument("--batch-lines", type=int, default=5000)
    ap.add_argument("--latency-vessels", type=int, default=40)
    ap.add_argument("--bg-rate", type=float, default=2000.0, help="background lines/s during the latency run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_live_") as td:
        tmp = Path(td)
        corpus = args.corpus or make_corpus(tmp, args.hours, args.vessels)
        n_lines = sum(1 for _ in open(corpus, "rb"))
        print(f"corpus: {corpus.name}, {n_lines:,} lines; machine: {os.cpu_count()} cores", flush=True)
        tp = throughput(corpus, tmp, args.batch_lines)
        rows = [("lines", f"{tp['lines']:,}"), ("messages", f"{tp['messages']:,}"), ("stored", f"{tp['stored']:,}"),
                ("batches", f"{tp['batches']:,}"), ("busy wall time", f"{tp['busy_s']:.2f} s"),
                ("lines/s (wall, busy)", f"{tp['lines_per_s']:,.0f}"),
                ("messages/s (wall, busy)", f"{tp['msgs_per_s']:,.0f}"),
                ("CPU time (stream + replay)", f"{tp['cpu_s']:.2f} s"),
                ("messages per CPU-second (per core)", f"{tp['msgs_per_cpu_s']:,.0f}" if tp["msgs_per_cpu_s"] else "-"),
                ("peak RSS of a child", f"{tp['max_rss_mb']:.0f} MB")]
        lt = latency(corpus, tmp, args.latency_vessels, args.bg_rate, 1.0)
        (tmp / "fast").mkdir()
        lt_fast = latency(corpus, tmp / "fast", args.latency_vessels, args.bg_rate, 0.2)
        for name, d in (("batch 1.0 s", lt), ("batch 0.2 s", lt_fast)):
            if d.get("n"):
                rows += [(f"arrival -> zone_entry on bus, {name}: median", f"{d['median_s'] * 1000:,.0f} ms"),
                         (f"arrival -> zone_entry on bus, {name}: p99", f"{d['p99_s'] * 1000:,.0f} ms"),
                         ("  crossings measured (missing)", f"{d['n']} ({d['missing']})")]
        w = max(len(r[0]) for r in rows)
        print(f"{'live path':<{w}}  value")
        print("-" * (w + 16))
        for k, v in rows:
            print(f"{k:<{w}}  {v}")
        print(f"(latency runs with {args.bg_rate:,.0f} lines/s of background traffic on another source)")


if __name__ == "__main__":
    main()
