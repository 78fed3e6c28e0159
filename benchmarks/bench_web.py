"""Web benchmark: `seasentry serve` over a generated store of N vessels, measured from outside.

    python benchmarks/bench_web.py [--vessels 6000] [--per-chunk 250] [--hours 36] [--no-browser]
                                   [--workdir DIR [--reuse]] [--json OUT]

1. Store: the scenario generator (``seasentry.scenario.bulk.write_corpus``) writes ``vessels /
   per-chunk`` chunks of ``per-chunk`` MMSIs each (chunk k: its own MMSIs, seed + k, laid end to
   end in time, ``hours`` each), then ``seasentry run`` ingests the NMEA, detects events and
   evaluates the alert rules, so the API has positions, events, alerts and risk scores.
2. Server: ``seasentry tokens create --role viewer`` makes a token, ``seasentry serve`` runs as a
   subprocess on a free port of 127.0.0.1 (the real command, uvicorn, one process).
3. API: each endpoint gets one unmeasured warm-up request, then ``--requests`` requests (fewer
   for the heavy ones, see ``--heavy-requests``) at concurrency 1 (one client, sequential) and 8
   (8 threads, one httpx client each). Latency is wall time from sending the request to having
   read the whole body (client side, JSON not parsed); req/s is requests / wall time of the batch.
4. Browser (when /usr/bin/chromium and playwright are present, and without ``--no-browser``):
   Debian's headless Chromium driven by playwright (as tests/test_web_browser.py; never a browser
   download) logs in and times (a) the first map render: click on *Sign in* until the page is
   ready (``body[data-ready=1]``: /api/me, basemap, latest positions, stats, zones, lists) with
   vessels drawn, (b) switching the age filter to "any time" (reload of every vessel + redraw),
   (c) pans and zooms without animation: the vessel layer's own redraw time
   (``window.seasentry.lastDrawMs``), the synchronous handler time, and the time to the second
   animation frame after the move (painted).

The corpus chunks follow each other in time, so only the last chunk's vessels were heard in
the 24 h before the newest position; the all-vessels figures use ``max_age_h=438000`` (the
page's "any time"). The client, the server and the browser share the machine's CPUs: on a small
machine the client's own work is part of the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ANY_TIME_H = 438000  # the page's "any time" age filter (index.html)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "seasentry", *args]


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("NO_COLOR", "1")
    env["COLUMNS"] = "200"
    return env


# ------------------------------------------------------------------------------------- store
def build_store(work: Path, vessels: int, per_chunk: int, hours: float, seed: int, reuse: bool) -> dict:
    """Generate the corpus and run ingest + detection + alerts into ``work/web.duckdb``."""
    from seasentry.scenario.bulk import write_corpus

    db = work / "web.duckdb"
    per_chunk = max(1, min(per_chunk, vessels))
    scale = max(1, round(vessels / per_chunk))
    params = {"vessels": vessels, "per_chunk": per_chunk, "scale": scale, "hours": hours, "seed": seed}
    meta = work / "bench_web_store.json"
    if reuse and db.exists() and meta.exists():
        old = json.loads(meta.read_text())
        if old.get("params") == params:
            print(f"reusing {db} (built {old.get('built')})", flush=True)
            return {**old, "reused": True}
    if db.exists():
        db.unlink()
    wal = db.with_name(db.name + ".wal")
    if wal.exists():
        wal.unlink()
    corpus = work / "corpus"
    print(f"generating {scale} chunk(s) x {per_chunk} vessels x {hours:g} h (seed {seed}) ...", flush=True)
    t0 = time.perf_counter()
    summ = write_corpus(corpus, seed=seed, hours=hours, vessels=per_chunk, scale=scale)
    t_gen = time.perf_counter() - t0
    print(f"  {summ['positions']:,} positions, {summ['lines']:,} NMEA lines in {t_gen:.1f} s", flush=True)
    print("seasentry run (ingest, detect, alerts) ...", flush=True)
    t0 = time.perf_counter()
    log = work / "run.log"
    with open(log, "w", encoding="utf-8") as fh:
        rc = subprocess.call(cli("run", str(corpus / "scenario.nmea"), "--db", str(db), "--quiet"),
                             stdout=fh, stderr=subprocess.STDOUT, env=child_env())
    t_run = time.perf_counter() - t0
    if rc != 0:
        sys.stderr.write(log.read_text(encoding="utf-8", errors="replace")[-4000:])
        raise SystemExit(f"seasentry run failed (exit {rc}); log: {log}")
    print(f"  done in {t_run:.1f} s", flush=True)
    shutil.rmtree(corpus, ignore_errors=True)
    info = {"params": params, "built": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "generate_s": round(t_gen, 2), "run_s": round(t_run, 2), "positions_generated": summ["positions"],
            "nmea_lines": summ["lines"], "db": str(db)}
    meta.write_text(json.dumps(info, indent=2))
    return {**info, "reused": False}


def make_token(db: Path) -> str:
    out = subprocess.run(cli("tokens", "create", "--role", "viewer", "--name", "bench-web", "--db", str(db), "--json"),
                         check=False, capture_output=True, text=True, env=child_env())
    if out.returncode != 0:
        raise SystemExit(f"seasentry tokens create failed: {out.stderr or out.stdout}")
    return json.loads(out.stdout)["token"]


# ------------------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``seasentry serve`` as a subprocess; stopped with SIGINT (its Ctrl-C path), killed if stuck."""

    def __init__(self, db: Path, work: Path, extra: list[str] | tuple = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(work / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 (closed in stop())
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cli("serve", "--db", str(db), "--port", str(self.port), "--poll", "3600",
                                         *extra),
                                     stdout=self.log, stderr=subprocess.STDOUT, env=child_env())
        import httpx

        while True:
            if self.proc.poll() is not None:
                self.log.flush()
                raise SystemExit("seasentry serve exited:\n" + (work / "serve.log").read_text()[-3000:])
            try:
                if httpx.get(self.url + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - t0 > 120:
                self.stop()
                raise SystemExit("seasentry serve did not answer /api/health within 120 s")
            time.sleep(0.1)
        self.startup_s = time.perf_counter() - t0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.log.close()


# ------------------------------------------------------------------------------------- API load
def measure(url: str, token: str, path: str, n: int, conc: int) -> dict:
    """``n`` GETs of ``path`` at concurrency ``conc`` after one warm-up; latencies in ms."""
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    local = threading.local()
    clients: list = []
    lock = threading.Lock()

    def client():
        c = getattr(local, "c", None)
        if c is None:
            c = local.c = httpx.Client(base_url=url, headers=headers, timeout=300)
            with lock:
                clients.append(c)
        return c

    def one(_=None):
        c = client()
        t0 = time.perf_counter()
        r = c.get(path)
        body = r.content
        return time.perf_counter() - t0, r.status_code, len(body)

    try:
        warm = one()
        lat, codes, sizes = [], [], []
        t0 = time.perf_counter()
        if conc <= 1:
            res = [one() for _ in range(n)]
        else:
            with ThreadPoolExecutor(conc) as ex:
                res = list(ex.map(one, range(n)))
        wall = time.perf_counter() - t0
    finally:
        for c in clients:
            c.close()
    for s, code, size in res:
        lat.append(s * 1000)
        codes.append(code)
        sizes.append(size)
    a = np.asarray(lat)
    return {"path": path, "concurrency": conc, "n": n, "errors": sum(c != 200 for c in codes),
            "warmup_status": warm[1], "warmup_ms": round(warm[0] * 1000, 1),
            "median_ms": round(float(np.median(a)), 1), "p95_ms": round(float(np.percentile(a, 95)), 1),
            "max_ms": round(float(a.max()), 1), "req_s": round(n / wall, 1) if wall > 0 else None,
            "kb": round(statistics.median(sizes) / 1024, 1)}


def discover(url: str, token: str) -> dict:
    """Store facts and the ids the endpoints need (the busiest ship, the vessel of the top alert)."""
    import httpx

    h = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=h, timeout=300) as c:
        stats = c.get("/api/stats").raise_for_status().json()
        # the busiest ship (base stations report most often but do not move: their track is 2 points)
        busiest = [v for v in c.get("/api/vessels?limit=50").raise_for_status().json()["items"]
                   if v.get("mmsi_kind") not in ("coast_station", "aton")][:1]
        alerts = c.get("/api/alerts?limit=1").raise_for_status().json()
        lat_all = c.get(f"/api/latest?limit=50000&max_age_h={ANY_TIME_H}").raise_for_status().json()
        lat_24 = c.get("/api/latest?limit=50000").raise_for_status().json()
        events = c.get("/api/events?limit=1").raise_for_status().json()
    top_alert = alerts["items"][0] if alerts["items"] else None
    newest = lat_all.get("newest")
    since = None
    if newest:  # the page's incremental refresh asks for vessels heard since its last newest time
        t = dt.datetime.fromisoformat(newest.replace("Z", "+00:00")) - dt.timedelta(minutes=10)
        since = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"stats": stats, "busiest_mmsi": busiest[0]["mmsi"] if busiest else None,
            "busiest_positions": busiest[0]["positions"] if busiest else None,
            "alert_mmsi": top_alert["mmsi"] if top_alert else None, "alerts_total": alerts["total"],
            "events_total": events["total"], "latest_all": lat_all["count"], "latest_24h": lat_24["count"],
            "risk_scored": sum(1 for r in lat_all["rows"] if r[-1] is not None), "since": since}


def endpoints(d: dict, requests: int, heavy: int) -> list[tuple[str, str, int, bool]]:
    """(label, path, requests, also at concurrency 8)."""
    eps = [("latest, all vessels", f"/api/latest?limit=50000&max_age_h={ANY_TIME_H}", heavy, True),
           ("latest, 24 h (page default)", "/api/latest?limit=50000&max_age_h=24", heavy, True)]
    if d["since"]:
        eps.append(("latest, since (page refresh)", f"/api/latest?limit=50000&max_age_h=24&since={d['since']}",
                    requests, True))
    m = d["busiest_mmsi"]
    if m is not None:
        eps += [("vessel detail (busiest ship)", f"/api/vessels/{m}", requests, True),
                ("track zoom 10 (busiest ship)", f"/api/vessels/{m}/track?zoom=10&max_points=20000", requests, True),
                ("track all points (busiest ship)", f"/api/vessels/{m}/track?max_points=20000", requests, True)]
    eps += [("events, first 100", "/api/events?limit=100", requests, True),
            ("events, type gap in a bbox", "/api/events?type=gap&bbox=11,33,16,37&limit=100", requests, True),
            ("alerts, first 200 (page)", "/api/alerts?limit=200", requests, True),
            ("stats", "/api/stats", requests, True)]
    if d["alert_mmsi"] is not None:
        eps.append(("case file (top alert)", f"/api/vessels/{d['alert_mmsi']}/case", max(2, heavy // 4), False))
    return eps


# ------------------------------------------------------------------------------------- browser
def browser_available() -> str | None:
    """None when the browser part can run, else why not."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed"
    return None


_PAN_ZOOM_JS = """async (ops) => {
  const S = window.seasentry, m = S.map;
  const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
  const out = [];
  for (const op of ops) {
    await raf();
    const t0 = performance.now();
    if (op[0] === "pan") m.panBy([op[1], op[2]], {animate: false});
    else m.setView([op[1], op[2]], op[3], {animate: false});
    const sync = performance.now() - t0;
    await raf(); await raf();
    out.push({op: op[0], sync_ms: sync, frame_ms: performance.now() - t0, draw_ms: S.lastDrawMs, drawn: S.drawn});
  }
  return out;
}"""


def run_browser(url: str, token: str, expect_all: int, repeats: int) -> dict:
    from playwright.sync_api import sync_playwright

    def wait(page, expr: str, timeout: float = 120.0) -> None:
        t0 = time.monotonic()
        while not page.evaluate(expr):
            if time.monotonic() - t0 > timeout:
                raise TimeoutError(f"timed out waiting for {expr}")
            time.sleep(0.005)

    res: dict = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = b.new_page(viewport={"width": 1400, "height": 860})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url + "/")
            page.fill("#token-input", token)
            t0 = time.perf_counter()
            page.click("#login-button")
            wait(page, "document.body.dataset.ready === '1' && window.seasentry.drawn > 0")
            res["first_render_s"] = round(time.perf_counter() - t0, 3)
            res["first_render_vessels"] = page.evaluate("window.seasentry.vessels.size")
            res["first_render_drawn"] = page.evaluate("window.seasentry.drawn")
            res["first_render_draw_ms"] = round(page.evaluate("window.seasentry.lastDrawMs"), 2)

            # every vessel ("any time"): one /api/latest of all vessels, rebuild of the vessel map, redraw
            t0 = time.perf_counter()
            page.select_option("#age-filter", str(ANY_TIME_H))
            wait(page, f"window.seasentry.vessels.size >= {expect_all}")
            res["all_vessels_load_s"] = round(time.perf_counter() - t0, 3)
            res["all_vessels"] = page.evaluate("window.seasentry.vessels.size")
            res["all_vessels_drawn"] = page.evaluate("window.seasentry.drawn")
            res["all_vessels_draw_ms"] = round(page.evaluate("window.seasentry.lastDrawMs"), 2)

            page.evaluate("window.seasentry.map.setView([35.2, 14.5], 7, {animate: false}) && null")
            page.wait_for_timeout(300)
            ops = []
            for i in range(repeats):
                s = 1 if i % 2 == 0 else -1
                ops += [["pan", 150 * s, 0], ["pan", 0, 100 * s],
                        ["zoom", 35.2, 14.5, 8], ["zoom", 35.2, 14.5, 6], ["zoom", 35.2, 14.5, 7]]
            moves = page.evaluate(_PAN_ZOOM_JS, ops)
            for kind in ("pan", "zoom"):
                ms = [m for m in moves if m["op"] == kind]
                res[kind] = {k: _summary([m[k] for m in ms]) for k in ("draw_ms", "sync_ms", "frame_ms")}
                res[kind]["n"] = len(ms)
                res[kind]["drawn_median"] = int(np.median([m["drawn"] for m in ms]))
            res["page_errors"] = errors
        finally:
            b.close()
    return res


def _summary(xs: list[float]) -> dict:
    a = np.asarray(xs, dtype=float)
    return {"median": round(float(np.median(a)), 2), "p95": round(float(np.percentile(a, 95)), 2),
            "max": round(float(a.max()), 2)}


# ------------------------------------------------------------------------------------- report
def fmt_table(rows: list[dict]) -> str:
    head = ["endpoint", "conc", "n", "median ms", "p95 ms", "max ms", "req/s", "KB", "errors"]
    body = [[r["label"], str(r["concurrency"]), str(r["n"]), f"{r['median_ms']:.1f}", f"{r['p95_ms']:.1f}",
             f"{r['max_ms']:.1f}", f"{r['req_s']:.1f}", f"{r['kb']:.1f}", str(r["errors"])] for r in rows]
    w = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]

    def line(cells):
        return "| " + " | ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(cells)) + " |"

    sep = "|" + "|".join(("-" * (x + 1) + ":") if i else "-" * (x + 2) for i, x in enumerate(w)) + "|"
    return "\n".join([line(head), sep] + [line(b) for b in body])


def fmt_browser(br: dict) -> str:
    if "skipped" in br:
        return f"browser: skipped ({br['skipped']})"
    first = (f"| first map render: Sign in -> page ready, {br['first_render_drawn']:,} vessels drawn "
             f"| {br['first_render_s'] * 1000:.0f} ms |")
    every = (f"| age filter 'any time': load + draw {br['all_vessels']:,} vessels "
             f"| {br['all_vessels_load_s'] * 1000:.0f} ms |")
    lines = ["| browser (headless Chromium, software rendering) | value |", "|---|---:|", first,
             f"| vessel layer draw at first render | {br['first_render_draw_ms']:.1f} ms |", every,
             f"| vessel layer draw, {br['all_vessels_drawn']:,} vessels | {br['all_vessels_draw_ms']:.1f} ms |"]
    for kind in ("pan", "zoom"):
        k = br[kind]
        for key, what in (("draw_ms", f"{kind} ({k['n']}x, ~{k['drawn_median']:,} in view): vessel layer draw"),
                          ("sync_ms", f"{kind}: whole move handler (basemap + vessels)"),
                          ("frame_ms", f"{kind}: to the 2nd animation frame after the move")):
            lines.append(f"| {what}, median / max | {k[key]['median']:.1f} / {k[key]['max']:.1f} ms |")
    if br.get("page_errors"):
        lines.append(f"| page errors | {len(br['page_errors'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vessels", type=int, default=6000, help="vessels (MMSIs) in the store (default 6000)")
    ap.add_argument("--per-chunk", type=int, default=250, help="vessels per generated chunk (default 250)")
    ap.add_argument("--hours", type=float, default=36, help="hours per chunk (>= 36; default 36)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=40, help="requests per endpoint and concurrency (default 40)")
    ap.add_argument("--heavy-requests", type=int, default=16,
                    help="requests for /api/latest of all vessels and the case file (/4) (default 16)")
    ap.add_argument("--concurrency", default="1,8", help="comma-separated (default 1,8)")
    ap.add_argument("--no-browser", action="store_true", help="skip the headless Chromium part")
    ap.add_argument("--browser-repeats", type=int, default=6, help="rounds of 2 pans + 3 zooms (default 6)")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the store here (default: a temp dir)")
    ap.add_argument("--reuse", action="store_true", help="reuse the store in --workdir if built with the same "
                                                          "parameters")
    ap.add_argument("--json", dest="json_out", type=Path, default=None, help="also write the results as JSON")
    ap.add_argument("--no-cache", action="store_true",
                    help="the server's response cache off (--set web.response_cache=false): every request computed")
    a = ap.parse_args(argv)
    if a.vessels < 1 or a.requests < 1 or a.heavy_requests < 1:
        ap.error("--vessels, --requests and --heavy-requests must be >= 1")
    concs = sorted({int(c) for c in a.concurrency.split(",") if c.strip()})
    # `kill PID` (and Ctrl-C, even when started in the background with SIGINT ignored) stops the
    # server and removes the temp dir through the `finally` below
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    tmp = None
    if a.workdir is None:
        tmp = tempfile.mkdtemp(prefix="seasentry-bench-web-")
        work = Path(tmp)
    else:
        work = a.workdir
        work.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    server = None
    try:
        store = build_store(work, a.vessels, a.per_chunk, a.hours, a.seed, a.reuse)
        db = Path(store["db"])
        token = make_token(db)
        server = Server(db, work, ["--set", "web.response_cache=false"] if a.no_cache else [])
        print(f"seasentry serve on {server.url} (ready in {server.startup_s:.1f} s)"
              + (", response cache off" if a.no_cache else ""), flush=True)
        d = discover(server.url, token)
        s = d["stats"]
        print(f"store: {s.get('positions', 0):,} positions, {s.get('vessels', 0):,} vessels, "
              f"{d['events_total']:,} events, {d['alerts_total']:,} alerts; /api/latest: {d['latest_all']:,} "
              f"vessels (any time), {d['latest_24h']:,} in the last 24 h, {d['risk_scored']:,} with a risk score",
              flush=True)
        rows = []
        for label, path, n, multi in endpoints(d, a.requests, a.heavy_requests):
            for c in concs:
                if c > 1 and not multi:
                    continue
                r = measure(server.url, token, path, max(n, 2 * c) if c > 1 else n, c)
                r["label"] = label
                rows.append(r)
                print(f"  {label:32s} c={c}: median {r['median_ms']:.1f} ms, {r['req_s']:.1f} req/s", flush=True)
        why = "--no-browser" if a.no_browser else browser_available()
        if why is None:
            print("browser: headless Chromium ...", flush=True)
            br = run_browser(server.url, token, d["latest_all"], a.browser_repeats)
        else:
            br = {"skipped": why}
    finally:
        if server is not None:
            server.stop()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    load = os.getloadavg()
    header = (f"seasentry web benchmark, {dt.date.today().isoformat()}: {s.get('vessels', 0):,} vessels, "
              f"{s.get('positions', 0):,} positions, {d['events_total']:,} events, {d['alerts_total']:,} alerts "
              f"(scenario seed {a.seed}, {store['params']['scale']} chunk(s) x {store['params']['per_chunk']} "
              f"vessels x {a.hours:g} h){'; response cache off' if a.no_cache else ''}; "
              f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
              f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print()
    print(header)
    print(f"store build: generate {store['generate_s']:.1f} s, seasentry run {store['run_s']:.1f} s"
          + (" (reused)" if store.get("reused") else "") + f"; serve ready in {server.startup_s:.1f} s")
    if d["busiest_mmsi"] is not None:
        print(f"vessel detail and track: MMSI {d['busiest_mmsi']} ({d['busiest_positions']:,} positions)"
              + (f"; case file: MMSI {d['alert_mmsi']}" if d["alert_mmsi"] is not None else ""))
    print()
    print(fmt_table(rows))
    print()
    print(fmt_browser(br))
    if a.json_out is not None:
        a.json_out.parent.mkdir(parents=True, exist_ok=True)
        a.json_out.write_text(json.dumps({"header": header, "args": {k: str(v) for k, v in vars(a).items()},
                                          "store": store, "discover": {k: v for k, v in d.items() if k != "stats"},
                                          "stats": s, "serve_startup_s": round(server.startup_s, 2),
                                          "endpoints": rows, "browser": br,
                                          "total_s": round(time.perf_counter() - t_start, 1)}, indent=2, default=str))
    return 1 if any(r["errors"] or r["warmup_status"] != 200 for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
