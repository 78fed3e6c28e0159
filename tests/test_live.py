"""Live path, in process: line splitting, journal, replay timing, sources (TCP client and server,
UDP), multipart interleaving, garbage, reconnection, incremental detection, bus and webhook.

Everything runs on 127.0.0.1 with ports chosen by the OS, and every test is bounded in time.
"""

from __future__ import annotations

import asyncio
import http.server
import json
import socket
import threading
import time

import pytest
from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st
from pyais.encode import encode_dict

from seasentry.config import Config
from seasentry.ingest.nmea import _parse_tagblock, nmea_checksum
from seasentry.live import (Chunk, EventBus, Journal, LineSplitter, LiveDetector, LiveProcessor, LiveStream,
                            parse_source, parse_speed)
from seasentry.live.journal import KIND_EOF, read_segment
from seasentry.live.replay import Replayer, line_time, shift_line
from seasentry.store import Store

T0 = 1714550400  # 2024-05-01T08:00:00Z


# ---------------------------------------------------------------------------- helpers
def tagged(sentence: str, t: float | None = None, station: str | None = None, group: str | None = None) -> str:
    fields = []
    if station:
        fields.append(f"s:{station}")
    if t is not None:
        fields.append(f"c:{int(t)}")
    if group:
        fields.append(f"g:{group}")
    if not fields:
        return sentence
    body = ",".join(fields)
    return f"\\{body}*{nmea_checksum(body):02X}\\{sentence}"


def pos_sentence(mmsi: int, lat: float, lon: float, sog: float = 10.0, cog: float = 0.0) -> str:
    return encode_dict({"type": 1, "mmsi": mmsi, "lat": lat, "lon": lon, "speed": sog, "course": cog,
                        "heading": int(cog)}, radio_channel="A", talker_id="AI")[0]


def static_sentences(mmsi: int, name: str, seq: int) -> list[str]:
    return encode_dict({"type": 5, "mmsi": mmsi, "shipname": name, "callsign": "ABC" + str(seq), "imo": 9074729,
                        "ship_type": 70, "to_bow": 100, "to_stern": 20, "to_port": 10, "to_starboard": 10,
                        "destination": "VALLETTA"}, radio_channel="A", talker_id="AI", seq_id=seq)


def cfg_fast(**live) -> Config:
    cfg = Config()
    cfg.live.batch_interval_s = 0.2
    cfg.live.detect_interval_s = 3600.0
    cfg.live.reconnect_initial_s = 0.05
    cfg.live.reconnect_max_s = 0.2
    for k, v in live.items():
        setattr(cfg.live, k, v)
    return cfg


async def wait_for(cond, timeout: float = 10.0, step: float = 0.05) -> bool:
    t = time.monotonic() + timeout
    while time.monotonic() < t:
        if cond():
            return True
        await asyncio.sleep(step)
    return cond()


async def start_stream(ls: LiveStream, **kw):
    task = asyncio.create_task(ls.run(**kw))
    ok = await wait_for(lambda: ls._stop is not None and all(
        s.bound_port or s.spec.kind == "tcp" for s in ls.states.values()), 10)
    assert ok, "stream did not start"
    return task


async def send_tcp(port: int, chunks: list[bytes], pause: float = 0.0) -> None:
    r, w = await asyncio.open_connection("127.0.0.1", port)
    for c in chunks:
        w.write(c)
        await w.drain()
        if pause:
            await asyncio.sleep(pause)
    w.close()
    await w.wait_closed()


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


# ---------------------------------------------------------------------------- units
@given(st.lists(st.binary(min_size=0, max_size=60).map(lambda b: b.replace(b"\n", b"")), min_size=1, max_size=30),
       st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=20), st.integers(8, 40))
@settings(max_examples=examples(150), deadline=None)
def test_line_splitter_any_chunking(lines, cuts, max_len):
    data = b"\n".join(lines) + b"\n"
    sp = LineSplitter(max_len)
    got, lens = [], []
    pos, k = 0, 0
    while pos < len(data):
        n = cuts[k % len(cuts)]
        a, b = sp.feed(data[pos:pos + n])
        got += a
        lens += b
        pos += n
        k += 1
    a, b = sp.close()
    got += a
    lens += b
    expect = [x[:-1] if x.endswith(b"\r") else x for x in lines]
    assert lens == [len(x) for x in expect]
    assert got == [x[:max_len] for x in expect]
    assert sp.buffered == 0


def test_line_splitter_bounded_without_line_end():
    sp = LineSplitter(100)
    for _ in range(1000):
        assert sp.feed(b"x" * 1000) == ([], [])
        assert sp.buffered <= 100
    lines, lens = sp.feed(b"\nok\r\n")
    assert lines == [b"x" * 100, b"ok"] and lens == [1_000_000, 2]


def test_journal_roundtrip_torn_tail_and_removal(tmp_path):
    j = Journal(tmp_path / "j", segment_bytes=300, fsync="batch")
    list(j.recover())
    j.append("a", 1, 1, 111, [b"one", b"two"])
    j.append("b", 2, 1, 112, [b"\x00\xffgarbage"], [5000])
    j.append_eof("a", 1, 2, 113)
    for i in range(3, 20):
        j.append("a", 3, i, 114, [b"line %d" % i])
    j.close()
    j2 = Journal(tmp_path / "j", segment_bytes=300)
    recs = list(j2.recover())
    assert [r.data for r in recs[:3]] == [b"one", b"two", b"\x00\xffgarbage"]
    assert recs[2].orig_len == 5000 and recs[2].kind == 1 and recs[3].kind == KIND_EOF
    assert [r.line_no for r in recs if r.source == "a" and r.kind == 0] == [1, 2] + list(range(3, 20))
    segs = j2.segment_paths()
    assert len(segs) > 2  # rotated
    # a torn last record (killed mid-write) is cut off at the next start
    last = segs[-1][1]
    size = last.stat().st_size
    with open(last, "ab") as fh:
        fh.write(b"\x40\x00\x00\x00\x01\x02")
    j3 = Journal(tmp_path / "j")
    recs3 = list(j3.recover())
    assert len(recs3) == len(recs) and j3.torn_records_cut == 1 and last.stat().st_size == size
    # segments are removed once every line in them is below the resume line
    n = j3.remove_committed({"a": 10, "b": 2})
    left = [read_segment(p)[0] for _, p in j3.segment_paths()]
    assert n >= 1
    assert all(any(r.source == "a" and r.line_no >= 10 for r in recs) or not recs for recs in left)
    j3.remove_committed({"a": 100, "b": 100})
    assert j3.segment_paths() == []


def test_replay_timing_helpers():
    assert parse_speed("100x") == 100 and parse_speed("max") == float("inf") and parse_speed("0.5x") == 0.5
    line = tagged(pos_sentence(244660000, 35.0, 14.0), T0, "st1").encode()
    assert line_time(line) == T0
    moved = shift_line(line, 3600)
    assert line_time(moved) == T0 + 3600
    tb = moved[1:moved.index(b"\\", 1)].decode()
    parsed = _parse_tagblock(tb)
    assert parsed["chk_ok"] and parsed["s"] == "st1"
    assert shift_line(b"!AIVDM,1,1,,A,x,0*00", 10) == b"!AIVDM,1,1,,A,x,0*00"
    # pacing: a lone far-future time is not waited for; a real jump (followed by more lines) is
    from seasentry.live.replay import _schedule_times
    assert _schedule_times([0, 1, 90_000, None, 2, 3], 600) == [0, 1, None, None, 2, 3]
    assert _schedule_times([0, 1, 90_000, 90_001], 600) == [0, 1, 90_000, 90_001]


def test_replay_honours_times_scaled_by_speed():
    lines = [tagged(pos_sentence(244660000 + i, 35.0, 14.0), T0 + 10 * i).encode() for i in range(4)]
    r = Replayer(lines, speed=100.0)
    stamps = []

    async def send(b):
        stamps.append(time.monotonic())

    asyncio.run(r.play(send))
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    assert all(0.07 <= g <= 0.25 for g in gaps), gaps  # 10 s of data at 100x = 0.1 s


# ---------------------------------------------------------------------------- sources
def test_two_sources_interleave_multipart_duplicates_once(tmp_path):
    """Two pushing receivers: fragments with the same sequence id interleave between them and are
    split across packets; a message heard by both is stored once; untimed lines get arrival time."""
    store = Store(tmp_path / "s.duckdb", config=cfg_fast())
    a5 = static_sentences(247000001, "ALPHA", 3)
    b5 = static_sentences(247000002, "BRAVO", 3)  # same sequence id and channel as ALPHA
    shared = tagged(pos_sentence(247000003, 35.5, 14.5), T0, "common")
    untimed = pos_sentence(247000004, 35.6, 14.6)

    async def go():
        specs = [parse_source("listen", "rx1=127.0.0.1:0"), parse_source("listen", "rx2=127.0.0.1:0")]
        ls = LiveStream(store, specs, store.config, journal_dir=tmp_path / "j")
        task = await start_stream(ls, idle_exit=1.0)
        p1, p2 = ls.states["rx1"].bound_port, ls.states["rx2"].bound_port
        r1, w1 = await asyncio.open_connection("127.0.0.1", p1)
        r2, w2 = await asyncio.open_connection("127.0.0.1", p2)
        first_a = (a5[0] + "\r\n").encode()
        w1.write(first_a[:20])
        await w1.drain()
        await asyncio.sleep(0.05)
        w2.write((b5[0] + "\r\n").encode())
        await w2.drain()
        await asyncio.sleep(0.05)
        w1.write(first_a[20:] + (a5[1] + "\r\n").encode()[:10])
        await w1.drain()
        await asyncio.sleep(0.3)  # a batch is committed between the packets
        w1.write((a5[1] + "\r\n").encode()[10:] + (shared + "\r\n" + untimed + "\r\n").encode())
        w2.write((b5[1] + "\r\n" + shared + "\r\n").encode())
        await w1.drain()
        await w2.drain()
        for w in (w1, w2):
            w.close()
        return await asyncio.wait_for(task, 20)

    summary = asyncio.run(go())
    con = store.con
    names = dict(con.execute("SELECT mmsi, name FROM statics").fetchall())
    assert names == {247000001: "ALPHA", 247000002: "BRAVO"}
    assert con.execute("SELECT count(*) FROM positions WHERE mmsi = 247000003").fetchone()[0] == 1
    ts_src, station = con.execute("SELECT time_source, station FROM positions WHERE mmsi = 247000004").fetchone()
    assert ts_src == "arrival" and station == "rx1"
    assert summary["duplicates"] == 1 and summary["rejects"] == 0
    assert con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 0
    assert {r[0] for r in con.execute("SELECT name FROM sources").fetchall()} == {"live:rx1", "live:rx2"}
    store.close()


def test_garbage_overlong_and_flood_are_rejects_stream_keeps_going(tmp_path):
    cfg = cfg_fast(queue_max_lines=2000, fair_quantum_lines=200)
    cfg.ingest.max_line_length = 200
    store = Store(tmp_path / "s.duckdb", config=cfg)
    good = tagged(pos_sentence(247000010, 35.5, 14.5), T0, "x")
    flood = [tagged(pos_sentence(247100000 + i, 35.0 + i * 1e-4, 14.0), T0 + i, "f") for i in range(6000)]

    async def go():
        specs = [parse_source("listen", "bad=127.0.0.1:0"), parse_source("listen", "flood=127.0.0.1:0")]
        ls = LiveStream(store, specs, cfg, journal_dir=tmp_path / "j")
        task = await start_stream(ls, idle_exit=1.5)
        junk = [b"\x00\x01\xff\xfe garbage \x80\x81\r\n", b"$GPRMC,123519,A,4807.038,N*6A\r\n",
                b"A" * 5000 + b"\r\n", b"B" * 300_000, b"\r\n", (good + "\r\n").encode()]
        await asyncio.gather(send_tcp(ls.states["bad"].bound_port, junk, pause=0.01),
                             send_tcp(ls.states["flood"].bound_port,
                                      ["\r\n".join(flood[i:i + 500]).encode() + b"\r\n"
                                       for i in range(0, 6000, 500)]))
        return await asyncio.wait_for(task, 30)

    s = asyncio.run(go())
    rej = dict(store.con.execute("SELECT reason, count(*) FROM rejects GROUP BY 1").fetchall())
    assert rej.get("line_too_long") == 2 and rej.get("not_ais") == 2
    detail = store.con.execute("SELECT detail FROM rejects WHERE reason = 'line_too_long' ORDER BY line_no"
                               ).fetchall()
    assert detail[1][0].startswith("300000 bytes") and detail[0][0].startswith("5000 bytes")
    assert store.con.execute("SELECT count(*) FROM positions WHERE mmsi = 247000010").fetchone()[0] == 1
    assert store.con.execute("SELECT count(*) FROM positions WHERE station = 'f'").fetchone()[0] == 6000
    src = s["sources"]
    assert src["bad"]["cut_lines"] == 2 and src["flood"]["lines"] == 6000
    assert src["flood"]["max_queued"] <= 2000 + 600  # bounded: the reader waited for room
    store.close()


def test_tcp_client_reconnects_after_server_closes(tmp_path):
    store = Store(tmp_path / "s.duckdb", config=cfg_fast())
    lines = [tagged(pos_sentence(247200000 + i, 35.0, 14.0 + i * 1e-3), T0 + i, "r") for i in range(40)]
    conns = []

    async def go():
        async def serve(reader, writer):
            k = len(conns)
            conns.append(k)
            part = lines[:20] if k == 0 else lines[20:]
            writer.write(("\r\n".join(part) + "\r\n").encode())
            await writer.drain()
            writer.close()

        srv = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = srv.sockets[0].getsockname()[1]
        ls = LiveStream(store, [parse_source("tcp", f"up=127.0.0.1:{port}")], store.config,
                        journal_dir=tmp_path / "j")
        task = asyncio.create_task(ls.run())
        ok = await wait_for(lambda: ls.processor.totals.stored >= 40 and len(conns) >= 2, 15)
        srv.close()
        ls.stop()
        s = await asyncio.wait_for(task, 15)
        return ok, s

    ok, s = asyncio.run(go())
    assert ok
    assert store.con.execute("SELECT count(DISTINCT mmsi) FROM positions").fetchone()[0] == 40
    assert s["sources"]["up"]["reconnects"] >= 1 and s["sources"]["up"]["connections"] >= 2
    store.close()


def test_stalled_connection_is_closed_and_reopened(tmp_path):
    cfg = cfg_fast(idle_timeout_s=0.3)
    store = Store(tmp_path / "s.duckdb", config=cfg)
    accepted = []

    async def go():
        async def silent(reader, writer):  # accepts, then never sends anything
            accepted.append(1)
            await asyncio.sleep(3)
            writer.close()

        srv = await asyncio.start_server(silent, "127.0.0.1", 0)
        port = srv.sockets[0].getsockname()[1]
        ls = LiveStream(store, [parse_source("tcp", f"mute=127.0.0.1:{port}")], cfg, journal_dir=tmp_path / "j")
        task = asyncio.create_task(ls.run())
        ok = await wait_for(lambda: len(accepted) >= 2, 10)
        ls.stop()
        s = await asyncio.wait_for(task, 10)
        srv.close()
        return ok, s

    ok, s = asyncio.run(go())
    assert ok and s["sources"]["mute"]["stalls"] >= 1 and s["sources"]["mute"]["reconnects"] >= 1
    store.close()


def test_udp_source(tmp_path):
    store = Store(tmp_path / "s.duckdb", config=cfg_fast())
    lines = [tagged(pos_sentence(247300000 + i, 35.0, 14.0), T0 + i, "u") for i in range(30)]

    async def go():
        ls = LiveStream(store, [parse_source("udp", "air=127.0.0.1:0")], store.config, journal_dir=tmp_path / "j")
        task = await start_stream(ls, idle_exit=1.0)
        port = ls.states["air"].bound_port
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for ln in lines:
            s.sendto((ln + "\r\n").encode(), ("127.0.0.1", port))
            await asyncio.sleep(0.002)
        s.close()
        return await asyncio.wait_for(task, 15)

    s = asyncio.run(go())
    assert store.con.execute("SELECT count(*) FROM positions").fetchone()[0] == 30
    assert s["sources"]["air"]["dropped_lines"] == 0
    store.close()


# ---------------------------------------------------------------------------- detection, bus, webhook
def _zone_track(mmsi: int) -> list[str]:
    """A vessel steaming north into Malta's territorial sea, one position every 2 minutes."""
    out = []
    for i in range(25):
        lat = 35.30 + i * 0.02  # 35.30 .. 35.78 N, Malta's south coast is at about 35.82 N
        out.append(tagged(pos_sentence(mmsi, lat, 14.45, 12.0, 0.0), T0 + 120 * i, "mt"))
    return out


class _Hook(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        n = int(self.headers.get("Content-Length", 0))
        _Hook.received.append(json.loads(self.rfile.read(n)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *a):
        pass


def test_zone_entry_reaches_bus_and_webhook_at_once(tmp_path):
    from seasentry.geo import Geography

    geo = Geography.default()
    lats = [35.30 + i * 0.02 for i in range(25)]
    inside = geo.in_zones([lats[0], lats[-1]], [14.45, 14.45])
    assert not any(row[0] for row in inside) and any(row[1] for row in inside), "track must cross into a zone"
    _Hook.received = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    th = threading.Thread(target=httpd.serve_forever, daemon=True)
    th.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    cfg = cfg_fast()
    store = Store(tmp_path / "s.duckdb", config=cfg)
    got = []

    async def go():
        bus = EventBus()
        det = LiveDetector(cfg, bus=bus)
        ls = LiveStream(store, [parse_source("listen", "mt=127.0.0.1:0")], cfg, bus=bus, detector=det,
                        journal_dir=tmp_path / "j", webhooks=[url])
        task = await start_stream(ls)
        sub = bus.subscribe()
        t_send = time.time()
        await send_tcp(ls.states["mt"].bound_port, [("\r\n".join(_zone_track(247400001)) + "\r\n").encode()])
        while True:
            m = await sub.get(timeout=10)
            if m is None:
                break
            got.append(m)
            if m["event"]["type"] == "zone_entry":
                break
        latency = time.time() - t_send
        await wait_for(lambda: any(_Hook.received), 5)
        ls.stop()
        s = await asyncio.wait_for(task, 20)
        return latency, s

    try:
        latency, s = asyncio.run(go())
    finally:
        httpd.shutdown()
    entries = [m for m in got if m["event"]["type"] == "zone_entry"]
    assert entries and entries[0]["kind"] == "new"
    ev = entries[0]["event"]
    assert ev["mmsi"] == 247400001 and ev["zone"] and ev["start"].endswith("Z")
    assert latency < 5.0
    posted = [n for body in _Hook.received for n in body["notifications"]]
    assert any(n["event"]["type"] == "zone_entry" and n["event"]["mmsi"] == 247400001 for n in posted)
    assert s["webhooks"][0]["sent"] >= 1
    assert store.con.execute("SELECT count(*) FROM events WHERE type = 'zone_entry'").fetchone()[0] >= 1
    store.close()


@pytest.mark.parametrize("scope", ["store", "window"])
def test_open_gap_raised_then_retracted_by_late_data(tmp_path, scope):
    """No network: chunks straight into the processor with the detection hook."""
    cfg = Config()
    cfg.live.detect_interval_s = 0.0
    cfg.live.detect_scope = scope
    store = Store(tmp_path / "s.duckdb", config=cfg)
    bus = EventBus()
    det = LiveDetector(cfg, bus=bus, screen=False)
    proc = LiveProcessor(store, cfg, journal=None, on_batch=det.on_batch)
    proc.register_source("a")
    line = [0]

    def chunk(lines):
        ch = Chunk("a", 1, 0, line[0] + 1, int(time.time() * 1e6), [x.encode() for x in lines],
                   [len(x) for x in lines])
        line[0] += len(lines)
        return ch

    quiet, busy = 247500001, 247500002
    # the quiet vessel is heard for an hour, the busy one for 8 hours (far from any zone)
    first = [tagged(pos_sentence(quiet, 34.0 + i * 0.001, 16.5), T0 + 300 * i, "g") for i in range(12)]
    first += [tagged(pos_sentence(busy, 34.5, 16.5 + i * 0.001, 0.0), T0 + 600 * i, "g") for i in range(49)]
    proc.commit([chunk(first)])
    msgs = list(bus.history)
    gaps = [m for m in msgs if m["event"]["type"] == "gap" and m["event"]["mmsi"] == quiet]
    assert gaps and gaps[0]["kind"] == "new" and gaps[0]["event"]["details"]["open"] is True
    assert gaps[0]["event"]["start"] == "2024-05-01T08:55:00Z"
    n0 = len(msgs)
    # late data: the quiet vessel was heard 3 h later after all -> silence now < 6 h, gap retracted
    late = [tagged(pos_sentence(quiet, 34.02, 16.5), T0 + 3300 + 3 * 3600, "g")]
    proc.commit([chunk(late)])
    after = list(bus.history)[n0:]
    assert any(m["kind"] == "retracted" and m["event"]["event_id"] == gaps[0]["event"]["event_id"] for m in after)
    assert store.con.execute("SELECT count(*) FROM events WHERE type = 'gap' AND mmsi = ?", [quiet]).fetchone()[0] == 0
    # the vessel reappears after a long silence: the closed gap has the open gap's id -> 'changed'
    more = [tagged(pos_sentence(busy, 34.5, 16.6, 0.0), T0 + 600 * 49 + 600 * i, "g") for i in range(40)]
    proc.commit([chunk(more)])
    opened = [m for m in list(bus.history) if m["kind"] == "new" and m["event"]["type"] == "gap"
              and m["event"]["mmsi"] == quiet]
    assert len(opened) == 2
    back = [tagged(pos_sentence(quiet, 34.05, 16.5), T0 + 600 * 88 + 60, "g")]
    proc.commit([chunk(back)])
    changed = [m for m in list(bus.history) if m["kind"] == "changed" and m["event"]["mmsi"] == quiet]
    assert changed and changed[-1]["event"]["event_id"] == opened[-1]["event"]["event_id"]
    assert not changed[-1]["event"]["details"].get("open")
    store.close()


@pytest.mark.parametrize("scope", ["store", "window"])
@pytest.mark.parametrize("clock", ["agrees", "receive_times"])
def test_live_detection_reads_the_time_trust_columns(tmp_path, scope, clock):
    """The live window reads the AIS 'second' field and time_source as batch detection does
    (issue 14): two fixes 5 nm off a steady track are spoofing when the receive times agree with
    the UTC second the ship sent, and no evidence when they do not (satellite collection times)."""
    import random
    cfg = Config()
    cfg.live.detect_interval_s = 0.0
    cfg.live.detect_scope = scope
    store = Store(tmp_path / "s.duckdb", config=cfg)
    det = LiveDetector(cfg, bus=EventBus(), screen=False)
    proc = LiveProcessor(store, cfg, journal=None, on_batch=det.on_batch)
    proc.register_source("a")
    rng = random.Random(5)
    mmsi, lines = 247500011, []
    for i in range(60):
        t = T0 + 60 * i + 7
        lat, lon = (34.09, 16.5 + i * 0.00335) if i in (30, 31) else (34.0, 16.5 + i * 0.00335)
        second = t % 60 if clock == "agrees" else rng.randrange(60)
        s = encode_dict({"type": 1, "mmsi": mmsi, "lat": lat, "lon": lon, "speed": 10.0, "course": 90.0,
                         "heading": 90, "second": second}, radio_channel="A", talker_id="AI")[0]
        lines.append(tagged(s, t, "g"))
    proc.commit([Chunk("a", 1, 0, 1, int(time.time() * 1e6), [x.encode() for x in lines],
                       [len(x) for x in lines])])
    det.maybe_run(store, force=True)
    n = store.con.execute("SELECT count(*) FROM events WHERE type = 'spoofing' AND mmsi = ?", [mmsi]).fetchone()[0]
    assert n == (1 if clock == "agrees" else 0)
    store.close()


def _live_on_one_source(tmp_path):
    """A store, an event bus and a live processor with its detector running on every batch, one
    source "a" registered (the session-12 open-gap tests)."""
    cfg = Config()
    cfg.live.detect_interval_s = 0.0
    store = Store(tmp_path / "s.duckdb", config=cfg)
    bus = EventBus()
    det = LiveDetector(cfg, bus=bus, screen=False)
    proc = LiveProcessor(store, cfg, journal=None, on_batch=det.on_batch)
    proc.register_source("a")
    return cfg, store, bus, det, proc


def test_no_open_gap_for_a_placeholder_mmsi(tmp_path):
    """Session 12: a placeholder MMSI (MID000000; ITU-R M.585) is shared by many ships, so its
    silence is no one ship's: no open gap live, as no closed gap in batch (gap.default_mmsi_gaps)."""
    cfg, store, bus, det, proc = _live_on_one_source(tmp_path)
    placeholder, quiet, busy = 247000000, 247500001, 247500002
    lines = [tagged(pos_sentence(m, 34.0 + i * 0.001, 16.5 + k), T0 + 300 * i, "g")
             for k, m in enumerate((placeholder, quiet)) for i in range(12)]
    lines += [tagged(pos_sentence(busy, 34.5, 16.5 + i * 0.001, 0.0), T0 + 600 * i, "g") for i in range(49)]
    proc.commit([Chunk("a", 1, 0, 1, int(time.time() * 1e6), [x.encode() for x in lines], [len(x) for x in lines])])
    gaps = {m["event"]["mmsi"] for m in bus.history if m["event"]["type"] == "gap"}
    assert quiet in gaps and placeholder not in gaps
    store.close()


def test_no_open_gap_for_a_moored_ship_silent_in_port_as_batch(tmp_path):
    """Session 12 review: live open gaps follow the batch in-port rule (detect.gaps.gap_is_silence):
    a ship moored in Lampedusa harbour and silent 7 h was announced as an open gap that vanished
    when it was heard again at its berth (batch: the port visit's PORT_GAP, no gap event). The
    same silence at sea is still an open gap."""
    cfg, store, bus, det, proc = _live_on_one_source(tmp_path)
    moored, quiet, busy = 247500021, 247500022, 247500023
    lines = [tagged(pos_sentence(moored, 35.49601, 12.60288 + i * 1e-5, 0.0), T0 + 300 * i, "g") for i in range(12)]
    lines += [tagged(pos_sentence(quiet, 34.0 + i * 0.001, 16.5), T0 + 300 * i, "g") for i in range(12)]
    lines += [tagged(pos_sentence(busy, 34.5, 16.5 + i * 0.001, 0.0), T0 + 600 * i, "g") for i in range(49)]
    chunk = lambda ls: Chunk("a", 1, 0, 1, int(time.time() * 1e6), [x.encode() for x in ls], [len(x) for x in ls])  # noqa: E731
    proc.commit([chunk(lines)])
    gaps = {m["event"]["mmsi"] for m in bus.history if m["event"]["type"] == "gap"}
    assert quiet in gaps and moored not in gaps
    # heard again at its berth: batch finds no gap, and live announced none to take back
    proc.commit([chunk([tagged(pos_sentence(moored, 35.49601, 12.60288, 0.0), T0 + 600 * 49, "g")])])
    from seasentry.detect.gaps import detect_gaps
    from seasentry.tracks import build_tracks
    pos = store.con.execute("SELECT * FROM positions WHERE mmsi = ?", [moored]).pl()
    assert detect_gaps(build_tracks(pos, cfg), det.geo, cfg).height == 0
    assert moored not in {m["event"]["mmsi"] for m in bus.history if m["event"]["type"] == "gap"}
    store.close()


def test_no_open_gap_when_the_whole_feed_went_quiet(tmp_path):
    """Session 13: the batch rule (detect.gaps.receiver_silent) live: when nobody at all has been
    heard since a vessel's last position, the feed (the receiver) went quiet, not the vessel: no
    open gap (gap.report_unheard_silences); a vessel silent while others are heard still has one."""
    cfg, store, bus, det, proc = _live_on_one_source(tmp_path)
    a, b = 247500001, 247500002
    lines = [tagged(pos_sentence(m, 34.0 + i * 0.001, 16.5 + k), T0 + 300 * i, "g")
             for k, m in enumerate((a, b)) for i in range(12)]
    proc.commit([Chunk("a", 1, 0, 1, int(time.time() * 1e6), [x.encode() for x in lines], [len(x) for x in lines])])
    det.wall_at_max -= 8 * 3600          # the feed has been quiet for 8 h
    assert det._open_gaps(store) == 0
    cfg.gap.report_unheard_silences = True
    assert det._open_gaps(store) == 2
    cfg.gap.report_unheard_silences = False
    # b is heard again 2 h later: a's silence since then is a vessel's, announced
    later = [tagged(pos_sentence(b, 34.1, 17.5), T0 + 3300 + 2 * 3600, "g")]
    det.wall_at_max = time.time()        # (the stream clock back at the data's last time)
    proc.commit([Chunk("a", 2, 1, 2, int(time.time() * 1e6), [x.encode() for x in later], [len(x) for x in later])])
    det.wall_at_max -= 8 * 3600
    assert det._open_gaps(store) == 1
    assert store.con.execute("SELECT mmsi FROM events WHERE type = 'gap'").fetchall() == [(a,)]
    store.close()


def test_open_gap_when_others_are_heard_behind_the_stream_clock(tmp_path):
    """Review of session 13: the live form of detect.gaps.receiver_silent asks whether anyone was
    heard after a vessel's last position. The stream clock runs on with wall time while the feed is
    quiet, and positions that arrive behind it (a delayed or replayed feed) do not move it: the rule
    must ask the latest position heard, not the clock's anchor, else a vessel silent while others
    are heard is taken for a quiet feed and never announced."""
    cfg, store, bus, det, proc = _live_on_one_source(tmp_path)
    a, b = 247500001, 247500002
    lines = [tagged(pos_sentence(m, 34.0 + i * 0.001, 16.5 + k), T0 + 300 * i, "g")
             for k, m in enumerate((a, b)) for i in range(12)]
    proc.commit([Chunk("a", 1, 0, 1, int(time.time() * 1e6), [x.encode() for x in lines], [len(x) for x in lines])])
    det.wall_at_max -= 8 * 3600          # the feed has been quiet for 8 h (stream clock: T0 + 3300 s + 8 h)
    # b is heard again, 2 h after the data's last time: behind the stream clock, which stays
    later = [tagged(pos_sentence(b, 34.1, 17.5), T0 + 3300 + 2 * 3600, "g")]
    proc.commit([Chunk("a", 2, 1, 2, int(time.time() * 1e6), [x.encode() for x in later], [len(x) for x in later])])
    assert det._open_gaps(store) == 1    # a: silent while b was heard
    assert store.con.execute("SELECT mmsi FROM events WHERE type = 'gap'").fetchall() == [(a,)]
    store.close()
