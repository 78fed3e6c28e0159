"""Load test of `seasentry serve`: many clients at once on the mixed requests of analysts' pages.

    python benchmarks/load_web.py [--clients 20,50,100] [--seconds 30] [--workdir DIR] [--reuse]
                                  [--vessels 6000] [--live] [--no-cache] [--set KEY=VALUE] [--json OUT]

The store is the one of ``benchmarks/bench_web.py`` (6,000 vessels, 9.1 M positions by default;
built in --workdir, or reused with --reuse). ``seasentry serve`` runs as a subprocess (the real
command: uvicorn, one process). For each number of clients, that many keep-alive connections
send requests back to back for --seconds (closed loop, no think time), after a 5 s warm-up that
is not counted. Each request is drawn from the mix below; vessels are drawn at random among the
500 busiest (so vessel pages and tracks are mostly different requests, as many analysts looking
at many vessels), the rest is what every open page asks for.

    weight  request
    20      /api/latest?max_age_h=24              the map (page default)
    15      /api/latest?max_age_h=24&since=T      the map's refresh
    15      /api/vessels/{mmsi}                   a vessel's panel
    10      /api/vessels/{mmsi}/track?zoom=10     its track
    10      /api/events?limit=100                 the events tab
     5      /api/events?type=T&bbox=B&limit=100   a filtered events list (type and box drawn at random)
    10      /api/alerts?limit=200                 the alerts tab
    10      /api/stats                            the counters
     3      /api/risk?limit=100                   the risk ranking
     2      /api/latest?max_age_h=438000          every vessel ("any time": 750 KB)

Latency is measured by the client from writing the request to having read the whole body.
Printed per number of clients: requests per second, p50/p95/p99 over all requests and per
request kind, errors (non-200 answers and broken connections), the server's memory (RSS: peak
and at the end) and CPU seconds (also per request: the CPU of the whole level, warm-up included,
over every answer read in it), and the client's own CPU seconds (it shares the machine).
The client is a small asyncio HTTP/1.1 client (no library on the request path) so that it
leaves as much CPU to the server as it can.

``--live``: the server also ingests a live feed (``serve --tcp`` from ``seasentry replay --loop
--speed 60x`` of a generated 60-vessel scenario placed after the store's newest time) into a copy
of the store: the store changes every second, so kept answers (seasentry.web.cache) are
recomputed as they would be in an operations room. ``--no-cache``: the server's response cache off (``--set
web.response_cache=false``), every request computed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_web  # noqa: E402

MIX = [(20, "latest 24 h"), (15, "latest since"), (15, "vessel detail"), (10, "track zoom 10"),
       (10, "events page"), (5, "events filtered"), (10, "alerts page"), (10, "stats"), (3, "risk ranking"),
       (2, "latest, all vessels")]
TYPES = ["gap", "encounter", "loitering", "port_visit", "zone_entry", "zone_exit"]


def proc_stats(pid: int) -> tuple[float, float]:
    """(RSS MB, CPU seconds user+system) of a process."""
    with open(f"/proc/{pid}/status") as fh:
        rss = next((int(x.split()[1]) / 1024 for x in fh if x.startswith("VmRSS:")), 0.0)
    with open(f"/proc/{pid}/stat") as fh:
        parts = fh.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return rss, (int(parts[11]) + int(parts[12])) / tick


class Mix:
    def __init__(self, d: dict, mmsis: list[int], rnd: random.Random) -> None:
        self.d, self.mmsis, self.rnd = d, mmsis, rnd
        self.kinds = [k for _, k in MIX]
        self.weights = [w for w, _ in MIX]

    def draw(self) -> tuple[str, str]:
        k = self.rnd.choices(self.kinds, self.weights)[0]
        m = self.rnd.choice(self.mmsis)
        if k == "latest 24 h":
            return k, "/api/latest?limit=50000&max_age_h=24"
        if k == "latest since":
            return k, f"/api/latest?limit=50000&max_age_h=24&since={self.d['since']}"
        if k == "vessel detail":
            return k, f"/api/vessels/{m}"
        if k == "track zoom 10":
            return k, f"/api/vessels/{m}/track?zoom=10&max_points=20000"
        if k == "events page":
            return k, "/api/events?limit=100"
        if k == "events filtered":
            x, y = self.rnd.uniform(10, 15), self.rnd.uniform(31, 36)
            return k, f"/api/events?type={self.rnd.choice(TYPES)}&bbox={x:.1f},{y:.1f},{x + 2:.1f},{y + 2:.1f}&limit=100"
        if k == "alerts page":
            return k, "/api/alerts?limit=200"
        if k == "stats":
            return k, "/api/stats"
        if k == "risk ranking":
            return k, "/api/risk?limit=100"
        return k, f"/api/latest?limit=50000&max_age_h={bench_web.ANY_TIME_H}"


async def _read_response(reader) -> tuple[int, int, bool]:
    """(status, body bytes, keep-alive) of one HTTP/1.1 response."""
    line = await reader.readline()
    if not line:
        raise ConnectionError("closed")
    status = int(line.split()[1])
    length, chunked, close = None, False, False
    while True:
        h = await reader.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        k, _, v = h.decode("latin-1").partition(":")
        k = k.strip().lower()
        v = v.strip().lower()
        if k == "content-length":
            length = int(v)
        elif k == "transfer-encoding" and "chunked" in v:
            chunked = True
        elif k == "connection" and v == "close":
            close = True
    n = 0
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                await reader.readline()
                break
            n += len(await reader.readexactly(size))
            await reader.readline()
    elif length is not None:
        n = len(await reader.readexactly(length))
    return status, n, not close


async def _client(host: str, port: int, token: str, mix: Mix, start: float, t_count: float, t_end: float,
                  out: list, errors: list, done: list) -> None:
    reader = writer = None
    while time.monotonic() < t_end:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            kind, path = mix.draw()
            req = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
                   "Accept: application/json\r\n\r\n").encode()
            t0 = time.perf_counter()
            writer.write(req)
            status, n, keep = await _read_response(reader)
            lat = time.perf_counter() - t0
            done[0] += 1
            if time.monotonic() >= t_count:
                out.append((kind, lat, status, n))
            if not keep:
                writer.close()
                writer = None
        except (ConnectionError, asyncio.IncompleteReadError, OSError, ValueError, IndexError) as exc:
            if time.monotonic() >= t_count:
                errors.append(type(exc).__name__)
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


def run_level(url: str, token: str, mix: Mix, clients: int, seconds: float, warmup: float, pid: int) -> dict:
    host, port = url.split("//")[1].split(":")
    port = int(port)
    out: list = []
    errors: list = []
    done = [0]                      # answers read, warm-up included (the server's CPU covers it too)
    samples: list[float] = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            try:
                samples.append(proc_stats(pid)[0])
            except OSError:
                pass
            stop.wait(0.5)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    rss0, cpu0 = proc_stats(pid)
    c0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    t_count, t_end = start + warmup, start + warmup + seconds

    async def go():
        await asyncio.gather(*[_client(host, port, token, mix, start, t_count, t_end, out, errors, done)
                               for _ in range(clients)])

    asyncio.run(go())
    stop.set()
    th.join()
    rss1, cpu1 = proc_stats(pid)
    c1 = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    wall = seconds
    lat = np.asarray([x[1] * 1000 for x in out]) if out else np.zeros(1)
    bad = sum(1 for x in out if x[2] != 200)
    per = {}
    for kind in [k for _, k in MIX]:
        a = np.asarray([x[1] * 1000 for x in out if x[0] == kind])
        if a.size:
            per[kind] = {"n": int(a.size), "p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
                         "p99": float(np.percentile(a, 99)), "errors": sum(1 for x in out if x[0] == kind and x[2] != 200)}
    return {"clients": clients, "seconds": seconds, "requests": len(out), "req_s": len(out) / wall,
            "p50": float(np.percentile(lat, 50)), "p95": float(np.percentile(lat, 95)),
            "p99": float(np.percentile(lat, 99)), "errors": bad + len(errors), "http_errors": bad,
            "broken": len(errors), "rss_start_mb": rss0, "rss_peak_mb": max(samples + [rss1]), "rss_end_mb": rss1,
            "server_cpu_s": cpu1 - cpu0, "server_cpu_ms_per_request": (cpu1 - cpu0) * 1000 / max(1, done[0]),
            "client_cpu_s": client_cpu, "per_kind": per,
            "load": os.getloadavg()}


def live_feed(work: Path, newest: str | None) -> tuple[subprocess.Popen, int, Path]:
    """A replay of a generated 60-vessel scenario placed after the store's newest time, served on
    TCP (looping, 60x): (process, port, file)."""
    feed = work / "live-feed"
    start = (dt.datetime.fromisoformat(newest.replace("Z", "+00:00")) + dt.timedelta(minutes=1)
             if newest else dt.datetime(2024, 6, 6, tzinfo=dt.timezone.utc))
    if not (feed / "scenario.nmea").exists():
        subprocess.run(bench_web.cli("scenario", "generate", "--seed", "7", "--hours", "36", "--vessels", "60",
                                     "--start", start.strftime("%Y-%m-%dT%H:%M:%SZ"), "--out", str(feed)),
                       check=True, env=bench_web.child_env(), capture_output=True)
    port = bench_web.free_port()
    proc = subprocess.Popen(bench_web.cli("replay", str(feed / "scenario.nmea"), "--speed", "60x", "--loop",
                                          "--tcp-serve", f"127.0.0.1:{port}", "--quiet"),
                            env=bench_web.child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    return proc, port, feed


def fmt(levels: list[dict]) -> str:
    head = ["clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "server RSS MB (start/peak/end)",
            "server CPU s", "server CPU ms/request", "client CPU s", "load 1 min"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" for _ in head) + "|"]
    for r in levels:
        lines.append(f"| {r['clients']} | {r['requests']:,} | {r['req_s']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
                     f"{r['p99']:.1f} | {r['errors']} | {r['rss_start_mb']:.0f} / {r['rss_peak_mb']:.0f} / "
                     f"{r['rss_end_mb']:.0f} | {r['server_cpu_s']:.1f} | {r['server_cpu_ms_per_request']:.2f} | "
                     f"{r['client_cpu_s']:.1f} | {r['load'][0]:.1f} |")
    lines.append("")
    kinds = [k for _, k in MIX]
    head = ["request", *[f"{r['clients']} clients p50 / p95 / p99 ms (n)" for r in levels]]
    lines += ["| " + " | ".join(head) + " |", "|---|" + "|".join("---:" for _ in levels) + "|"]
    for k in kinds:
        cells = []
        for r in levels:
            p = r["per_kind"].get(k)
            cells.append(f"{p['p50']:.1f} / {p['p95']:.1f} / {p['p99']:.1f} ({p['n']:,})" if p else "-")
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", default="20,50,100")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--warmup", type=float, default=5.0)
    ap.add_argument("--vessels", type=int, default=6000)
    ap.add_argument("--per-chunk", type=int, default=250)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path("bench-web"))
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--live", action="store_true", help="the server also ingests a live feed (see above)")
    ap.add_argument("--no-cache", action="store_true", help="the server's response cache off")
    ap.add_argument("--json", dest="json_out", type=Path, default=None)
    ap.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                    help="a setting of the server (seasentry serve --set), e.g. web.threads=4; repeatable")
    a = ap.parse_args(argv)
    a.workdir.mkdir(parents=True, exist_ok=True)
    store = bench_web.build_store(a.workdir, a.vessels, a.per_chunk, 36, a.seed, a.reuse)
    db = Path(store["db"])
    token = bench_web.make_token(db)
    extra = ["--set", "web.response_cache=false"] if a.no_cache else []
    for kv in a.settings:
        extra += ["--set", kv]
    feed = None
    if a.live:
        import shutil

        import duckdb

        live_db = a.workdir / "live-copy.duckdb"      # the feed writes: a copy, the benchmark store stays as built
        for f in (live_db, live_db.with_name(live_db.name + ".wal")):
            f.unlink(missing_ok=True)
        shutil.copy(db, live_db)
        db = live_db
        con = duckdb.connect(str(db), read_only=True)
        newest = con.execute("SELECT max(ts) FROM positions").fetchone()[0]
        con.close()
        feed, port, _ = live_feed(a.workdir, newest.strftime("%Y-%m-%dT%H:%M:%SZ") if newest else None)
        extra += ["--tcp", f"feed=127.0.0.1:{port}"]
    server = bench_web.Server(db, a.workdir, extra)
    levels = []
    try:
        d = bench_web.discover(server.url, token)
        import httpx

        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=300) as c:
            mmsis = [v["mmsi"] for v in c.get("/api/vessels?limit=500").raise_for_status().json()["items"]]
        print(f"seasentry serve on {server.url}; store {d['stats'].get('positions', 0):,} positions, "
              f"{d['stats'].get('vessels', 0):,} vessels" + ("; live feed on" if a.live else "")
              + ("; response cache off" if a.no_cache else ""), flush=True)
        for n in [int(x) for x in a.clients.split(",") if x.strip()]:
            r = run_level(server.url, token, Mix(d, mmsis, random.Random(a.seed + n)), n, a.seconds, a.warmup,
                          server.proc.pid)
            levels.append(r)
            print(f"  {n} clients: {r['req_s']:.1f} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, "
                  f"{r['errors']} errors", flush=True)
    finally:
        server.stop()
        if feed is not None:
            feed.kill()
            feed.wait()
        if a.live:
            for f in (db, db.with_name(db.name + ".wal")):
                f.unlink(missing_ok=True)
    load = os.getloadavg()
    print()
    print(f"seasentry web load test, {dt.date.today().isoformat()}: {d['stats'].get('vessels', 0):,} vessels, "
          f"{d['stats'].get('positions', 0):,} positions, {d['events_total']:,} events, {d['alerts_total']:,} alerts; "
          f"{a.seconds:g} s per level after {a.warmup:g} s warm-up; mixed requests (see the script)"
          + ("; live feed ingested meanwhile" if a.live else "") + ("; response cache off" if a.no_cache else "")
          + "".join(f"; --set {kv}" for kv in a.settings)
          + f"; Python {platform.python_version()}, {os.cpu_count()} CPUs, server and client on the same machine, "
          f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print()
    print(fmt(levels))
    if a.json_out:
        a.json_out.write_text(json.dumps({"levels": levels, "store": store, "live": a.live, "no_cache": a.no_cache},
                                         indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
