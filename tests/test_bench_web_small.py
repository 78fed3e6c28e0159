"""benchmarks/bench_web.py end to end on a ~50-vessel store, without the browser part: it builds the
store, starts `seasentry serve`, measures every endpoint and prints the table (no timing assertions).
Concurrency 1 and 2 here (the real run uses 1 and 8) to keep the test short."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "bench_web.py"


def test_bench_web_small(tmp_path):
    out_json = tmp_path / "bench.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, str(SCRIPT), "--vessels", "50", "--per-chunk", "50", "--requests", "3",
                           "--heavy-requests", "2", "--concurrency", "1,2", "--no-browser", "--workdir", str(tmp_path / "work"),
                           "--json", str(out_json)], check=False, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    text = proc.stdout
    assert "| endpoint" in text and "median ms" in text and "req/s" in text, text
    for label in ("latest, all vessels", "latest, 24 h (page default)", "vessel detail (busiest ship)",
                  "track zoom 10 (busiest ship)", "events, first 100", "alerts, first 200 (page)", "case file (top alert)"):
        assert f"| {label}" in text, label
    assert "browser: skipped (--no-browser)" in text

    res = json.loads(out_json.read_text())
    rows = res["endpoints"]
    assert {r["concurrency"] for r in rows} == {1, 2}
    assert all(r["errors"] == 0 and r["warmup_status"] == 200 and r["n"] >= 2 for r in rows), rows
    assert all(r["median_ms"] <= r["p95_ms"] <= r["max_ms"] for r in rows), rows
    # the store really has what the API is measured on: vessels on the map, events, alerts
    assert res["discover"]["latest_all"] >= 40
    assert res["discover"]["events_total"] > 0 and res["discover"]["alerts_total"] > 0
    assert res["stats"]["positions"] > 10_000
    # the server was stopped and the store kept in --workdir is reusable
    assert (tmp_path / "work" / "web.duckdb").exists()
    again = subprocess.run([sys.executable, str(SCRIPT), "--vessels", "50", "--per-chunk", "50", "--requests", "1",
                            "--heavy-requests", "1", "--concurrency", "1", "--no-browser", "--reuse",
                            "--workdir", str(tmp_path / "work")], check=False, capture_output=True, text=True, env=env,
                           timeout=300)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "reusing" in again.stdout and "(reused)" in again.stdout

    # the load test on the same store: 2 and 4 clients for 2 s each (the real run: 20, 50, 100 for 30 s)
    load_json = tmp_path / "load.json"
    load = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load_web.py"), "--vessels", "50", "--per-chunk",
                           "50", "--reuse", "--workdir", str(tmp_path / "work"), "--clients", "2,4", "--seconds", "2",
                           "--warmup", "1", "--json", str(load_json)], check=False, capture_output=True, text=True,
                          env=env, timeout=300)
    assert load.returncode == 0, load.stdout[-3000:] + load.stderr[-3000:]
    assert "| clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors |" in load.stdout
    levels = json.loads(load_json.read_text())["levels"]
    assert [lv["clients"] for lv in levels] == [2, 4]
    assert all(lv["errors"] == 0 and lv["requests"] > 0 and lv["rss_peak_mb"] > 0 for lv in levels), levels
    assert {"vessel detail", "track zoom 10", "alerts page", "stats"} <= set(levels[1]["per_kind"])
