"""Working beside a running server, as a user does: `seasentry serve` holds the store (DuckDB lets
one process open a file it writes) while other `seasentry` commands run on the same store.

Before (issue 20): every other command failed with DuckDB's raw lock error, read-only ones
included, and after a clean stop the last writes sat in the ``.wal`` beside the store file. Now:
read commands give the same output as on the stopped store (the server answers their queries in
one consistent snapshot: seasentry.web.local); write commands say that the server holds the store
and how to proceed; a clean stop checkpoints the store."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import httpx
import pytest
from conftest import AIS, run_cli
from test_api_common import SANCTIONS, Serve, auth, build_store, copy_store


def _out(args, db):
    p = run_cli(*args, db=db, check=False, timeout=300)
    return p.returncode, p.stdout_text, p.stderr_text


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """(a store served by `seasentry serve`, a copy of it that nobody holds, tokens, the server)."""
    info = build_store()
    d = tmp_path_factory.mktemp("beside")
    db = copy_store(d)
    ref = d / "reference.duckdb"
    # the server adds its tables (audit, zones) at its first start: the reference is the served store
    # after a first start and a clean stop
    with Serve(db):
        pass
    shutil.copy(db, ref)
    with Serve(db) as s:
        yield db, ref, info["tokens"], s


def _mmsi(ref) -> tuple[int, str]:
    import duckdb

    con = duckdb.connect(str(ref), read_only=True)
    try:
        mmsi = con.execute("SELECT mmsi FROM alerts ORDER BY score DESC, alert_id LIMIT 1").fetchone()[0]
        name = con.execute("SELECT name FROM sanctions_entities WHERE schema = 'Person' ORDER BY entity_id LIMIT 1"
                           ).fetchone()[0]
    finally:
        con.close()
    return int(mmsi), name


READS = [
    ("stats", "--format", "json"),
    ("alerts", "--format", "jsonl"),
    ("alerts", "--status", "all", "--format", "csv"),
    ("events", "--format", "jsonl", "--limit", "200"),
    ("events", "--type", "port_visit", "--format", "table"),
    ("vessels", "--format", "json", "--limit", "500"),
    ("vessels", "--search", "a", "--format", "csv"),
    ("track", "{mmsi}", "--format", "geojson"),
    ("track", "{mmsi}", "--format", "csv"),
    ("lists", "--format", "json"),
    ("screen", "{name}", "--format", "json"),
    ("screen", "--imo", "9074729", "--format", "json"),
    ("sources", "--format", "json"),
    ("rejects", "--format", "jsonl"),
    ("tokens", "list", "--format", "json"),
    ("detections", "--format", "jsonl"),
    ("incidents", "--format", "jsonl"),
    ("alerts", "history"),
    ("reports",),
]


@pytest.mark.parametrize("cmd", READS, ids=[" ".join(c) for c in READS])
def test_read_commands_answer_as_on_the_stopped_store(stores, cmd):
    db, ref, tok, s = stores
    mmsi, name = _mmsi(ref)
    args = [a.format(mmsi=mmsi, name=name) for a in cmd]
    rc_ref, out_ref, err_ref = _out(args, ref)
    rc, out, err = _out(args, db)
    assert rc == rc_ref, (rc, err, err_ref)
    if rc:                                  # (e.g. no detections loaded): the same message
        assert err.strip().splitlines()[-1] == err_ref.strip().splitlines()[-1]
    assert "lock" not in err.lower()
    assert "read through the running server" in err
    if args[0] == "stats":
        a, b = json.loads(out), json.loads(out_ref)
        a.pop("db"), b.pop("db")
        assert a == b
    elif args[:2] == ["tokens", "list"]:    # last_used moves while the server is used
        strip = lambda t: [{k: v for k, v in r.items() if k != "last_used"} for r in json.loads(t)]  # noqa: E731
        assert strip(out) == strip(out_ref)
    else:
        assert out == out_ref
    assert len(out) > 2 or args[0] in ("detections", "incidents", "rejects", "reports")  # (none in this store)


def test_case_file_beside_the_server(stores, tmp_path):
    db, ref, tok, s = stores
    mmsi, _ = _mmsi(ref)
    rc, out, err = _out(["case", str(mmsi), "--out", str(tmp_path / "a.html")], ref)
    assert rc == 0, err
    rc2, out2, err2 = _out(["case", str(mmsi), "--out", str(tmp_path / "b.html")], db)
    assert rc2 == 0, err2
    a, b = json.loads(out.strip().splitlines()[-1]), json.loads(out2.strip().splitlines()[-1])
    for k in ("events", "alerts", "raw_lines", "evidence_files", "mmsi", "name"):
        assert a[k] == b[k], k
    assert (tmp_path / "b.html").stat().st_size > 10_000


def test_export_parquet_beside_the_server(stores, tmp_path):
    """`export parquet` writes the archive on the command's side from queries the server answers:
    the same rows as an export of the stopped store."""
    import duckdb

    db, ref, tok, s = stores
    rc, out, err = _out(["export", "parquet", "--out", str(tmp_path / "a")], ref)
    assert rc == 0, err
    rc, out, err = _out(["export", "parquet", "--out", str(tmp_path / "b")], db)
    assert rc == 0, err
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.parquet"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.parquet"))
    assert files_a == files_b and files_a
    con = duckdb.connect()
    for f in files_a:
        q = "SELECT * FROM read_parquet('{}') ORDER BY ALL"
        assert con.execute(q.format(tmp_path / "a" / f)).fetchall() == con.execute(q.format(tmp_path / "b" / f)).fetchall()


WRITES = [
    (("ingest", str(AIS / "gatehouse.nmea")), "serve --tcp/--listen/--udp"),
    (("run", str(AIS / "gatehouse.nmea")), "stop the server"),
    (("detect",), "stop the server"),
    (("alerts", "evaluate"), "stop the server"),
    (("alerts", "ack", "abc", "--note", "x"), "POST /api/alerts/ID/actions"),
    (("tokens", "create", "--role", "viewer", "--name", "bob"), "POST /api/tokens"),
    (("tokens", "revoke", "deadbeef"), "DELETE /api/tokens/ID"),
    (("lists", "load", str(SANCTIONS / "ofac_sdn_2024-04-26_excerpt.csv")), "POST /api/lists"),
    (("detections", "load", str(AIS / "gatehouse.nmea")), "stop the server"),
    (("case", "123456789", "--out", "/tmp/x.html", "--archive", "/nonexistent"), "with --archive, stop the server"),
]


@pytest.mark.parametrize("cmd,hint", WRITES, ids=[" ".join(c[0][:2]) for c in WRITES])
def test_write_commands_say_the_server_holds_the_store(stores, cmd, hint):
    db, ref, tok, s = stores
    rc, out, err = _out(list(cmd), db)
    assert rc == 1, (rc, out, err)
    assert f"held by `seasentry serve` (pid {s.pid}" in err and s.url.replace("127.0.0.1", "127.0.0.1") in err, err
    assert hint in err, err
    assert "Traceback" not in err and "Conflicting lock" not in err
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("cmd", ["ingest", "run"])
def test_write_commands_beside_the_server_fail_before_compiling(stores, tmp_path, cmd):
    """On a machine whose kernels are not compiled yet (no warm-up stamp), `ingest`/`run` on a
    store the server holds say so at once: no minute of compiling first (seen on a fresh CI)."""
    db, ref, tok, s = stores
    p = run_cli(cmd, AIS / "gatehouse.nmea", db=db, check=False, timeout=300,
                env={"SEASENTRY_CACHE_DIR": str(tmp_path / "fresh-cache")})
    err = p.stderr_text
    assert p.returncode == 1 and f"held by `seasentry serve` (pid {s.pid}" in err, err
    assert "compiling" not in err and len(err.strip().splitlines()) == 1, err


def test_read_commands_end_their_server_session(stores):
    """A read command beside the server ends its read session when it exits, even when the command
    does not close its store: 18 in a row (the server takes 16 at once) all answer. Before, each
    left its session open for the idle time-out, and the 17th was refused."""
    db, ref, tok, s = stores
    for i in range(18):
        rc, out, err = _out(["vessels", "--format", "json", "--limit", "5"], db)
        assert rc == 0, (i, rc, err)


def test_second_server_and_another_writer(stores, tmp_path):
    db, ref, tok, s = stores
    rc, out, err = _out(["serve", "--port", "0"], db)
    assert rc == 1 and "one server per store" in err, err
    # a store held by another process that is not a server: who holds it, and what to do
    other = tmp_path / "other.duckdb"
    shutil.copy(ref, other)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(other)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        rc, out, err = _out(["stats"], other)
        assert rc == 1 and f"in use by another process (PID {holder.pid})" in err, err
        assert "wait until it finishes" in err and "Traceback" not in err
    finally:
        holder.kill()
        holder.wait()


def test_a_read_session_is_one_snapshot(stores):
    """What a command reads does not change under it while the server writes."""
    import seasentry.web.local as L

    db, ref, tok, s = stores
    info = L.find_server(db)
    assert info is not None and info["pid"] == s.pid and info["port"] == s.port
    con = L.RemoteConnection(info)
    try:
        n0 = con.execute("SELECT count(*) FROM zones").fetchone()[0]
        r = httpx.post(s.url + "/api/zones", headers=auth(tok["analyst"]), json={
            "type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "snapshot test"},
                                                       "geometry": {"type": "Polygon", "coordinates": [[[14, 35], [
                                                           14.1, 35], [14.1, 35.1], [14, 35], ]]}}]})
        assert r.status_code == 201, r.text
        assert con.execute("SELECT count(*) FROM zones").fetchone()[0] == n0        # same snapshot
        with pytest.raises(Exception, match="INSERT statements are not run"):
            con.execute("INSERT INTO zones SELECT * FROM zones")
        with pytest.raises(Exception, match="COPY statements are not run"):
            con.execute("COPY zones FROM '/tmp/x.csv'")
        # COPY ... TO: the query runs on the server (same snapshot), the file is written here
        out = db.parent / "zones_copy.csv"
        con.execute(f"COPY zones TO '{out}' (HEADER)")
        assert len(out.read_text().splitlines()) == n0 + 1
        # types come back as DuckDB gives them
        row = con.execute("SELECT 1::HUGEINT AS h, TIMESTAMP '2024-05-01 12:00:00' AS t, [1, 2] AS l, "
                          "{'a': 1} AS s, 1.25::DECIMAL(6, 2) AS d, ? AS p", ["x"]).fetchone()
        import datetime as dt
        from decimal import Decimal

        assert row == (1, dt.datetime(2024, 5, 1, 12), [1, 2], {"a": 1}, Decimal("1.25"), "x")
        assert [d[0] for d in con.description] == ["h", "t", "l", "s", "d", "p"]
    finally:
        con.close()
    con2 = L.RemoteConnection(info)
    try:
        assert con2.execute("SELECT count(*) FROM zones").fetchone()[0] == n0 + 1  # a new command: the new state
    finally:
        con2.close()
    # without the local secret (or from the network) nothing is answered
    assert httpx.post(s.url + "/api/_local/session").status_code == 403
    assert httpx.post(s.url + "/api/_local/session", headers={L.HEADER: "wrong"}).status_code == 403


def test_clean_stop_checkpoints_the_store(tmp_path):
    """Before: a stop with a page's live stream open waited for the stream to end (up to its
    duration) and a stop that was cut short left the last writes only in the .wal beside the file
    (a copied .duckdb alone lacked them). Now Ctrl-C ends open streams within 5 s and the stop
    checkpoints: the file alone holds every write."""
    import threading
    import time

    import duckdb

    info = build_store()
    db = copy_store(tmp_path)
    s = Serve(db)
    h = auth(info["tokens"]["analyst"])

    def listen():
        try:
            with httpx.stream("GET", s.url + "/api/stream?duration=300", headers=h, timeout=310) as r:
                for _ in r.iter_lines():
                    pass
        except httpx.HTTPError:
            pass

    threading.Thread(target=listen, daemon=True).start()
    r = httpx.post(s.url + "/api/zones", headers=h, json={
        "type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "last write"},
                                                   "geometry": {"type": "Polygon", "coordinates": [[[14, 35], [
                                                       14.1, 35], [14.1, 35.1], [14, 35]]]}}]})
    assert r.status_code == 201
    time.sleep(0.5)
    t0 = time.monotonic()
    server_file = db.with_name(db.name + ".serve.json")
    assert server_file.exists() and oct(server_file.stat().st_mode & 0o777) == "0o600"
    assert s.stop(timeout=25) == 0, s.output()           # Ctrl-C: a clean stop, in time, open stream or not
    assert time.monotonic() - t0 < 20
    assert not db.with_name(db.name + ".wal").exists()
    assert not server_file.exists()
    alone = tmp_path / "alone" / "copy.duckdb"
    alone.parent.mkdir()
    shutil.copy(db, alone)                       # the file alone, as a user copies it
    con = duckdb.connect(str(alone), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM zones WHERE name = 'last write'").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'zone.create'").fetchone()[0] == 1
    finally:
        con.close()
