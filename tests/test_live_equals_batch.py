"""A live stream stores what a file ingest of the same lines stores, whatever the packet and batch
boundaries, and across a kill -9.

20,000 lines of a generated scenario (receiving stations with tag blocks, satellite lines whose
times lag, two-sentence type 5, duplicates, corrupt lines) are ingested with `seasentry ingest`,
and sent by a TCP server of this test to `seasentry stream --tcp` in packets of random sizes
(cut anywhere, also inside a line), with random batch sizes. Half-way the stream is killed with
SIGKILL; the lines it journaled are the lines it received; a second `seasentry stream` (another
random batch size) recovers from the journal and receives the rest on a new connection. Then
every table -- messages (raw_messages), positions, statics, other messages, rejects -- must be
equal row by row to the batch store's (live messages without a tag-block station carry the
source name as station: compared as such), and so the rejects per reason.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

import seasentry
from conftest import run_cli
from seasentry.live.journal import KIND_LINE, read_segment

N_LINES = int(os.environ.get("SEASENTRY_LIVE_EQ_LINES", "20000"))
SOURCE = "feed"


class Feeder:
    """A TCP server sending ``lines[resume:]`` in packets of random sizes to the first client after
    it is armed (a reconnecting client later gets nothing: the feed was sent)."""

    def __init__(self, lines: list[bytes], rng: random.Random) -> None:
        self.data = lines
        self.rng = rng
        self.resume = 0
        self.armed = True
        self.pause_after: int | None = None  # send up to this line, then nothing more on that connection
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.done = threading.Event()  # the last connection sent everything
        self.stop = threading.Event()
        self.t = threading.Thread(target=self._serve, daemon=True)
        self.t.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            if not self.armed:
                conn.close()
                continue
            self.armed = False
            end = len(self.data) if self.pause_after is None else self.pause_after + 1
            buf = b"".join(ln + b"\n" for ln in self.data[self.resume:end])
            pos = 0
            try:
                while pos < len(buf) and not self.stop.is_set():
                    n = self.rng.choice([1, 7, 60, 300, 1500, 4000, 20000])
                    conn.sendall(buf[pos:pos + n])
                    pos += n
                    if self.rng.random() < 0.2:
                        time.sleep(self.rng.random() * 0.01)
                if pos >= len(buf) and end == len(self.data):
                    self.done.set()
                while self.pause_after is not None and not self.stop.is_set():  # paused: the stream is killed now
                    time.sleep(0.05)
            except OSError:
                pass  # the stream was killed
            finally:
                conn.close()

    def close(self) -> None:
        self.stop.set()
        self.t.join(5)
        self.sock.close()


def journal_lines(jdir) -> int:
    """Lines of the source in the journal (numbered 1, 2, ... without gaps)."""
    seen = set()
    for p in sorted(jdir.glob("seg-*.jnl")):
        recs, _, _ = read_segment(p)
        seen.update(r.line_no for r in recs if r.kind == KIND_LINE and r.source == SOURCE)
    assert seen == set(range(1, len(seen) + 1)), "journal lines with gaps"
    return len(seen)


def stream_cmd(db, port, batch_lines, decoder):
    return [sys.executable, "-m", "seasentry", "stream", "--tcp", f"{SOURCE}=127.0.0.1:{port}", "--db", str(db),
            "--no-detect", "--idle-exit", "4", "-q", "--decoder", decoder,
            "--set", f"live.batch_max_lines={batch_lines}", "--set", "live.batch_interval_s=0.05",
            "--set", "live.reconnect_initial_s=0.05", "--set", "live.reconnect_max_s=0.2"]


def tables(db, live: bool) -> dict:
    s = seasentry.open(db)
    out = {}
    for t in ("raw_messages", "positions", "statics", "other_messages", "rejects"):
        cols = [d[0] for d in s.con.execute(f"SELECT * FROM {t} LIMIT 0").description if d[0] != "source_id"]
        sel = ", ".join(f"nullif(station, '{SOURCE}') AS station" if (c == "station" and live) else c for c in cols)
        out[t] = s.con.execute(f"SELECT {sel} FROM {t} ORDER BY ALL").fetchall()
    out["rejects_by_reason"] = Counter(r[1] for r in out["rejects"])
    out["type5"] = s.con.execute("SELECT count(*) FROM statics WHERE msg_type = 5").fetchone()[0]
    s.close()
    return out


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    from seasentry.scenario import generate
    d = tmp_path_factory.mktemp("feed")
    paths = generate(seed=3, hours=36, vessels=60).write(d / "sc")
    lines = open(paths["nmea"], "rb").read().split(b"\n")[:N_LINES]
    f = d / "feed.nmea"
    f.write_bytes(b"".join(ln + b"\n" for ln in lines))
    db = d / "batch.duckdb"
    return f, lines, db


@pytest.mark.slow
@pytest.mark.parametrize("decoder, seed", [("fast", 1), ("pyais", 2)])
def test_live_store_equals_batch_store_across_packets_batches_and_kill9(tmp_path, feed, decoder, seed):
    f, lines, _ = feed
    rng = random.Random(seed)
    batch_db = tmp_path / "batch.duckdb"
    run_cli("ingest", f, "-q", "--decoder", decoder, db=batch_db)
    want = tables(batch_db, live=False)
    assert want["type5"] > 500 and want["rejects_by_reason"]["orphan_fragment"] >= 0

    live_db = tmp_path / "live.duckdb"
    jdir = tmp_path / "live.duckdb.journal"
    feeder = Feeder(lines, rng)
    env = dict(os.environ)
    env.pop("SEASENTRY_DB", None)
    try:
        # first run: the feed pauses after the first part of a two-part message (a fragment waits),
        # and the stream is killed with SIGKILL as soon as it has journaled that line, or a little later
        kill_at = rng.randint(len(lines) // 3, 2 * len(lines) // 3)
        while b",2,1," not in lines[kill_at]:
            kill_at += 1
        feeder.pause_after = kill_at
        p1 = subprocess.Popen(stream_cmd(live_db, feeder.port, rng.randint(50, 3000), decoder), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        t_end = time.monotonic() + 240
        while time.monotonic() < t_end:
            if jdir.is_dir() and journal_lines(jdir) > kill_at:
                break
            assert p1.poll() is None, p1.stderr.read().decode()
            time.sleep(0.01)
        time.sleep(rng.choice([0.0, 0.0, 0.3]))  # before or after the batch holding it is committed
        os.kill(p1.pid, signal.SIGKILL)
        p1.wait(10)
        got = journal_lines(jdir)
        assert got == kill_at + 1, (kill_at, got)
        feeder.pause_after = None
        # second run: recovers from the journal, receives the lines not received before on a new connection
        feeder.resume = got
        feeder.done.clear()
        feeder.armed = True
        p2 = subprocess.run(stream_cmd(live_db, feeder.port, rng.randint(50, 3000), decoder), env=env,
                            capture_output=True, timeout=600)
        assert p2.returncode == 0, p2.stderr.decode()
        assert feeder.done.is_set()
    finally:
        feeder.close()
    have = tables(live_db, live=True)
    assert have["type5"] == want["type5"]
    assert have["rejects_by_reason"] == want["rejects_by_reason"]
    for t in ("raw_messages", "positions", "statics", "other_messages", "rejects"):
        a, b = set(want[t]), set(have[t])
        assert a == b, f"{t}: {len(a - b)} rows only in the batch store, {len(b - a)} only in the live store; " \
                        f"e.g. {sorted(a - b)[:2]} / {sorted(b - a)[:2]}"
        assert len(want[t]) == len(have[t]), t
