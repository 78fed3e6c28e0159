"""Live path through the command line, as a user runs it: `seasentry replay` feeding
`seasentry stream` on 127.0.0.1; kill -9 of the stream mid-way and restart.

Exactly-once is checked against the batch ingest of the same lines: the stored messages
(content key, time, line number) must be identical.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from conftest import AIS, run_cli

PY = sys.executable


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def popen(*args, **kw) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("SEASENTRY_DB", None)
    return subprocess.Popen([PY, "-m", "seasentry", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=kw.get("cwd"))


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    """Wait for the replay server's 'serving ... tcp://' line (probing the port would be a client)."""
    t = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < t and proc.poll() is None:
        line = proc.stderr.readline()
        seen += line
        if b"tcp://" in seen:
            return
    raise AssertionError(f"replay did not start: {seen!r}")


def stop(p: subprocess.Popen) -> None:
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)


def stored(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT msg_key, ts, line_no FROM raw_messages ORDER BY msg_key, ts, line_no").fetchall()
    finally:
        con.close()


def rejects(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT line_no, reason FROM rejects ORDER BY 1, 2").fetchall()
    finally:
        con.close()


def keys(rows: list[tuple]) -> list[tuple]:
    """(msg_key, ts) of stored messages: which copy of a message heard twice is kept may differ."""
    return sorted((k, t) for k, t, _ in rows)


def test_replay_into_stream_stores_everything_exactly_once(tmp_path):
    src = AIS / "exact-earth-with-tag-block.txt"
    port = free_port()
    rp = popen("replay", src, "--speed", "max", "--tcp-serve", f"127.0.0.1:{port}", "--exit-after", "1")
    try:
        wait_port(port, rp)
        live = tmp_path / "live.duckdb"
        p = run_cli("stream", "--tcp", f"127.0.0.1:{port}", "--name", "ee", "--idle-exit", "2", "--json",
                    "--set", "live.batch_interval_s=0.3", db=live, timeout=60)
        summary = json.loads(p.stdout_text)
        rp.wait(20)
    finally:
        stop(rp)
    assert json.loads(rp.stdout.read())["lines_sent"] == 221
    batch = tmp_path / "batch.duckdb"
    run_cli("ingest", src, "-q", db=batch)
    a, b = stored(live), stored(batch)
    # 200 messages, one of them from MMSI 57000 (no MID: an invalid_mmsi reject, docs/ingest.md)
    assert len(a) == 199 and a == b
    assert summary["lines"] == 221 and summary["stored"] == 199 and summary["rejects"] == 1
    # journal segments were removed once committed; the checkpoint says what was committed
    jdir = tmp_path / "live.duckdb.journal"
    assert not list(jdir.glob("seg-*.jnl"))
    ck = json.loads((jdir / "checkpoint.json").read_text())
    assert ck["sources"]["ee"]["committed"] == 221 == ck["sources"]["ee"]["last_line"]


def _scenario(tmp_path: Path) -> Path:
    out = tmp_path / "sc"
    run_cli("scenario", "generate", "--hours", "36", "--vessels", "3", "--seed", "5", "--out", out, timeout=120)
    lines = (out / "scenario.nmea").read_bytes().split(b"\n")
    part = tmp_path / "feed.nmea"  # the first ~11 h: big enough to kill mid-way, small enough to be quick
    part.write_bytes(b"\n".join(lines[:20000]) + b"\n")
    return part


def test_kill_9_mid_stream_then_restart_loses_nothing_duplicates_nothing(tmp_path):
    nmea = _scenario(tmp_path)
    all_lines = nmea.read_bytes().split(b"\n")
    port = free_port()
    live = tmp_path / "live.duckdb"
    stats = tmp_path / "stats.json"
    # ~8 s of feed: the stream is killed while lines are arriving and batches are being committed
    rp = popen("replay", nmea, "--speed", "5000x", "--tcp-serve", f"127.0.0.1:{port}")
    sp = None
    try:
        wait_port(port, rp)
        sp = popen("stream", "--tcp", f"127.0.0.1:{port}", "--name", "feed", "--db", live, "--stats-file", stats,
                   "--no-detect", "--set", "live.batch_interval_s=1.5", "-q")
        t_end = time.monotonic() + 40
        while time.monotonic() < t_end:
            try:
                if json.loads(stats.read_text())["stored"] > 0:
                    break
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.1)
        time.sleep(1.0)
        sp.send_signal(signal.SIGKILL)
        sp.wait(10)
        # what was journaled but not committed at the moment of the kill
        ck = json.loads((tmp_path / "live.duckdb.journal" / "checkpoint.json").read_text())
        committed = ck["sources"]["feed"]["committed"]
        # restart without sources: recovery from the journal only
        p = run_cli("stream", "--recover-only", "--json", "--no-detect", db=live, timeout=120)
        rec = json.loads(p.stdout_text)["recovery"]
        ck2 = json.loads((tmp_path / "live.duckdb.journal" / "checkpoint.json").read_text())
        n = ck2["sources"]["feed"]["last_line"]
        assert 0 < committed < n < len(all_lines)  # killed with journaled lines not yet committed
        assert rec["lines_replayed"] >= n - committed > 0
        # the store now holds exactly what the batch ingest of the journaled lines holds
        prefix = tmp_path / "prefix.nmea"
        prefix.write_bytes(b"\n".join(all_lines[:n]) + b"\n")
        batch = tmp_path / "prefix.duckdb"
        run_cli("ingest", prefix, "-q", db=batch)
        assert keys(stored(live)) == keys(stored(batch))
        assert rejects(live) == rejects(batch) and len(rejects(live)) > 0
        # recovering twice changes nothing
        run_cli("stream", "--recover-only", "--no-detect", "-q", db=live, timeout=120)
        assert keys(stored(live)) == keys(stored(batch))
        # start streaming again from a feed played from the start: the rest arrives, nothing twice
        stop(rp)
        rp = popen("replay", nmea, "--speed", "max", "--tcp-serve", f"127.0.0.1:{port}", "--exit-after", "1")
        wait_port(port, rp)
        p = run_cli("stream", "--tcp", f"127.0.0.1:{port}", "--name", "feed", "--idle-exit", "2", "--no-detect",
                    "--json", db=live, timeout=120)
    finally:
        if sp is not None and sp.poll() is None:
            sp.kill()
        stop(rp)
    full = tmp_path / "full.duckdb"
    run_cli("ingest", nmea, "-q", db=full)
    a, b = stored(live), stored(full)
    assert len(a) == len(b) and keys(a) == keys(b)
