"""Crash test of the web server: `seasentry serve` under a mixed load of reads and writes is killed
with SIGKILL (kill -9) at a random moment, again and again; after each kill the store is checked.

    python benchmarks/kill9_web.py [--rounds 10] [--readers 4] [--min-s 1 --max-s 4] [--workdir DIR]
                                   [--db STORE] [--seed 1] [--json OUT]

Each round starts ``seasentry serve`` on the same store, runs reader threads (latest positions,
alerts, events, stats, vessel detail, track) and three writer threads through the API (zones
created and deleted, alert actions, tokens created and revoked), and kills the server after a
random time in [min-s, max-s] seconds. The store is then opened directly and checked:

* **lost**: a write the server acknowledged (2xx) that is not in the store (a zone created, a zone
  deleted, an alert action, a token created or revoked), or whose audit row is missing;
* **unaudited**: a write in the store without its audit row (a zone, a deletion, an alert action
  by a user, a token or a revocation made through the API);
* **orphan audit rows**: an audit row of a write that is not in the store;
* **5xx**: answers with a server error (a refused connection after the kill is not an answer).

The store (when --db is not given): the 50-vessel store of ``benchmarks/bench_web.py`` (scenario
generator, `seasentry run`: positions, events, alerts), built in --workdir (kept and reused).
Everything runs on 127.0.0.1; every loop is bounded in time. Prints one row per round and totals.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

SQUARE = [[14.0, 35.0], [14.2, 35.0], [14.2, 35.2], [14.0, 35.2], [14.0, 35.0]]
NEXT = {"new": ["ack", "escalate", "dismiss"], "acknowledged": ["escalate", "dismiss"], "escalated": ["dismiss"],
        "dismissed": []}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "seasentry", *args]


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e.pop("SEASENTRY_DB", None)
    e.setdefault("NO_COLOR", "1")
    return e


def token(db: Path, role: str, name: str) -> str:
    out = subprocess.run(cli("tokens", "create", "--role", role, "--name", name, "--db", str(db), "--json"),
                         capture_output=True, text=True, env=env(), check=True)
    return json.loads(out.stdout)["token"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Load:
    """Readers and writers against one server until ``stop`` is set; what was acknowledged."""

    def __init__(self, url: str, tokens: dict, rnd: random.Random, tag: str, readers: int, mmsis: list[int]) -> None:
        import httpx

        self.url, self.tok, self.rnd, self.tag = url, tokens, rnd, tag
        self.stop = threading.Event()
        self.codes: Counter = Counter()
        self.lock = threading.Lock()
        self.acked: dict[str, list] = {"zone.create": [], "zone.delete": [], "alert": [], "token.create": [],
                                       "token.revoke": []}
        self.mmsis = mmsis
        self.threads = [threading.Thread(target=self._reader, args=(i,), daemon=True) for i in range(readers)]
        self.threads += [threading.Thread(target=f, daemon=True) for f in (self._zones, self._alerts, self._tokens)]
        self.httpx = httpx

    def _client(self, role: str):
        return self.httpx.Client(base_url=self.url, headers={"Authorization": "Bearer " + self.tok[role]}, timeout=30)

    def _req(self, c, method: str, path: str, **kw):
        try:
            r = c.request(method, path, **kw)
        except self.httpx.HTTPError:
            self.stop.wait(0.05)
            return None            # the server is gone (killed): no answer
        with self.lock:
            self.codes[r.status_code] += 1
        return r

    def _reader(self, i: int) -> None:
        paths = ["/api/latest?max_age_h=438000&limit=50000", "/api/latest", "/api/alerts?limit=200", "/api/events?limit=100",
                 "/api/stats", "/api/zones", "/api/risk?limit=50"]
        with self._client("viewer") as c:
            while not self.stop.is_set():
                m = self.rnd.choice(self.mmsis)
                p = self.rnd.choice(paths + [f"/api/vessels/{m}", f"/api/vessels/{m}/track?zoom=9"])
                self._req(c, "GET", p)

    def _zones(self) -> None:
        mine: list[str] = []
        k = 0
        with self._client("analyst") as c:
            while not self.stop.is_set():
                if mine and self.rnd.random() < 0.4:
                    zid = mine.pop(self.rnd.randrange(len(mine)))
                    r = self._req(c, "DELETE", f"/api/zones/{zid}")
                    if r is not None and r.status_code == 200:
                        self.acked["zone.delete"].append(zid)
                else:
                    k += 1
                    body = {"type": "FeatureCollection", "features": [
                        {"type": "Feature", "properties": {"name": f"kill9 {self.tag} {k}"},
                         "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}]}
                    r = self._req(c, "POST", "/api/zones", json=body)
                    if r is not None and r.status_code == 201:
                        zid = r.json()["created"][0]["zone_id"]
                        mine.append(zid)
                        self.acked["zone.create"].append(zid)

    def _alerts(self) -> None:
        with self._client("analyst") as c:
            while not self.stop.is_set():
                r = self._req(c, "GET", "/api/alerts?status=new,acknowledged,escalated&limit=50")
                if r is None or r.status_code != 200 or not r.json()["items"]:
                    self.stop.wait(0.1)
                    continue
                a = self.rnd.choice(r.json()["items"])
                if not NEXT.get(a["status"]):
                    continue
                act = self.rnd.choice(NEXT[a["status"]])
                r = self._req(c, "POST", f"/api/alerts/{a['alert_id']}/actions",
                              json={"action": act, "note": f"kill9 {self.tag}"})
                if r is not None and r.status_code == 200:
                    self.acked["alert"].append((a["alert_id"], act))

    def _tokens(self) -> None:
        mine: list[str] = []
        k = 0
        with self._client("admin") as c:
            while not self.stop.is_set():
                if mine and self.rnd.random() < 0.5:
                    tid = mine.pop()
                    r = self._req(c, "DELETE", f"/api/tokens/{tid}")
                    if r is not None and r.status_code == 200:
                        self.acked["token.revoke"].append(tid)
                else:
                    k += 1
                    r = self._req(c, "POST", "/api/tokens", json={"name": f"kill9-{self.tag}-{k}", "role": "viewer"})
                    if r is not None and r.status_code == 201:
                        tid = r.json()["token_id"]
                        mine.append(tid)
                        self.acked["token.create"].append(tid)
                self.stop.wait(0.05)


def check(db: Path, acked_all: dict, users: dict) -> dict:
    """Compare the store with what was acknowledged over every round so far."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        zones = {r[0] for r in con.execute("SELECT zone_id FROM zones").fetchall()}
        audit = con.execute("SELECT action, target, detail, outcome, user_name FROM audit_log").fetchall()
        created = {z for a, t, d, o, u in audit if a == "zone.create" and o == "ok" for z in (t or "").split(",") if z}
        deleted = {t for a, t, d, o, u in audit if a == "zone.delete" and o == "ok"}
        acts = Counter((r[0], r[1]) for r in con.execute(
            "SELECT alert_id, action FROM alert_actions WHERE user_name = ?", [users["analyst"]]).fetchall())
        act_audit = Counter((t, a.split(".", 1)[1]) for a, t, d, o, u in audit
                            if a.startswith("alert.") and o == "ok" and u == users["analyst"])
        toks = dict(con.execute("SELECT token_id, revoked IS NOT NULL FROM api_tokens WHERE created_by = ?",
                                [users["admin"]]).fetchall())
        tok_created = {t for a, t, d, o, u in audit if a == "token.create" and o == "ok" and u == users["admin"]}
        tok_revoked = {t for a, t, d, o, u in audit if a == "token.revoke" and o == "ok" and u == users["admin"]
                       and not json.loads(d or "{}").get("already_revoked")}
    finally:
        con.close()
    lost = []
    lost += [("zone.create", z) for z in acked_all["zone.create"] if z not in created]
    lost += [("zone.delete", z) for z in acked_all["zone.delete"] if z in zones or z not in deleted]
    acked_acts = Counter(acked_all["alert"])
    lost += [("alert", k) for k, n in acked_acts.items() if acts[k] < n or act_audit[k] < n]
    lost += [("token.create", t) for t in acked_all["token.create"] if t not in toks or t not in tok_created]
    lost += [("token.revoke", t) for t in acked_all["token.revoke"] if not toks.get(t) or t not in tok_revoked]
    unaudited = []
    unaudited += [("zone", z) for z in zones if z not in created]
    unaudited += [("alert", k) for k, n in acts.items() if act_audit[k] < n]
    unaudited += [("token", t) for t in toks if t not in tok_created]
    unaudited += [("revocation", t) for t, rv in toks.items() if rv and t not in tok_revoked]
    orphans = []
    orphans += [("zone.create", z) for z in created if z not in zones and z not in deleted]
    orphans += [("zone.delete", z) for z in deleted if z in zones]
    orphans += [("alert", k) for k, n in act_audit.items() if acts[k] < n]
    orphans += [("token.create", t) for t in tok_created if t not in toks]
    orphans += [("token.revoke", t) for t in tok_revoked if not toks.get(t)]
    return {"lost": lost, "unaudited": unaudited, "orphans": orphans, "zones": len(zones),
            "alert_actions": sum(acts.values()), "tokens": len(toks)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--readers", type=int, default=4)
    ap.add_argument("--min-s", type=float, default=1.0)
    ap.add_argument("--max-s", type=float, default=4.0)
    ap.add_argument("--workdir", type=Path, default=Path("kill9-web"))
    ap.add_argument("--db", type=Path, default=None, help="an existing store to use (it is written to)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", dest="json_out", type=Path, default=None)
    a = ap.parse_args(argv)
    a.workdir.mkdir(parents=True, exist_ok=True)
    if a.db is None:
        import bench_web

        info = bench_web.build_store(a.workdir, 50, 50, 36, a.seed, True)
        db = Path(info["db"])
    else:
        db = a.db
    tag0 = f"{int(time.time())}"
    users = {r: f"kill9-{r}-{tag0}" for r in ("viewer", "analyst", "admin")}
    tokens = {r: token(db, r, users[r]) for r in users}
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    mmsis = [r[0] for r in con.execute("SELECT mmsi FROM vessels ORDER BY positions DESC LIMIT 200").fetchall()]
    con.close()
    rnd = random.Random(a.seed)
    acked_all: dict[str, list] = {"zone.create": [], "zone.delete": [], "alert": [], "token.create": [],
                                  "token.revoke": []}
    rows = []
    total_codes: Counter = Counter()
    print(f"kill -9 test of `seasentry serve`: store {db}, {a.rounds} rounds, {a.readers} readers + 3 writers, "
          f"kill after {a.min_s:g}-{a.max_s:g} s; load {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    head = ["round", "up s", "requests", "5xx", "acked writes", "lost", "unaudited", "orphan audit", "restart s"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for rno in range(1, a.rounds + 1):
        port = free_port()
        log = open(a.workdir / "serve.log", "a", encoding="utf-8")  # noqa: SIM115
        t0 = time.monotonic()
        proc = subprocess.Popen(cli("serve", "--db", str(db), "--port", str(port), "--poll", "1"), stdout=log,
                                stderr=subprocess.STDOUT, env=env())
        import httpx

        url = f"http://127.0.0.1:{port}"
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"serve exited {proc.returncode}; see {a.workdir / 'serve.log'}")
            try:
                if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - t0 > 120:
                proc.kill()
                raise SystemExit("serve did not start within 120 s")
            time.sleep(0.05)
        restart = time.monotonic() - t0
        load = Load(url, tokens, random.Random(rnd.random()), f"{tag0}-{rno}", a.readers, mmsis)
        for t in load.threads:
            t.start()
        up = rnd.uniform(a.min_s, a.max_s)
        time.sleep(up)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        load.stop.set()
        for t in load.threads:
            t.join(timeout=60)
        log.close()
        for k, v in load.acked.items():
            acked_all[k] += v
        res = check(db, acked_all, users)
        n5 = sum(v for k, v in load.codes.items() if k >= 500)
        total_codes.update(load.codes)
        acked = sum(len(v) for v in load.acked.values())
        row = {"round": rno, "up_s": round(up, 2), "requests": sum(load.codes.values()), "5xx": n5,
               "acked_writes": acked, "lost": len(res["lost"]), "unaudited": len(res["unaudited"]),
               "orphans": len(res["orphans"]), "restart_s": round(restart, 2), "detail": res}
        rows.append(row)
        print(f"| {rno} | {up:.1f} | {row['requests']:,} | {n5} | {acked} | {row['lost']} | {row['unaudited']} | "
              f"{row['orphans']} | {restart:.1f} |", flush=True)
        if res["lost"] or res["unaudited"] or res["orphans"]:
            print("  " + json.dumps({k: res[k][:5] for k in ("lost", "unaudited", "orphans")}), flush=True)
    tot = {k: sum(r[k] for r in rows) for k in ("requests", "5xx", "acked_writes", "lost", "unaudited", "orphans")}
    kinds = {k: len(v) for k, v in acked_all.items()}
    print(f"total: {a.rounds} kills, {tot['requests']:,} answered requests, {tot['5xx']} 5xx, "
          f"{tot['acked_writes']} acknowledged writes ({', '.join(f'{k} {v}' for k, v in kinds.items())}), "
          f"{tot['lost']} lost, {tot['unaudited']} unaudited, {tot['orphans']} orphan audit rows; status codes "
          f"{dict(sorted(total_codes.items()))}; load {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if a.json_out:
        a.json_out.write_text(json.dumps({"rounds": rows, "totals": tot, "acked": kinds,
                                          "codes": dict(total_codes)}, indent=1, default=str))
    return 1 if (tot["lost"] or tot["unaudited"] or tot["orphans"] or tot["5xx"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
