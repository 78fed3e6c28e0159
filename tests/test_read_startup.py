"""Start-up of the read commands (issue 19: under 0.5 s, benchmarks/bench_startup.py).

- every read command, run as a user runs it (a new ``python -m seasentry`` process), imports none
  of the heavy modules it does not need (numba, dask, polars, pyarrow, the web stack ...; NumPy
  only for ``screen``), checked on ``sys.modules`` at exit: a new top-level import on a read path
  fails here;
- the polars-free read paths give what the DataFrame paths give: ``query_alert_rows`` =
  ``query_alerts``, ``source_rows`` = ``sources``, the GeoJSON track from plain rows = from
  ``Store.positions``, and the plain-Python ``track_geometry`` = the NumPy code it replaced;
- ``seasentry screen`` with few names runs the screening kernels as plain Python
  (screening._jit): the matches on the evaluation queries equal those of the compiled kernels,
  and the kept index is read from the store opened read-only.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import FIXTURES, ROOT, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from test_alerts_cli import shared_demo

import seasentry

#: modules no read command needs (NumPy: only `screen`, whose index holds arrays)
HEAVY = {"numba", "llvmlite", "dask", "distributed", "fastapi", "starlette", "uvicorn", "polars", "pyarrow",
         "scipy", "shapely", "pandas"}

#: runs ``python -m seasentry ARGS`` as the command does, then writes the heavy modules it imported
_PROBE = """
import atexit, runpy, sys
def _report():
    tops = sorted({m.split('.')[0] for m in sys.modules})
    sys.stderr.write('\\nIMPORTED ' + ' '.join(tops) + '\\n')
atexit.register(_report)
sys.argv = ['seasentry', *sys.argv[1:]]
runpy.run_module('seasentry', run_name='__main__', alter_sys=True)
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A private copy of the demo store (lists loaded, demo run: events, alerts, kept index)."""
    src, _ = shared_demo(tmp_path_factory)
    db = tmp_path_factory.mktemp("startup") / "demo.duckdb"
    shutil.copy(src, db)
    return db


def _imported(*args) -> set[str]:
    p = subprocess.run([sys.executable, "-c", _PROBE, *map(str, args)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    line = [x for x in p.stderr.splitlines() if x.startswith("IMPORTED ")][-1]
    return set(line.split()[1:])


def _busiest(db) -> int:
    s = seasentry.open(db, read_only=True)
    try:
        return int(s.con.execute("SELECT mmsi FROM vessels ORDER BY positions DESC, mmsi LIMIT 1").fetchone()[0])
    finally:
        s.close()


@pytest.mark.parametrize("args", [
    ["--help"], ["stats"], ["stats", "--format", "json"], ["events", "--limit", "20"],
    ["events", "--format", "jsonl"], ["vessels"], ["vessels", "--format", "json"], ["vessels", "--search", "A"],
    ["alerts"], ["alerts", "--format", "jsonl"], ["alerts", "--format", "csv"], ["sources"],
    ["sources", "--format", "json"], ["track", "BUSIEST"], ["screen", "BLUE SEA"],
    ["screen", "Moammar Gadafi", "--format", "json"], ["screen", "--imo", "9362061"],
], ids=lambda a: " ".join(a))
def test_read_command_imports_only_what_it_needs(demo, args):
    args = [str(_busiest(demo)) if a == "BUSIEST" else a for a in args]
    got = _imported(*args, *([] if args == ["--help"] else ["--db", demo]))
    if args == ["--help"]:
        assert "seasentry" in got and "duckdb" not in got  # the help reads no store
    else:
        assert "duckdb" in got  # (the command ran)
    heavy = HEAVY | ({"numpy"} if args[0] != "screen" else set())
    assert not got & heavy, f"`seasentry {' '.join(args)}` imports {sorted(got & heavy)}"


def test_screen_reads_the_kept_index_read_only(demo, tmp_path, monkeypatch):
    """The kept index is current: `screen` opens the store read-only once (no schema work, no
    write); a stale index (other settings) is built and kept by a writing open, as before."""
    from seasentry.cli import screen_cmds

    opened = []
    real = screen_cmds._open

    def spy(db, read_only, **kw):
        opened.append(read_only)
        return real(db, read_only, **kw)

    monkeypatch.setattr(screen_cmds, "_open", spy)
    from seasentry.config import Config

    idx = screen_cmds._index(str(demo), Config.load(None, []))
    assert len(idx) > 0 and opened == [True]
    db = tmp_path / "stale.duckdb"
    shutil.copy(demo, db)
    opened.clear()
    cfg = Config.load(None, ["screening.result_limit=7"])
    screen_cmds._index(str(db), cfg)
    assert opened == [True, False]
    opened.clear()
    screen_cmds._index(str(db), cfg)  # kept by the call before
    assert opened == [True]


_SCREEN = """
import json, sys
sys.path.insert(0, {tests!r})
if sys.argv[1] == "interpreted":
    from seasentry.screening import _jit
    assert _jit.interpret()
from conftest import FIXTURES
from seasentry.screening import ScreeningIndex, load_path
from seasentry.screening.evaluate import TYPES, load_eval_set
idx = ScreeningIndex(load_path(FIXTURES / "sanctions" / "un_sc_2025-04-19_libya_excerpt.xml").entities
                     + load_path(FIXTURES / "sanctions" / "ofac_sdn_2024-05-03_excerpt.csv").entities)
rows = load_eval_set(FIXTURES / "screening_eval" / "eval_set.csv")
out = [idx.screen_name(r["query"], schema=TYPES.get((r["type"] or "").lower()), limit=10, min_score=0.3)
       for r in rows[::3]]
out += [idx.screen_vessel(imo=i, name=n) for i, n in (("9362061", "HAWK"), (None, "BLUE SEA"), ("6421660", None))]
json.dump({{"numba": "numba" in sys.modules, "out": out}}, sys.stdout, sort_keys=True, default=str)
"""


def test_interpreted_screening_equals_the_compiled_kernels():
    """The same evaluation queries (a third of them, in every script and kind) screened with the
    kernels interpreted (what `seasentry screen NAME` does) and compiled: equal matches, scores and
    explanations, to the last digit."""
    code = _SCREEN.format(tests=str(ROOT / "tests"))
    res = {}
    for mode in ("interpreted", "compiled"):
        p = subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, timeout=900)
        assert p.returncode == 0, p.stderr
        res[mode] = json.loads(p.stdout)
    assert res["interpreted"]["numba"] is False and res["compiled"]["numba"] is True
    a, b = res["interpreted"]["out"], res["compiled"]["out"]
    assert sum(len(x) for x in b) > 200  # queries with matches, not empty answers
    assert a == b


def test_screen_command_output_is_unchanged_by_interpretation(demo, tmp_path):
    """`seasentry screen` as a command (interpreted) and with more names than INTERPRETED_QUERIES
    (compiled): the same answer for the same name."""
    from seasentry.cli.screen_cmds import INTERPRETED_QUERIES

    one = run_cli("screen", "Moammar Gadafi", "--format", "json", db=demo).stdout_text.strip()
    f = tmp_path / "q.csv"
    f.write_text("name\n" + "Moammar Gadafi\n" * (INTERPRETED_QUERIES + 1), encoding="utf-8")
    many = run_cli("screen", "--file", f, "--format", "json", db=demo).stdout_text.strip().splitlines()
    assert len(many) == INTERPRETED_QUERIES + 1 and set(many) == {one}
    assert json.loads(one)["matches"]


def _act_on_some(db) -> None:
    from seasentry.alerts import act

    s = seasentry.open(db)
    try:
        ids = [r[0] for r in s.con.execute("SELECT alert_id FROM alerts ORDER BY alert_id").fetchall()]
        assert len(ids) >= 6
        act(s.con, ids[0], "dismiss", note="t", user="t")
        act(s.con, ids[1], "ack", user="t")
        act(s.con, ids[2], "escalate", user="t")
        s.con.execute("UPDATE alerts SET active = false WHERE alert_id = ?", [ids[3]])
    finally:
        s.close()


def test_alert_rows_equal_query_alerts(demo, tmp_path):
    from seasentry.alerts import query_alert_rows, query_alerts

    db = tmp_path / "acted.duckdb"
    shutil.copy(demo, db)
    _act_on_some(db)
    s = seasentry.open(db, read_only=True)
    try:
        mmsi = int(s.con.execute("SELECT mmsi FROM alerts LIMIT 1").fetchone()[0])
        rule = ",".join(r[0] for r in s.con.execute("SELECT DISTINCT rule_id FROM alerts ORDER BY 1 LIMIT 2").fetchall())
        for kw in [{}, {"status": None}, {"status": ["new", "dismissed"]}, {"status": "acknowledged"},
                   {"include_inactive": True, "status": None}, {"min_score": 50}, {"mmsi": mmsi},
                   {"rule": rule}, {"limit": 3}, {"limit": 5, "include_inactive": True}]:
            want = query_alerts(s, **kw).to_dicts()
            got = query_alert_rows(s, **kw)
            assert got == want, kw
        assert query_alert_rows(s, status=None, include_inactive=True)  # (not vacuous)
    finally:
        s.close()
    empty = seasentry.open(tmp_path / "empty.duckdb")
    try:
        assert query_alert_rows(empty) is None and query_alerts(empty).height == 0
    finally:
        empty.close()


def test_source_rows_equal_sources(demo):
    s = seasentry.open(demo, read_only=True)
    try:
        want = s.sources().to_dicts()
        assert want and s.source_rows() == want
    finally:
        s.close()


def test_track_geojson_from_rows_equals_the_dataframe_path(demo):
    from seasentry.cli.ingest_cmds import track_geojson, track_geojson_rows, track_rows

    s = seasentry.open(demo, read_only=True)
    try:
        mmsis = [r[0] for r in s.con.execute("SELECT mmsi FROM vessels ORDER BY positions DESC LIMIT 8").fetchall()]
        n_multi = 0
        for m in mmsis:
            for start, end in ((None, None), ("2024-05-01T06:00:00Z", "2024-05-01T09:00:00Z"), ("2030-01-01", None)):
                for gap_s in (None, 180.0, 6 * 3600.0):
                    want = track_geojson(s, m, s.positions(mmsi=m, start=start, end=end).drop("msg_key"), gap_s)
                    got = track_geojson_rows(s, m, track_rows(s, m, start, end), gap_s)
                    assert json.dumps(got) == json.dumps(want), (m, start, end, gap_s)
                    n_multi += bool(got["features"]) and got["features"][0]["geometry"]["type"] == "MultiLineString"
        assert n_multi > 0
    finally:
        s.close()


def _geometry_numpy(lon, lat, ts=None, max_gap_s=None):
    """seasentry.geojson.track_geometry as it was written with NumPy (the reference)."""
    from seasentry.geojson import _distinct

    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    if lon.size == 0:
        return None
    coords = [[float(x), float(y)] for x, y in zip(lon, lat)]
    cuts = [0, len(coords)]
    if ts is not None and max_gap_s is not None and len(coords) > 1:
        t = np.asarray(ts, dtype=float)[ok]
        cuts = [0, *(np.flatnonzero(np.diff(t) > max_gap_s) + 1).tolist(), len(coords)]
    parts = [_distinct(coords[a:b]) for a, b in zip(cuts[:-1], cuts[1:])]
    lines = [p for p in parts if len(p) >= 2]
    if not lines:
        points = _distinct([p[0] for p in parts])
        return {"type": "Point", "coordinates": points[0]} if len(points) == 1 else \
            {"type": "MultiPoint", "coordinates": points}
    return {"type": "LineString", "coordinates": lines[0]} if len(lines) == 1 else \
        {"type": "MultiLineString", "coordinates": lines}


_coord = st.one_of(st.none(), st.just(math.nan), st.just(math.inf), st.sampled_from([10.0, 10.5, 11.25]),
                   st.floats(-180, 180))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_coord, _coord, st.one_of(st.none(), st.floats(0, 1e6))), max_size=12),
       st.sampled_from([None, 0.0, 10.0, 1e5]), st.booleans())
def test_track_geometry_equals_the_numpy_code(points, gap, as_arrays):
    lon = [p[0] for p in points]
    lat = [p[1] for p in points]
    ts = [p[2] for p in points]
    from seasentry.geojson import track_geometry

    if as_arrays:  # (what the web API and polars callers pass)
        lon, lat, ts = (np.asarray(v, dtype=float) for v in (lon, lat, ts))
    got = track_geometry(lon, lat, ts, gap)
    want = _geometry_numpy(lon, lat, ts, gap)
    assert json.dumps(got) == json.dumps(want)
