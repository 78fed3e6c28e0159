"""The web API's cheaper paths for the pages analysts open most (issue 20, p99 under load):
kept answers for many vessels' panels and tracks, a track read from its MMSI bucket's part files
only, and the store's table list read once per store generation. Each gives the same answers as
the path it replaces."""

from __future__ import annotations

from pathlib import Path

from conftest import AIS, run_cli
from fastapi.testclient import TestClient
from test_api_common import auth, build_store, copy_store

from seasentry.config import Config
from seasentry.store import Store


def test_panels_and_tracks_of_many_vessels_stay_kept(tmp_path):
    """Before: 512 kept answers at most, so the panels and tracks analysts open (500 vessels in
    benchmarks/load_web.py) pushed each other out and were computed again. Now a second pass
    over 600 distinct panel and track requests is answered entirely from the kept answers."""
    from seasentry.web import create_app

    db = copy_store(tmp_path)
    tok = build_store()["tokens"]["viewer"]
    app = create_app(db, config=Config(), poll_interval_s=60)
    ctx = app.state.ctx
    with TestClient(app) as c:
        mmsis = [r[0] for r in c.get("/api/latest?max_age_h=438000", headers=auth(tok)).json()["rows"]]
        urls = [f"/api/vessels/{m}" for m in mmsis]
        zooms = iter(range(10_000))
        while len(urls) < 600:
            urls += [f"/api/vessels/{m}/track?zoom={4 + next(zooms) / 100:.2f}" for m in mmsis]
        urls = urls[:600]
        for attempt in range(3):  # (a write of a token's last use, once a minute, renews every answer)
            for u in urls:
                assert c.get(u, headers=auth(tok)).status_code == 200, u
            gen, misses = ctx.generation(), ctx.responses.misses
            first = [c.get(u, headers=auth(tok)).content for u in urls[:5]]
            for u in urls:
                assert c.get(u, headers=auth(tok)).status_code == 200
            if ctx.generation() == gen:
                break
        assert ctx.generation() == gen
        assert ctx.responses.misses == misses, "kept answers were computed again"
        # the kept answers are the computed ones
        ctx.responses.clear()
        assert [c.get(u, headers=auth(tok)).content for u in urls[:5]] == first


def _parts_store(tmp_path) -> Path:
    db = tmp_path / "parts.duckdb"
    run_cli("ingest", AIS / "nmea-timestamped.txt", AIS / "norwegian.raw", AIS / "exact-earth-augmented-2.txt",
            "--set", "store.bulk_min_mb=0", "--set", "store.buckets=8", db=db)
    return db


def test_a_track_reads_only_its_bucket_with_the_same_rows(tmp_path):
    """Before: a vessel's track read the positions view, i.e. the part files of every MMSI bucket
    (on the 6,000-vessel benchmark store 64 files, ~100 ms per track). Now it reads the tail table
    and its own bucket's files, and gets the same rows and the same track."""
    from seasentry import parts
    from seasentry.web.api_vessels import _track

    db = _parts_store(tmp_path)
    s = Store(db)
    try:
        assert s.layout.parts
        files = parts.catalogued(s.con, "positions")
        assert len({r[1] for r in files}) > 1                      # several buckets hold positions
        vessels = [m for (m,) in s.con.execute("SELECT mmsi FROM position_spans ORDER BY mmsi").fetchall()]
        assert len(vessels) > 5
        cfg = Config()
        for m in vessels:
            rel = Store.vessel_positions_relation(s.con, m, db)
            b = int(parts.bucket_of([m], s.layout.buckets, s.layout.hash)[0])
            for _, fb, path, *_ in files:
                assert (path in rel) == (fb == b), (m, path)
            q = "SELECT * FROM {} WHERE mmsi = ? ORDER BY ALL"
            assert s.con.execute(q.format(rel), [m]).fetchall() == s.con.execute(q.format("positions"), [m]).fetchall()
            for zoom in (None, 9.0):
                assert _track(s.con, cfg, m, None, None, zoom, 1.0, 5000, db) == \
                    _track(s.con, cfg, m, None, None, zoom, 1.0, 5000)
        # a store in DuckDB tables: the table itself
        plain = tmp_path / "plain.duckdb"
        run_cli("ingest", AIS / "nmea-timestamped.txt", db=plain)
        p = Store(plain)
        try:
            assert Store.vessel_positions_relation(p.con, vessels[0], plain) == "positions"
        finally:
            p.close()
    finally:
        s.close()


def test_table_list_is_read_once_per_generation(tmp_path):
    """Before: every vessel panel asked information_schema three times whether tables exist (about
    1 ms of DuckDB CPU each). Now the list is kept per store generation, and a commit (a table
    created) is seen at once."""
    from seasentry.web.cache import StoreGeneration, store_tables

    db = tmp_path / "s.duckdb"
    run_cli("ingest", AIS / "nmea-timestamped.txt", db=db)
    s = Store(db)
    try:
        gen = StoreGeneration(db)
        reads = []

        class Counting:
            def execute(self, sql, args=None):
                reads.append(sql)
                return s.con.execute(sql, args or [])

        cur = Counting()
        first = store_tables(cur, gen)
        assert ("main", "latest_positions") in first and ("main", "made_later") not in first
        assert store_tables(cur, gen) == first and len(reads) == 1
        s.con.execute("CREATE TABLE made_later (x INTEGER)")
        assert ("main", "made_later") in store_tables(cur, gen) and len(reads) == 2
        assert store_tables(cur, None) and len(reads) == 3           # no generation: read every time
    finally:
        s.close()


def test_event_records_are_built_once_per_frame(tmp_path):
    """Before: every page of events (a filtered list is a new page each time) built each row's
    record again (half of its CPU). Now a record is built once per kept frame and reused by the
    next pages, which equal the pages read in SQL."""
    from datetime import datetime

    from seasentry.web import create_app
    from seasentry.web.api_events import _events

    db = copy_store(tmp_path)
    app = create_app(db, config=Config(), poll_interval_s=60)
    cur = app.state.ctx.cursor
    gen = ("test", datetime.now())
    args = dict(type=None, zone=None, mmsi=None, start=None, end=None, bbox=None, min_confidence=None,
                order="desc", limit=40, offset=0)
    first = _events(cur, **args, gen=gen)
    narrower = _events(cur, **{**args, "type": first["items"][0]["type"]}, gen=gen)
    assert first["count"] == 40 and narrower["count"] > 0
    for page in (first, narrower):
        assert page == _events(cur, **{**args, "type": None if page is first else page["items"][0]["type"]}, gen=None)
    again = _events(cur, **args, gen=gen)
    assert again == first
    assert all(a is b for a, b in zip(again["items"], first["items"]))          # the same records, not rebuilt
    ids = {it["event_id"] for it in first["items"]}
    shared = [it for it in narrower["items"] if it["event_id"] in ids]
    assert shared and all(any(it is f for f in first["items"]) for it in shared)
    app.state.ctx.store.close()


def test_a_token_in_use_does_not_drop_the_kept_answers_every_minute(tmp_path):
    """Before: a token's last use was written at most once a minute, and each write changes the
    store's generation, which drops every kept answer: with a few analysts signed in, every panel
    and track was computed again several times a minute. Now at its first use, then at most every
    web.token_last_used_s (600 s)."""
    from seasentry.web.auth import create_token, ensure_tables
    from seasentry.web.cache import StoreGeneration
    from seasentry.web.auth import TokenVerifier

    db = tmp_path / "t.duckdb"
    run_cli("ingest", AIS / "nmea-timestamped.txt", db=db)
    s = Store(db)
    try:
        ensure_tables(s.con)
        tok = create_token(s.con, "analyst-1", "viewer", created_by="tests")
        v = TokenVerifier(last_used_s=float(Config().web.token_last_used_s))
        gen = StoreGeneration(db)
        last = lambda: s.con.execute("SELECT last_used FROM api_tokens WHERE token_id = ?",  # noqa: E731
                                     [tok["token_id"]]).fetchone()[0]
        assert last() is None
        assert v.verify(s.con, tok["token"]) is not None
        first, g1 = last(), gen()
        assert first is not None                                    # the first use is written at once
        v._last_used_written[tok["token_id"]] -= 120                # two minutes later,
        v._cache.clear()                                            # looked up in the table again
        assert v.verify(s.con, tok["token"]) is not None
        assert last() == first and gen() == g1                      # nothing written: kept answers stay
        v._last_used_written[tok["token_id"]] -= 600                # twelve minutes later
        v._cache.clear()
        assert v.verify(s.con, tok["token"]) is not None
        assert last() > first and gen() != g1
    finally:
        s.close()


def test_stats_totals_come_from_the_catalogue_on_a_parts_store(tmp_path):
    """Between two breakdowns (up to 10 s apart) /api/stats reads its totals again. Before: a
    count(*) of each message view, which on a store in Parquet parts reads every file's repeat
    flags (240 ms per request at 9M positions on the benchmark store). Now the message tables
    are counted from the catalogue (Store.count_rows), with the same totals as `seasentry stats`."""
    import types

    from seasentry.web import api_admin

    db = _parts_store(tmp_path)
    with Store(db, read_only=True) as s:
        assert s.layout.parts
        want = s.stats()
        queries = []

        class Spy:
            def execute(self, sql, args=None):
                queries.append(" ".join(sql.split()))
                return s.con.execute(sql, args or [])

        ctx = types.SimpleNamespace(cache={})
        api_admin._stats(ctx, Spy())          # the breakdown (Store.stats)
        queries.clear()
        got = api_admin._stats(ctx, Spy())    # kept breakdown, totals read now
    scans = [q for q in queries for t in ("raw_messages", "positions", "statics", "other_messages")
             if q in ("SELECT count(*) FROM " + t, "SELECT max(ts) FROM " + t)]  # (the views, not the tails)
    assert not scans, scans
    for k in ("messages", "positions", "static_reports", "other_messages", "events", "vessels", "last_time"):
        assert got[k] == want[k], k
