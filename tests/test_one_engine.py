"""Issue 19: one engine for every size.

Reference: the DuckDB path of ``seasentry ingest`` (small inputs) and the whole-store engine
(``detect_events`` over every position). Large inputs go to Parquet parts written by worker
processes (forced here with ``store.bulk_min_mb=0`` on a generated scenario: seed 7, 36 h, 40
vessels, the same as tests/test_archive_ingest.py); detection reads the store bucket by bucket
in this process, on a worker pool or on Dask. Asserted: the same stored rows, counts, rejects and
ingest log as the DuckDB path (inputs overlapping each other included); the same events on
every path; an incremental run after late data (a gap filled, an encounter across buckets)
equal to a full recompute and to a store that got both inputs before its first run, with the
untouched buckets reused; kill -9 in the middle of a bulk ingest, then the same command, stores
everything once; SQL over the views, a moved store, the live path's writes; the kernels warm-up
and the screening index kept in the store.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from conftest import AIS, FIXTURES, run_cli, store_tables

import seasentry
from seasentry.config import Config

BULK = ["--set", "store.bulk_min_mb=0"]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """Input files: a and b (halves of the scenario), c (the middle 40 %, overlapping both)."""
    from seasentry.scenario import generate

    d = tmp_path_factory.mktemp("one")
    paths = generate(seed=7, hours=36, vessels=40).write(d / "sc")
    lines = Path(paths["nmea"]).read_bytes().split(b"\n")
    n = len(lines)
    parts = d / "in"
    parts.mkdir()
    (parts / "a.nmea").write_bytes(b"\n".join(lines[: n // 2]) + b"\n")
    (parts / "b.nmea").write_bytes(b"\n".join(lines[n // 2:]))
    (d / "c.nmea").write_bytes(b"\n".join(lines[3 * n // 10: 7 * n // 10]) + b"\n")
    return {"dir": d, "nmea": Path(paths["nmea"]), "a": parts / "a.nmea", "b": parts / "b.nmea", "c": d / "c.nmea"}


def _events(db) -> pl.DataFrame:
    s = seasentry.open(db, read_only=True)
    try:
        return s.con.execute("SELECT * FROM events ORDER BY event_id").pl()
    finally:
        s.close()


def _sources(db) -> list[tuple]:
    s = seasentry.open(db, read_only=True)
    try:
        rows = s.con.execute("SELECT name, status, lines, messages, stored, duplicates, rejects, counts FROM sources "
                             "ORDER BY source_id").fetchall()
    finally:
        s.close()
    return [(Path(r[0]).name, *r[1:7], json.loads(r[7]) | {"by_type": dict(sorted(json.loads(r[7])["by_type"].items()))})
            for r in rows]


# ------------------------------------------------------------------------------ ingest
def test_bulk_ingest_stores_what_the_duckdb_path_stores(scenario, tmp_path):
    """a, b, then c (all of it repeats a and b, read at the same time by another worker)."""
    inputs = [scenario["a"], scenario["b"], scenario["c"]]
    ref, got = tmp_path / "ref.duckdb", tmp_path / "bulk.duckdb"
    run_cli("ingest", *inputs, "-q", db=ref)
    out = run_cli("ingest", *inputs, "--json", *BULK, db=got)
    d = json.loads(out.stdout_text)
    assert [s["status"] for s in d["sources"]] == ["complete"] * 3
    assert d["sources"][2]["stored"] == 0 and d["sources"][2]["duplicates"] == d["sources"][2]["messages"] > 0
    assert Path(str(got) + ".parts").is_dir()
    assert store_tables(got) == store_tables(ref)
    assert _sources(got) == _sources(ref)
    a, b = seasentry.open(ref, read_only=True), seasentry.open(got, read_only=True)
    sa, sb = a.stats(), b.stats()
    assert {k: v for k, v in sa.items() if k != "db"} == {k: v for k, v in sb.items() if k != "db"}
    assert_frame_equal(a.con.execute("SELECT * FROM vessels ORDER BY mmsi").pl(),
                       b.con.execute("SELECT * FROM vessels ORDER BY mmsi").pl())
    assert b.layout.parts and not a.layout.parts
    a.close()
    b.close()


def test_bulk_ingest_keeps_latest_positions_and_spans(scenario, tmp_path):
    """The web API's tables (issue 20: newest position per vessel, time span of its positions) are
    kept by bulk ingest into parts as by write_batch: equal to the DuckDB path's, and to what the
    positions say (ties at one time aside: the same time, position of either report)."""
    inputs = [scenario["a"], scenario["b"], scenario["c"]]
    ref, got = tmp_path / "ref.duckdb", tmp_path / "bulk.duckdb"
    run_cli("ingest", *inputs, "-q", db=ref)
    run_cli("ingest", inputs[0], "-q", *BULK, db=got)
    run_cli("ingest", *inputs[1:], "-q", *BULK, db=got)  # a second bulk commit folds into the first
    a, b = seasentry.open(ref, read_only=True), seasentry.open(got, read_only=True)
    try:
        assert b.layout.parts
        q_latest = "SELECT mmsi, ts FROM latest_positions ORDER BY mmsi"
        q_spans = "SELECT mmsi, first_ts, last_ts FROM position_spans ORDER BY mmsi"
        assert b.con.execute(q_latest).fetchall() == a.con.execute(q_latest).fetchall()
        assert b.con.execute(q_spans).fetchall() == a.con.execute(q_spans).fetchall()
        truth = b.con.execute("SELECT mmsi, max(ts) FROM positions WHERE lat IS NOT NULL GROUP BY mmsi "
                              "ORDER BY mmsi").fetchall()
        assert b.con.execute(q_latest).fetchall() == truth and len(truth) > 30
    finally:
        a.close()
        b.close()


def test_inputs_overlapping_in_parts_are_rewritten_exactly(scenario, tmp_path):
    """Two inputs that each hold part of the other (repeats across inputs decided by the merge)."""
    lines = scenario["nmea"].read_bytes().split(b"\n")
    n = len(lines)
    x, y = tmp_path / "x.nmea", tmp_path / "y.nmea"
    x.write_bytes(b"\n".join(lines[: 6 * n // 10]) + b"\n")
    y.write_bytes(b"\n".join(lines[4 * n // 10:]))
    ref, got = tmp_path / "ref.duckdb", tmp_path / "bulk.duckdb"
    run_cli("ingest", x, y, "-q", db=ref)
    run_cli("ingest", x, y, "-q", *BULK, db=got)
    assert store_tables(got) == store_tables(ref)
    assert _sources(got) == _sources(ref)


def test_same_input_again_changes_nothing_and_force_stores_nothing_twice(scenario, tmp_path):
    db = tmp_path / "s.duckdb"
    run_cli("ingest", scenario["a"], "-q", *BULK, db=db)
    before = store_tables(db)
    r = json.loads(run_cli("ingest", scenario["a"], "--json", *BULK, db=db).stdout_text)
    assert r["sources"][0]["status"] == "skipped"
    r = json.loads(run_cli("ingest", scenario["a"], "--force", "--json", *BULK, db=db).stdout_text)
    assert r["sources"][0]["status"] == "complete" and r["stored"] == 0 and r["duplicates"] == r["messages"]
    assert store_tables(db) == before
    s = seasentry.open(db, read_only=True)
    assert s.con.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
    s.close()


def test_csv_binary_and_truncated_inputs_among_bulk_inputs(scenario, tmp_path):
    import gzip

    gz = tmp_path / "cut.nmea.gz"
    data = gzip.compress(scenario["b"].read_bytes())
    gz.write_bytes(data[: len(data) // 2])
    binary = tmp_path / "program.bin"
    binary.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 50)
    csvf = AIS / "aisdk_20180208_tiny_mobiml.csv"
    db = tmp_path / "s.duckdb"
    p = run_cli("ingest", scenario["a"], gz, binary, csvf, "--json", *BULK, db=db, check=False)
    assert p.returncode == 1
    d = json.loads(p.stdout_text)
    by = {Path(s["name"]).name: s for s in d["sources"]}
    assert by["a.nmea"]["status"] == "complete"
    assert by["program.bin"]["status"] == "failed" and "not ingested" in by["program.bin"]["message"]
    assert by["cut.nmea.gz"]["status"] == "failed" and by["cut.nmea.gz"]["stored"] > 0
    assert by[csvf.name]["status"] == "complete" and by[csvf.name]["format"].startswith("csv")
    # the same inputs through the DuckDB path store the same rows
    ref = tmp_path / "ref.duckdb"
    run_cli("ingest", scenario["a"], gz, binary, csvf, "-q", db=ref, check=False)
    assert store_tables(db) == store_tables(ref)


def test_kill_9_mid_bulk_ingest_then_rerun_stores_every_message_once(scenario, tmp_path):
    big = tmp_path / "big"
    big.mkdir()
    for i in range(4):  # four inputs: the workers are busy for a few seconds
        shutil.copy(scenario["nmea"], big / f"p{i}.nmea")
        with open(big / f"p{i}.nmea", "ab") as fh:  # distinct files (else skipped as the same SHA-256)
            fh.write(f"# copy {i}\n".encode())
    db = tmp_path / "s.duckdb"
    cmd = [sys.executable, "-m", "seasentry", "ingest", str(big), "--db", str(db), "-q", *BULK]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    parts = Path(str(db) + ".parts")
    t0 = time.time()
    while time.time() - t0 < 60 and not any(parts.glob("positions/bucket=*/*.parquet")):
        time.sleep(0.05)
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    run_cli("ingest", big, "-q", *BULK, db=db)
    ref = tmp_path / "ref.duckdb"
    run_cli("ingest", big, "-q", db=ref)
    assert store_tables(db) == store_tables(ref)
    s = seasentry.open(db)
    listed = {r[0] for r in s.con.execute("SELECT path FROM store_files").fetchall()}
    on_disk = {str(f.relative_to(parts)) for f in parts.glob("*/bucket=*/*") if f.is_file()}
    assert on_disk == listed  # what the killed run wrote was deleted, nothing else
    s.close()


# ------------------------------------------------------------------------------ SQL and views
def test_views_answer_plain_sql_and_follow_a_moved_store(scenario, tmp_path):
    (tmp_path / "a").mkdir()
    db = tmp_path / "a" / "s.duckdb"
    run_cli("ingest", scenario["a"], "-q", *BULK, db=db)
    s = seasentry.open(db, read_only=True)
    n = s.con.execute("SELECT count(*) FROM positions").fetchone()[0]
    s.close()
    con = duckdb.connect(str(db), read_only=True)  # a user's own DuckDB session
    assert con.execute("SELECT count(*) FROM positions").fetchone()[0] == n > 1000
    assert con.execute("SELECT count(*) FROM raw_messages WHERE raw LIKE '%AIVDM%'").fetchone()[0] > n
    con.close()
    moved = tmp_path / "b"
    shutil.move(str(tmp_path / "a"), moved)
    s = seasentry.open(moved / "s.duckdb", read_only=True)  # temporary views onto the moved parts
    assert s.con.execute("SELECT count(*) FROM positions").fetchone()[0] == n
    s.close()
    s = seasentry.open(moved / "s.duckdb")  # opened for writing: the views are re-made
    s.close()
    con = duckdb.connect(str(moved / "s.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM positions").fetchone()[0] == n
    con.close()


def test_small_writers_append_to_the_tables_of_a_store_in_parts(scenario, tmp_path):
    """The live path (Store.write_batch) on a store in parts: a repeat of a stored message is
    skipped, a new one lands in the DuckDB table and in the views."""
    db = tmp_path / "s.duckdb"
    run_cli("ingest", scenario["a"], "-q", *BULK, db=db)
    s = seasentry.open(db)
    assert s.layout.parts
    before = s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0]
    rep = s.ingest([str(scenario["a"])], force=True, bulk=False)  # the DuckDB path, every message a repeat
    assert rep.total().stored == 0
    rep = s.ingest([str(AIS / "gatehouse.nmea")], bulk=False, base_time="2024-01-01T00:00:00Z")
    assert rep.total().stored > 0
    assert s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0] == before + rep.total().stored
    assert s.con.execute("SELECT count(*) FROM raw_messages_tail").fetchone()[0] == rep.total().stored
    s.close()


# ------------------------------------------------------------------------------ detection
def test_every_path_gives_the_events_of_the_whole_store_engine(scenario, tmp_path):
    from seasentry.detect import detect_events
    from seasentry.engine import detect, load_inputs
    from seasentry.geo import Geography
    from seasentry.tracks import build_tracks

    tables, parts = tmp_path / "t.duckdb", tmp_path / "p.duckdb"
    run_cli("ingest", scenario["a"], scenario["b"], "-q", db=tables)
    run_cli("ingest", scenario["a"], scenario["b"], "-q", *BULK, "--set", "store.buckets=8", db=parts)
    s = seasentry.open(tables)
    pos, sta = load_inputs(s)
    ref = detect_events(build_tracks(pos, s.config), sta, Geography.default(), s.config).sort("event_id")
    got = {}
    rep = detect(s)  # tables: one bucket, this process
    assert rep.engine == "inline"
    got["tables"] = s.con.execute("SELECT * FROM events ORDER BY event_id").pl()
    s.close()
    s = seasentry.open(parts)
    for name, kw in (("parts", {}), ("pool", {"workers": 2, "full": True})):
        cfg = Config()
        if name == "pool":
            cfg.store.inprocess_positions = 0
        rep = detect(s, cfg, **kw)
        assert rep.engine == ("pool" if name == "pool" else "inline") and rep.buckets >= 1
        got[name] = s.con.execute("SELECT * FROM events ORDER BY event_id").pl()
    s.close()
    assert ref.height > 50
    for name, ev in got.items():
        assert_frame_equal(ev.select(ref.columns), ref, check_column_order=False), name
    # Dask: the same task graph on a local cluster
    pytest.importorskip("distributed")
    p = run_cli("detect", "--engine", "dask", "--workers", "2", "--full", db=parts)
    assert "events:" in p.stdout_text
    assert_frame_equal(_events(parts), got["parts"])


def _split_for_late_data(scenario, tmp_path):
    """(early input, late input): the late input holds the position reports of one vessel
    during 8 hours in the middle of its track (its gap is filled late) and those of the second
    vessel of an encounter around it (the encounter appears late)."""
    ref = tmp_path / "ref.duckdb"
    run_cli("run", scenario["nmea"], "-q", db=ref)
    s = seasentry.open(ref, read_only=True)
    enc = s.con.execute("SELECT mmsi, other_mmsi, start, \"end\" FROM events WHERE type = 'encounter' "
                        "ORDER BY event_id LIMIT 1").fetchone()
    pos = s.con.execute("SELECT mmsi, ts, line_no, msg_type FROM positions WHERE msg_type IN (1, 2, 3, 18)").pl()
    s.close()
    assert enc is not None
    from datetime import timedelta
    late = pos.filter((pl.col("mmsi") == enc[1]) & pl.col("ts").is_between(enc[2] - timedelta(hours=1),
                                                                           enc[3] + timedelta(hours=1)))
    counts = pos.group_by("mmsi").len().sort("len", descending=True)
    gap_vessel = next(m for m in counts["mmsi"].to_list() if m not in (enc[0], enc[1]))
    g = pos.filter(pl.col("mmsi") == gap_vessel).sort("ts")
    mid = g["ts"][g.height // 2]
    late = pl.concat([late, g.filter(pl.col("ts").is_between(mid - timedelta(hours=4), mid + timedelta(hours=4)))])
    lines = scenario["nmea"].read_bytes().split(b"\n")

    def payload(line: bytes) -> bytes:
        f = line[line.find(b"!"):].split(b",")
        return f[5] if len(f) > 6 else line

    # every reception of those messages (the scenario hears many of them at two stations)
    late_payloads = {payload(lines[i - 1]) for i in late["line_no"].to_list()}
    is_late = [payload(x) in late_payloads for x in lines]
    early_f, late_f = tmp_path / "early.nmea", tmp_path / "late.nmea"
    early_f.write_bytes(b"\n".join(x for x, t in zip(lines, is_late) if not t) + b"\n")
    late_f.write_bytes(b"\n".join(x for x, t in zip(lines, is_late) if t) + b"\n")
    return early_f, late_f, enc, gap_vessel


def test_incremental_run_after_late_data_equals_a_full_recompute(scenario, tmp_path):
    early, late, enc, gap_vessel = _split_for_late_data(scenario, tmp_path)
    opts = [*BULK, "--set", "store.buckets=8", "--set", "store.min_task_positions=1000"]
    db = tmp_path / "inc.duckdb"
    run_cli("run", early, "-q", *opts, db=db)
    first = _events(db)
    p = run_cli("run", late, *opts, db=db)
    second = _events(db)
    # the late data changed events: the encounter appears
    key = lambda ev: set(zip(ev.filter(pl.col("type") == "encounter")["mmsi"].to_list(),  # noqa: E731
                             ev.filter(pl.col("type") == "encounter")["other_mmsi"].to_list()))
    assert (enc[0], enc[1]) not in key(first) and (enc[0], enc[1]) in key(second)
    assert not first.equals(second)
    # buckets without late data were not recomputed
    m = [ln for ln in p.stdout_text.splitlines() if "unchanged since the last run" in ln]
    assert m, p.stdout_text
    # a full recompute of the same store, and a store that had both inputs before its first run
    run_cli("detect", "--full", "-q", *opts, db=db)
    assert_frame_equal(_events(db), second)
    both = tmp_path / "both.duckdb"
    run_cli("ingest", early, "-q", *opts, db=both)
    run_cli("ingest", late, "-q", *opts, db=both)
    run_cli("detect", "-q", *opts, db=both)
    assert_frame_equal(_events(both), second)
    # and the DuckDB tables with the whole-store engine (every input small, one bucket)
    tables = tmp_path / "tables.duckdb"
    run_cli("ingest", early, late, "-q", db=tables)
    run_cli("detect", "-q", db=tables)
    assert_frame_equal(_events(tables), second)


def test_a_large_tail_moves_into_parts_before_detection(scenario, tmp_path):
    db = tmp_path / "s.duckdb"
    run_cli("ingest", scenario["a"], scenario["b"], "-q", db=db)  # DuckDB tables
    run_cli("detect", "-q", db=db)
    ref = _events(db)
    before = store_tables(db)
    run_cli("detect", "-q", "--set", "store.tail_max_positions=1000", db=db)
    s = seasentry.open(db, read_only=True)
    assert s.layout.parts and s.con.execute("SELECT count(*) FROM positions_tail").fetchone()[0] == 0
    s.close()
    assert store_tables(db) == before
    assert_frame_equal(_events(db), ref)


# ------------------------------------------------------------------------------ start-up
def test_warmup_compiles_once_and_is_then_ready(tmp_path):
    d = json.loads(run_cli("warmup", "--json", env={"SEASENTRY_CACHE_DIR": str(tmp_path)}).stdout_text)
    assert d["ready"] is True and d["kernels"] >= 8 and (tmp_path / "kernels.json").is_file()
    # a command on a machine whose stamp is missing says that it compiles first
    p = run_cli("ingest", AIS / "gatehouse.nmea", "--base-time", "2024-01-01T00:00:00Z", "--db", tmp_path / "s.duckdb",
                env={"SEASENTRY_CACHE_DIR": str(tmp_path / "fresh")})
    assert "compiling seasentry's kernels" in p.stderr_text


def test_screening_index_is_kept_until_the_lists_change(tmp_path, monkeypatch):
    from seasentry.screening import cache
    from seasentry.screening.index import ScreeningIndex

    db = tmp_path / "s.duckdb"
    run_cli("lists", "load", FIXTURES / "sanctions" / "un_sc_2025-04-19_libya_excerpt.xml", db=db)
    s = seasentry.open(db)
    key = s.con.execute("SELECT key FROM screening_index").fetchall()
    assert len(key) == 1

    def no_build(*a, **k):
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(ScreeningIndex, "from_connection", classmethod(no_build))
    idx = cache.load_index(s.con, config=s.config)
    assert idx is not None and len(idx) > 0
    s.close()
    monkeypatch.undo()
    run_cli("lists", "load", FIXTURES / "sanctions" / "ofac_sdn_2024-05-03_excerpt.csv", db=db)
    s = seasentry.open(db, read_only=True)
    assert s.con.execute("SELECT key FROM screening_index").fetchall() != key
    s.close()


def test_bulk_ingest_frees_its_workers_before_the_commit_folds_positions(scenario, tmp_path, monkeypatch):
    """The ingest workers' memory (decoder, write buffers) is gone before this process folds the
    new positions into latest_positions/position_spans: the two peaks do not add up in the tree."""
    from seasentry.ingest.pipeline import ingest
    from seasentry.pool import Pool
    from seasentry.store import Store

    seen = []
    fold = Store.fold_latest  # (the per-MMSI rows the merge computed: tests/test_bulk_fold.py)

    def spy(self, rows):
        seen.append(pool._ex is None)
        return fold(self, rows)

    monkeypatch.setattr(Store, "fold_latest", spy)
    store = seasentry.open(tmp_path / "s.duckdb")
    pool = Pool(2)
    try:
        ingest(store, [str(scenario["a"]), str(scenario["b"])], pool=pool, bulk=True)
        assert store.layout.parts
    finally:
        pool.close()
        store.close()
    assert seen == [True]


def test_local_repeat_flags_reach_back_over_several_small_blocks():
    """An ingest worker decodes small blocks; a repeat of a message kept two blocks before, within
    the window, is still flagged where it is written (the merge need not rewrite the file)."""
    import numpy as np

    from seasentry.ingest.bulk import _local_repeats, _SourceState

    st = _SourceState()
    w = 30_000_000
    s = 1_000_000
    assert not _local_repeats(np.array([7, 8]), np.array([0, 1 * s]), st, w).any()
    assert not _local_repeats(np.array([9]), np.array([2 * s]), st, w).any()
    got = _local_repeats(np.array([7, 10, 8]), np.array([3 * s, 4 * s, 40 * s]), st, w)
    assert got.tolist() == [True, False, False]   # 7 within 30 s of the first block's 7; 8 is 39 s on
    # what lies outside every later block's window is no longer carried
    _local_repeats(np.array([11]), np.array([500 * s]), st, w)
    assert st.carry_keys.tolist() == [11]


def _pid() -> int:
    return os.getpid()


def test_run_keeps_the_workers_of_a_small_bulk_ingest_for_detection():
    """`seasentry run`: after a bulk ingest under store.reuse_workers_mb the same worker processes
    detect (no new processes to start and import); after a larger one, new processes."""
    from seasentry.cli.detect_cmds import workers_for_detection
    from seasentry.pool import Pool

    cfg = Config()
    small, large = int(cfg.store.reuse_workers_mb * 1e6) - 1, int(cfg.store.reuse_workers_mb * 1e6)
    with Pool(1) as pool:
        before = pool.submit(_pid).result()
        workers_for_detection(pool, cfg, small, _pid)
        assert pool.submit(_pid).result() == before
        workers_for_detection(pool, cfg, large, _pid)
        assert pool.submit(_pid).result() != before


def test_run_closes_its_workers_before_the_alert_rules(scenario, tmp_path, monkeypatch):
    """`seasentry run` detects on worker processes, then closes them: their memory is not held
    beside the alert rules and screening of the command's own process."""
    import multiprocessing

    from click.testing import CliRunner

    import seasentry.alerts as A
    from seasentry.cli import main

    alive = []
    evaluate = A.evaluate

    def spy(*a, **kw):
        alive.append(len(multiprocessing.active_children()))
        return evaluate(*a, **kw)

    monkeypatch.setattr(A, "evaluate", spy)
    r = CliRunner().invoke(main, ["run", str(scenario["a"]), "--db", str(tmp_path / "s.duckdb"), "-q", *BULK,
                                  "--set", "store.inprocess_positions=0"])
    assert r.exit_code == 0, r.output
    assert alive == [0]


def test_a_writing_store_keeps_no_external_file_cache(tmp_path):
    """DuckDB's external file cache (outside memory_limit) would keep what a writing command read
    of the Parquet parts in its process (327 MB after the fold of 7.8M positions)."""
    s = seasentry.open(tmp_path / "s.duckdb")
    try:
        assert s.con.execute("SELECT current_setting('enable_external_file_cache')").fetchone()[0] is False
    finally:
        s.close()


def test_run_refreshes_the_vessels_table_while_the_workers_detect(scenario, tmp_path, monkeypatch):
    """`seasentry run` (issue 19 speed): the vessels table of the ingest is written by the
    command's own process once the per-vessel detector tasks are handed to the workers (they do
    not read it), not before them; once, before the screening and alert rules, with the same
    rows as `seasentry ingest` then `seasentry detect` write."""
    from click.testing import CliRunner

    import seasentry.distributed.dask_engine as DE
    from seasentry.cli import main
    from seasentry.pool import Executor
    from seasentry.store import Store

    calls = []
    refresh, emap = Store.refresh_vessels, Executor.map

    def spy_refresh(self, *a, **kw):
        calls.append("vessels")
        return refresh(self, *a, **kw)

    def spy_map(self, fn, *it, **kw):
        if fn is DE._stage_task:
            calls.append(f"stage tasks on {self.kind}")
        return emap(self, fn, *it, **kw)

    monkeypatch.setattr(Store, "refresh_vessels", spy_refresh)
    monkeypatch.setattr(Executor, "map", spy_map)
    db = tmp_path / "s.duckdb"
    r = CliRunner().invoke(main, ["run", str(scenario["a"]), "--db", str(db), "-q", *BULK,
                                  "--set", "store.inprocess_positions=0"])
    assert r.exit_code == 0, r.output
    assert calls == ["stage tasks on pool", "vessels"]
    monkeypatch.setattr(Store, "refresh_vessels", refresh)
    ref = tmp_path / "ref.duckdb"
    run_cli("ingest", str(scenario["a"]), "--db", str(ref), *BULK)
    run_cli("detect", "--db", str(ref), "-q")

    def vessels(d):
        s = seasentry.open(d, read_only=True)
        try:
            return s.con.execute("SELECT * FROM vessels ORDER BY ALL").fetchall()
        finally:
            s.close()

    got, want = vessels(db), vessels(ref)
    assert got and got == want


def test_detect_runs_its_alongside_work_once_even_without_buckets(tmp_path):
    """engine.detect(alongside=...): called once whatever the store holds (no bucket: no task)."""
    from seasentry.engine import detect

    s = seasentry.open(tmp_path / "s.duckdb")
    try:
        n = []
        detect(s, alongside=lambda: n.append(1))
        assert n == [1]
    finally:
        s.close()


def test_task_log_has_one_line_per_pool_task_and_per_mark(tmp_path, monkeypatch):
    """SEASENTRY_TASK_LOG: every pool task appends its process, name, wall start and end, CPU
    seconds and RSS; marks of the command's process too; benchmarks/task_timeline.py reads it."""
    from seasentry.pool import TASK_LOG_ENV, Pool, mark

    log = tmp_path / "tasks.tsv"
    monkeypatch.setenv(TASK_LOG_ENV, str(log))
    mark("start")
    with Pool(2) as pool:
        pids = [f.result() for f in [pool.submit(_pid) for _ in range(3)]]
    mark("end")
    rows = [ln.split("\t") for ln in log.read_text().splitlines()]
    assert [r[1] for r in rows] == ["@start", "_pid", "_pid", "_pid", "@end"]
    assert sorted(int(r[0]) for r in rows[1:4]) == sorted(pids)
    assert all(len(r) == 10 and float(r[3]) >= float(r[2]) and float(r[7]) > 0 and float(r[8]) >= 0 and int(r[9]) >= 0
               for r in rows)
    out = subprocess.run([sys.executable, str(Path(seasentry.__file__).parents[2] / "benchmarks" / "task_timeline.py"),
                          str(log)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "start -> end" in out.stdout and "_pid x" in out.stdout


def test_task_log_process_start_is_to_the_clock_tick():
    """The task log's process start time (``born``, what task_timeline.py measures from) is the
    process's start within a few clock ticks, not rounded down with the boot time of /proc/stat
    (up to a second early)."""
    if not Path("/proc/uptime").exists():
        pytest.skip("Linux only")
    code = ("import time; t = time.time(); from seasentry.pool import _process_start; "
            "print(t - _process_start())")
    for _ in range(3):
        d = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        assert -0.03 <= d < 0.3, d  # the interpreter's start-up before the first line


def test_detection_scratch_folder_is_removed_after_the_run(scenario, tmp_path):
    """The run folder of a pool detection's intermediate results is removed (by a thread while
    the events are written; joined here), leaving the given scratch location empty."""
    import threading

    from seasentry.engine import detect
    from seasentry.pool import Pool

    db = tmp_path / "s.duckdb"
    run_cli("ingest", str(scenario["a"]), "--db", str(db), *BULK)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    s = seasentry.open(db)
    try:
        with Pool(2) as pool:
            rep = detect(s, s.config.copy_with("store.inprocess_positions", 0), pool=pool, scratch=str(scratch))
        assert rep.engine == "pool" and sum(rep.events_by_type.values()) > 0
    finally:
        s.close()
    for t in threading.enumerate():
        if t.name == "seasentry-scratch-rm":
            t.join()
    assert list(scratch.iterdir()) == []


def test_detection_uses_a_started_pool_whatever_the_store_size(scenario, tmp_path):
    """A pool whose workers are already started (`seasentry run` after a bulk ingest) runs the
    detection of a store in Parquet parts even below store.inprocess_positions (no worker to
    start, no detector to import here); a pool not started, or a store in DuckDB tables, keeps
    the in-process rule. The events are the same; `run` reports the workers."""
    from click.testing import CliRunner

    from seasentry.cli import main
    from seasentry.engine import detect
    from seasentry.pool import Pool

    db = tmp_path / "s.duckdb"
    run_cli("ingest", str(scenario["a"]), "-q", *BULK, db=db)
    s = seasentry.open(db)
    try:
        assert s.con.execute("SELECT count(*) FROM positions").fetchone()[0] < s.config.store.inprocess_positions
        with Pool(2) as pool:
            rep = detect(s, pool=pool, full=True)
            assert rep.engine == "inline" and not pool.started
            inline = s.con.execute("SELECT * FROM events ORDER BY event_id").pl()
            pool.start()
            rep = detect(s, pool=pool, full=True)
            assert rep.engine == "pool"
            assert_frame_equal(s.con.execute("SELECT * FROM events ORDER BY event_id").pl(), inline)
    finally:
        s.close()
    tables = tmp_path / "t.duckdb"
    run_cli("ingest", str(scenario["a"]), "-q", db=tables)
    s = seasentry.open(tables)
    try:
        with Pool(2) as pool:
            pool.start()
            assert detect(s, pool=pool).engine == "inline"
    finally:
        s.close()
    r = CliRunner().invoke(main, ["run", str(scenario["b"]), "--db", str(tmp_path / "r.duckdb"), *BULK])
    assert r.exit_code == 0, r.output
    assert re.search(r"detection on \d+ worker processes", r.output), r.output


def test_cell_groups_follow_the_positions_and_give_the_same_events(scenario, tmp_path):
    """Detection's encounter cell groups: about one per store.group_positions, at least two per
    worker, at most one per stage task (each stage task writes a scratch file per group); any
    number of groups gives the same events."""
    from seasentry.engine import detect, plan_buckets

    db = tmp_path / "g.duckdb"
    run_cli("ingest", scenario["a"], scenario["b"], "-q", *BULK, "--set", "store.buckets=8", db=db)
    s = seasentry.open(db)
    try:
        cfg = Config()
        cfg.store.min_task_positions = 1
        cfg.store.chunk_positions = 2_000  # many small stage tasks
        plan = plan_buckets(s, cfg, workers=2)
        n_tasks = len(plan.sources)
        assert plan.positions > 4 * 2_000 and n_tasks >= 5
        assert plan.groups == 4  # two per worker: the positions are far below group_positions
        assert plan_buckets(s, cfg, workers=3).groups == min(6, n_tasks)
        cfg.store.group_positions = max(1, plan.positions // 5)
        assert plan_buckets(s, cfg, workers=2).groups == min(max(4, -(-plan.positions // cfg.store.group_positions)),
                                                             n_tasks)
        cfg.store.group_positions = 1
        assert plan_buckets(s, cfg, workers=2).groups == min(n_tasks, 32)
        got = []
        for gp in (1, 10 ** 9):
            cfg.store.group_positions = gp
            detect(s, cfg, full=True)
            got.append(s.con.execute("SELECT * FROM events ORDER BY event_id").pl())
    finally:
        s.close()
    assert got[0].height > 50
    assert_frame_equal(got[0], got[1])
