"""The store's ``latest_positions`` table (newest position per vessel, seasentry.store) equals what
it stands for, computed from every position, after each way positions reach the store: batch
ingest, re-ingest with de-duplication, live ingest (out-of-order and same-time reports), random
batches through ``Store.write_batch``, an older store without the table, a read-only store."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket

import numpy as np
import pyarrow as pa
from conftest import AIS, examples, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from seasentry import schema as S
from seasentry.store import Store

#: the invariant of the table (store.py docstring): the newest report with a latitude, of several at
#: the same time the one stored last
REFERENCE = """SELECT * FROM positions WHERE lat IS NOT NULL
               QUALIFY row_number() OVER (PARTITION BY mmsi ORDER BY ts DESC, rowid DESC) = 1"""


def _rows(con, sql: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM ({sql}) ORDER BY mmsi").fetchall()


def assert_invariant(con) -> int:
    """latest_positions == the reference query (every column), and one row per MMSI; returns rows."""
    want = _rows(con, REFERENCE)
    got = _rows(con, "SELECT * FROM latest_positions")
    assert got == want
    also = con.execute("SELECT mmsi, arg_max(ts, ts) FROM positions WHERE lat IS NOT NULL GROUP BY mmsi "
                       "ORDER BY mmsi").fetchall()
    assert [(r[0], r[1]) for r in got] == also  # = arg_max over positions (the newest time per vessel)
    # position_spans: the first and last time per vessel (what a track's query is bounded by)
    spans = con.execute("SELECT mmsi, first_ts, last_ts FROM position_spans ORDER BY mmsi").fetchall()
    assert spans == con.execute("SELECT mmsi, min(ts), max(ts) FROM positions WHERE lat IS NOT NULL GROUP BY mmsi "
                                "ORDER BY mmsi").fetchall()
    return len(got)


def test_batch_ingest_and_reingest_with_dedup(tmp_path):
    db = tmp_path / "s.duckdb"
    run_cli("ingest", AIS / "nmea-timestamped.txt", AIS / "exact-earth-with-tag-block.txt", AIS / "norwegian.raw",
            db=db)
    s = Store(db)
    n = assert_invariant(s.con)
    assert n > 10
    before = _rows(s.con, "SELECT * FROM latest_positions")
    s.close()
    # the same files again, forced: every message is a duplicate, nothing changes
    run_cli("ingest", "--force", AIS / "nmea-timestamped.txt", AIS / "exact-earth-with-tag-block.txt", db=db)
    s = Store(db)
    assert assert_invariant(s.con) == n
    assert _rows(s.con, "SELECT * FROM latest_positions") == before
    s.close()
    # a file with older and newer reports of some of the same vessels
    run_cli("ingest", AIS / "exact-earth-augmented-2.txt", db=db)
    s = Store(db)
    assert assert_invariant(s.con) >= n
    # the Store API reads it
    df = s.latest_positions()
    assert df.height == s.con.execute("SELECT count(*) FROM latest_positions").fetchone()[0]
    m = int(df["mmsi"][0])
    assert s.last_position(m)["ts"] == s.con.execute("SELECT max(ts) FROM positions WHERE mmsi = ? AND lat IS NOT "
                                                      "NULL", [m]).fetchone()[0]
    assert s.last_position(1) is None
    s.close()


def _positions(rows: list[tuple[int, int, float]], line0: int = 0) -> pa.Table:
    """Position rows (mmsi, epoch seconds, lat or NaN for 'no latitude') as a positions table."""
    n = len(rows)
    cols = {f.name: pa.nulls(n, f.type) for f in S.POSITIONS}
    cols["mmsi"] = pa.array([r[0] for r in rows], pa.int64())
    cols["ts"] = pa.array([r[1] * 1_000_000 for r in rows], pa.int64()).cast(S.TS)
    cols["lat"] = pa.array([None if np.isnan(r[2]) else r[2] for r in rows], pa.float64())
    cols["lon"] = pa.array([None if np.isnan(r[2]) else 14.0 + i * 1e-4 for i, r in enumerate(rows)], pa.float64())
    cols["msg_type"] = pa.array([1] * n, pa.int8())
    cols["line_no"] = pa.array(range(line0, line0 + n), pa.int64())
    cols["msg_key"] = pa.array(range(line0, line0 + n), pa.int64())  # every row a distinct message
    return pa.table(cols, schema=S.POSITIONS)


def _raw(pos: pa.Table) -> pa.Table:
    n = pos.num_rows
    return pa.table({f.name: (pos.column(f.name) if f.name in ("msg_key", "ts", "line_no") else pa.nulls(n, f.type))
                     for f in S.RAW}, schema=S.RAW)


_row = st.tuples(st.integers(1, 5), st.integers(0, 40), st.one_of(st.just(float("nan")), st.floats(30, 40)))


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.lists(_row, min_size=0, max_size=25), min_size=1, max_size=5))
def test_random_batches_through_write_batch(tmp_path_factory, batches):
    """Any sequence of batches (vessels repeating, times out of order and equal, reports without a
    latitude): after each commit the table equals the reference."""
    s = Store(tmp_path_factory.mktemp("wb") / "s.duckdb")
    try:
        line = 0
        empty = lambda sch: sch.empty_table()  # noqa: E731
        for rows in batches:
            pos = _positions(rows, line)
            line += len(rows)
            s.write_batch(pos, empty(S.STATICS), empty(S.OTHER), _raw(pos), empty(S.REJECTS))
            assert_invariant(s.con)
    finally:
        s.close()


def test_old_store_gets_the_table_and_read_only_falls_back(tmp_path):
    db = tmp_path / "s.duckdb"
    run_cli("ingest", AIS / "nmea-timestamped.txt", AIS / "norwegian.raw", db=db)
    s = Store(db)
    want = _rows(s.con, "SELECT * FROM latest_positions")
    s.con.execute("DROP TABLE latest_positions")   # a store made before the table existed
    s.close()
    ro = Store(db, read_only=True)                 # read-only: computed from the positions
    assert not Store.has_latest_table(ro.con)
    assert [tuple(r) for r in ro.latest_positions().rows()] == want
    ro.close()
    s = Store(db)                                  # opened for writing: built, then maintained
    assert Store.has_latest_table(s.con)
    assert _rows(s.con, "SELECT * FROM latest_positions") == want
    assert_invariant(s.con)
    s.con.execute("DROP TABLE position_spans")     # (the same for the spans)
    s.close()
    s = Store(db)
    assert Store.has_spans_table(s.con)
    assert_invariant(s.con)
    s.close()


def test_tracks_bounded_by_the_span_equal_the_unbounded_query(tmp_path):
    """A track read within the vessel's span (web.api_vessels._track) has the same points as
    without the span (a store without the table), with and without start/end, at every zoom."""
    from datetime import timedelta

    from seasentry.config import Config
    from seasentry.web.api_vessels import _track

    db = tmp_path / "s.duckdb"
    run_cli("ingest", AIS / "nmea-timestamped.txt", AIS / "norwegian.raw", AIS / "exact-earth-augmented-2.txt", db=db)
    cfg = Config()
    s = Store(db)
    spans = s.con.execute("SELECT mmsi, first_ts, last_ts FROM position_spans ORDER BY last_ts - first_ts DESC "
                          "LIMIT 8").fetchall()
    assert spans and spans[0][2] > spans[0][1]
    mid = lambda a, b: a + (b - a) / 2  # noqa: E731
    cases = [(m, st, en, z) for m, a, b in spans
             for st, en in ((None, None), (mid(a, b), None), (None, mid(a, b)), (a - timedelta(days=3), b + timedelta(days=3)))
             for z in (None, 8.0)]
    cases = [c for c in cases if s.con.execute("SELECT 1 FROM vessels WHERE mmsi = ?", [c[0]]).fetchone()]
    assert cases
    with_span = [_track(s.con, cfg, m, st, en, z, 1.0, 5000) for m, st, en, z in cases]
    assert any(t["raw_points"] > 1 for t in with_span)
    s.con.execute("DROP TABLE position_spans")
    without = [_track(s.con, cfg, m, st, en, z, 1.0, 5000) for m, st, en, z in cases]
    assert with_span == without
    s.close()


def _free_port() -> int:
    with socket.socket() as k:
        k.bind(("127.0.0.1", 0))
        return k.getsockname()[1]


def test_live_ingest_keeps_the_table(tmp_path):
    """The live stream's writer: reports arriving out of order (an older one after a newer one must
    not replace it), two reports of one vessel at the same second, a vessel first heard live."""
    from test_live import cfg_fast, pos_sentence, tagged

    from seasentry.live import LiveStream, parse_source

    db = tmp_path / "live.duckdb"
    shutil.copy(AIS / "nmea-timestamped.txt", tmp_path / "seed.txt")
    run_cli("ingest", tmp_path / "seed.txt", db=db)
    store = Store(db, config=cfg_fast())
    t0 = 1714550400
    lines = [tagged(pos_sentence(247000011, 35.0, 14.0), t0 + 600, "rx"),
             tagged(pos_sentence(247000011, 35.1, 14.1), t0 + 60, "rx"),          # older, arrives later
             tagged(pos_sentence(247000012, 35.2, 14.2), t0 + 300, "rx"),
             tagged(pos_sentence(247000012, 35.3, 14.3, sog=3.0), t0 + 300, "rx"),  # same second
             tagged(pos_sentence(247000013, 36.0, 15.0), t0 + 10, "rx")]

    async def go():
        ls = LiveStream(store, [parse_source("listen", "rx=127.0.0.1:0")], store.config, journal_dir=tmp_path / "j")
        task = asyncio.create_task(ls.run(idle_exit=1.0))
        for _ in range(200):
            if ls._stop is not None and ls.states["rx"].bound_port:
                break
            await asyncio.sleep(0.05)
        r, w = await asyncio.open_connection("127.0.0.1", ls.states["rx"].bound_port)
        for i, ln in enumerate(lines):
            w.write((ln + "\r\n").encode())
            await w.drain()
            await asyncio.sleep(0.3 if i in (0, 2) else 0.01)  # separate batches for the older report
        w.close()
        return await asyncio.wait_for(task, 30)

    asyncio.run(go())
    con = store.con
    n = assert_invariant(con)
    lat = dict(con.execute("SELECT mmsi, lat FROM latest_positions WHERE mmsi IN (247000011, 247000012, 247000013)"
                           ).fetchall())
    assert round(lat[247000011], 3) == 35.0      # the newer report stays although the older came later
    assert round(lat[247000012], 3) == 35.3      # same second: the one stored last
    assert 247000013 in lat and n >= 3
    store.close()
    json.dumps(n)


def test_a_cursor_per_thread(tmp_path):
    """Store.cursor(): one DuckDB cursor per thread, reused by that thread and distinct from the
    store's connection and from another thread's (which keeps its own open meanwhile); what the
    web server's worker threads query through (web.deps.ThreadCursor)."""
    import threading

    s = Store(tmp_path / "s.duckdb")
    try:
        assert s.cursor() is s.cursor()
        got, inside, release = {}, threading.Event(), threading.Event()

        def slow():
            c = s.cursor()
            got["a"] = c
            inside.set()
            release.wait(10)
            got["a_rows"] = c.execute("SELECT count(*) FROM positions").fetchone()[0]

        t = threading.Thread(target=slow)
        t.start()
        assert inside.wait(10)
        got["b"] = s.cursor()
        assert got["b"].execute("SELECT 42").fetchone()[0] == 42     # while the other thread holds its own
        release.set()
        t.join(10)
        assert got["a"] is not got["b"] and got["a"] is not s.con and got["a_rows"] == 0
    finally:
        s.close()
