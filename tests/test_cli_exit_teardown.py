"""How a command run as the ``seasentry`` program ends (session 13): it closes the stores it left
open, lets its threads end, runs its exit handlers and ends the process without the interpreter's
teardown (seasentry.cli.errors._end_now), whatever the way it ended.

Before: one fresh-clone CI run saw a read command beside `seasentry serve` exit -6 with
"terminate called without an active exception": a DuckDB (or Arrow) native thread that takes the
GIL while the interpreter finalises is ended by CPython and aborts the process
(duckdb/duckdb#13904). Here a thread inside a DuckDB query at the command's end makes that abort
certain: it fails on the code before (exit -6) and passes now."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import AIS, run_cli

PROGRAM = r"""
import sys, threading, time, duckdb
started = threading.Event()
def busy():
    con = duckdb.connect()
    started.set()
    con.execute("SELECT count(*) FROM range(30000000000)").fetchall()   # minutes of work
threading.Thread(target=busy, daemon=True).start()
started.wait(); time.sleep(0.3)
from seasentry.cli import main
sys.argv = ["seasentry", *sys.argv[1:]]
main()
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("teardown") / "s.duckdb"
    run_cli("ingest", AIS / "gatehouse.nmea", db=db)
    return db


def _program(*args, db):
    env = {k: v for k, v in os.environ.items() if k != "SEASENTRY_DB"}
    return subprocess.run([sys.executable, "-c", PROGRAM, *args, "--db", str(db)], capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.mark.parametrize("args,code", [(("stats", "--format", "json"), 0),      # done
                                       (("track", "1"), 1),                      # failed: no such vessel
                                       (("events", "--type", "nonsense"), 2)])   # wrong command line
def test_a_duckdb_thread_alive_at_the_end_does_not_abort_the_command(store, args, code):
    p = _program(*args, db=store)
    assert p.returncode == code, (p.returncode, p.stderr[-2000:])
    assert "terminate called" not in p.stderr


def test_stores_left_open_are_closed_at_the_end(store, tmp_path):
    """A command that does not close its store: the store is closed when it ends (a writer's
    changes checkpointed into the file by DuckDB's close: no .wal left beside it)."""
    import shutil

    db = tmp_path / "w.duckdb"
    shutil.copy(store, db)
    prog = ("import sys, seasentry\n"
            "from seasentry.cli import main\n"
            "s = seasentry.open(sys.argv[1]); s.con.execute('CREATE TABLE t AS SELECT 1 AS x')\n"
            "sys.argv = ['seasentry', 'stats', '--db', sys.argv[1] + '.other']\n"
            "main()\n")
    p = subprocess.run([sys.executable, "-c", prog, str(db)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 1, p.stderr   # (no store at the other path)
    assert not db.with_name(db.name + ".wal").exists()
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
    finally:
        con.close()
