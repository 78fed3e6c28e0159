"""Issue 19, the 1M-message run in under 5 s: what `seasentry run` does around its ingest and
detection (worker processes, start-up checks) keeps the results and behaviour of the plain way."""

from __future__ import annotations

import os
from pathlib import Path


def _atexit_marker(path: str) -> int:
    import atexit

    from seasentry.pool import report

    atexit.register(lambda: Path(path).write_text("teardown", encoding="utf-8"))
    report("last item", os.getpid())  # sent through the progress queue just before the task ends
    return os.getpid()


def test_pool_workers_end_without_the_interpreter_teardown(tmp_path):
    """A pool worker whose task loop is over ends at once (os._exit after multiprocessing's own
    finalizers): no interpreter teardown (its atexit handlers do not run), exit status 0, and the
    progress items it sent before are delivered."""
    from seasentry.pool import Pool

    marker = tmp_path / "teardown.txt"
    pool = Pool(1)
    pid = pool.submit(_atexit_marker, str(marker)).result()
    procs = list(pool._ex._processes.values())
    items = []
    for _ in range(100):
        items += pool.progress()
        if items:
            break
        import time

        time.sleep(0.05)
    pool.close()
    assert items == [("last item", pid)]
    assert [p.exitcode for p in procs] == [0]
    assert not marker.exists()


def _freeze_count(module: str | None = None) -> int:
    import gc
    import importlib

    if module:
        importlib.import_module(module)
    return gc.get_freeze_count()


def test_pool_worker_freezes_what_its_start_up_imported(tmp_path):
    """After a task that imported modules (a worker's start-up), a pool worker freezes what it
    holds out of the cyclic garbage collector (later full collections no longer walk it); a task
    that imports nothing freezes nothing more."""
    from seasentry.pool import Pool

    with Pool(1) as pool:
        assert pool.submit(_freeze_count).result() == 0  # nothing frozen at its start
        before = pool.submit(_freeze_count).result()
        assert pool.submit(_freeze_count).result() == before  # a task that imported nothing froze nothing
        pool.submit(_freeze_count, "seasentry.config").result()  # imports modules: frozen after it
        after = pool.submit(_freeze_count).result()
        assert after > before + 1000
        assert pool.submit(_freeze_count).result() == after


READY = "import sys; from seasentry import kernels; print(kernels.ready(), 'numba' in sys.modules)"


def _ready_in_new_process(cache) -> str:
    import subprocess
    import sys

    env = dict(os.environ, SEASENTRY_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-c", READY], capture_output=True, text=True, env=env,
                          check=True).stdout.split()


def test_kernels_found_ready_without_importing_numba_then_checked_again_when_a_file_changes(tmp_path):
    """After a warm-up, `kernels.ready()` answers from the stamp's list of numba's index files
    and the kernels' sources (unchanged: ready, numba not imported: ~0.6 CPU s less per command);
    when a listed file changed it checks numba's index entries one by one again (still ready: the
    entries are there) and lists the files anew; a stamp of another machine is not ready. Another
    process compiling the same kernels meanwhile may rewrite a listed index file after the
    warm-up: then the first check is the full one, and the next the quick one."""
    import json

    from conftest import run_cli

    run_cli("warmup", "--json", env={"SEASENTRY_CACHE_DIR": str(tmp_path)})
    stamp_path = tmp_path / "kernels.json"
    listed = json.loads(stamp_path.read_text())["quick"]
    first = _ready_in_new_process(tmp_path)
    if first == ["True", "True"]:
        # another process compiling the same kernels (the other pytest worker, kernel sources just
        # changed) rewrote a listed index file after the warm-up listed it: the full check ran and
        # listed the files anew, each changed one rewritten since
        (key, files), = json.loads(stamp_path.read_text())["quick"].items()
        changed = [(a, b) for a, b in zip(listed[key], files) if a != b]
        assert changed and all(a[0] == b[0] and b[1] > a[1] for a, b in changed), (listed[key], files)
        first = _ready_in_new_process(tmp_path)
    assert first == ["True", "False"]
    stamp = json.loads(stamp_path.read_text())
    (key, files), = stamp["quick"].items()
    assert any(f[0].endswith(".nbi") for f in files) and any(f[0].endswith("_kernels.py") for f in files)
    files[0][1] -= 1  # as if the file had changed since
    stamp_path.write_text(json.dumps(stamp))
    assert _ready_in_new_process(tmp_path) == ["True", "True"]
    assert json.loads(stamp_path.read_text())["quick"][key][0][1] == files[0][1] + 1  # listed anew
    assert _ready_in_new_process(tmp_path) == ["True", "False"]
    stamp = json.loads(stamp_path.read_text())
    stamp["host"] = "another-cpu|numba 0|py3"
    stamp["quick"] = {k.replace(k.split("|")[0], "another-cpu", 1): v for k, v in stamp["quick"].items()}
    stamp_path.write_text(json.dumps(stamp))
    assert _ready_in_new_process(tmp_path) == ["False", "True"]


def test_kernels_found_ready_without_loading_llvm(tmp_path):
    """The quick answer of `kernels.ready()` names this machine's processor from /proc/cpuinfo,
    not from LLVM: the command's process never loads llvmlite (about 40 MB of its resident
    memory for the whole run). The stamp's file list is keyed by that name."""
    import json
    import subprocess
    import sys

    from conftest import run_cli

    run_cli("warmup", "--json", env={"SEASENTRY_CACHE_DIR": str(tmp_path)})
    probe = ("import sys; from seasentry import kernels; print(kernels.ready(), 'llvmlite' in sys.modules, "
             "kernels._cpu_id())")
    env = dict(os.environ, SEASENTRY_CACHE_DIR=str(tmp_path))
    for _ in range(2):  # the first may run the full check (an index file rewritten by another process)
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                             check=True).stdout.split()
    assert out[:2] == ["True", "False"]
    if sys.platform.startswith("linux"):
        assert out[2].startswith("cpuinfo-")
    (key,) = json.loads((tmp_path / "kernels.json").read_text())["quick"]
    assert key.split("|")[0] == out[2]


def test_a_stamp_without_every_kernel_module_is_not_ready(tmp_path):
    """A stamp written by a warm-up of a version without one of today's kernel modules (e.g.
    the name screening's seasentry.screening._kernels) is not ready, whatever its file list says: the
    command warms up (compiling the new kernels, saying so) instead of compiling them in
    silence in its workers."""
    import json

    from conftest import run_cli
    from seasentry import kernels

    run_cli("warmup", "--json", env={"SEASENTRY_CACHE_DIR": str(tmp_path)})
    stamp_path = tmp_path / "kernels.json"
    stamp = json.loads(stamp_path.read_text())
    assert "seasentry.screening._kernels" in stamp["modules"]
    assert "seasentry.screening._kernels.part_similarity" in stamp["kernels"]
    assert _ready_in_new_process(tmp_path)[0] == "True"
    stamp["modules"] = [m for m in kernels.MODULES if m != "seasentry.screening._kernels"]
    # that version's file lists are keyed by its own kernel modules
    stamp["quick"] = {k.rsplit("|modules ", 1)[0] + "|modules 0123456789ab": v for k, v in stamp["quick"].items()}
    stamp_path.write_text(json.dumps(stamp))
    assert _ready_in_new_process(tmp_path)[0] == "False"
    del stamp["modules"]  # a stamp of the versions before the list
    stamp_path.write_text(json.dumps(stamp))
    assert _ready_in_new_process(tmp_path)[0] == "False"


def test_another_versions_warm_up_does_not_make_this_one_warm_up_again(tmp_path):
    """Two installations share the stamp (two checkouts of different versions, one user's
    cache): the warm-up of the one with fewer kernel modules rewrites the stamp's module and
    kernel lists and keeps the other's file list; the other is still ready from its own file
    list (no warm-up inside its next command), without importing numba."""
    import json

    from conftest import run_cli
    from seasentry import kernels

    run_cli("warmup", "--json", env={"SEASENTRY_CACHE_DIR": str(tmp_path)})
    stamp_path = tmp_path / "kernels.json"
    for _ in range(2):  # the first may run the full check (an index file rewritten by another process)
        assert _ready_in_new_process(tmp_path)[0] == "True"
    stamp = json.loads(stamp_path.read_text())
    (key, files), = stamp["quick"].items()
    older = [m for m in kernels.MODULES if m != "seasentry.screening._kernels"]
    assert len(older) == len(kernels.MODULES) - 1  # a version without one of today's kernel modules
    stamp["modules"] = older
    stamp["kernels"] = [k for k in stamp["kernels"] if not k.startswith("seasentry.screening._kernels.")]
    stamp["quick"] = {key.replace(str(kernels.Path(kernels.__file__).resolve().parent), "/elsewhere/seasentry")
                      .rsplit("|modules ", 1)[0] + "|modules 0123456789ab": files, key: files}
    stamp_path.write_text(json.dumps(stamp))
    assert _ready_in_new_process(tmp_path) == ["True", "False"]


def test_warm_up_writes_the_bytecode_python_would_not(tmp_path, monkeypatch):
    """`seasentry warmup` also compiles the package's modules to bytecode (kernels.write_bytecode):
    where Python may not write it (PYTHONDONTWRITEBYTECODE, an editable install) every process of
    every command compiled the source of each module it imports; after it, imports load the
    bytecode. Only missing or out-of-date files are written; a read-only folder is left alone."""
    import subprocess
    import sys

    from seasentry import kernels

    pkg = tmp_path / "pkgx"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("X = 1\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "mod.py").write_text("def f():\n    return 2\n")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert kernels.write_bytecode(pkg) == 3
    assert kernels.write_bytecode(pkg) == 0  # up to date: nothing written
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(tmp_path))
    env.pop("PYTHONPYCACHEPREFIX", None)
    p = subprocess.run([sys.executable, "-v", "-c", "import pkgx.sub.mod as m; print(m.f())"], capture_output=True,
                       text=True, env=env, check=True)
    assert p.stdout.strip() == "2"
    assert f"matches {pkg / 'sub' / 'mod.py'}" in p.stderr  # loaded from the bytecode
    (pkg / "sub" / "mod.py").write_text("def f():\n    return 33\n")  # changed: its file only, again
    assert kernels.write_bytecode(pkg) == 1
    p = subprocess.run([sys.executable, "-c", "import pkgx.sub.mod as m; print(m.f())"], capture_output=True,
                       text=True, env=env, check=True)
    assert p.stdout.strip() == "33"
    if os.geteuid() != 0:  # root writes into read-only folders
        (pkg / "__init__.py").write_text("X = 2\n")
        os.chmod(pkg / "__pycache__", 0o500)
        try:
            assert kernels.write_bytecode(pkg) == 0
        finally:
            os.chmod(pkg / "__pycache__", 0o700)
    calls = []
    monkeypatch.setenv("SEASENTRY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(kernels, "write_bytecode", lambda root=None: calls.append(root) or 7)
    monkeypatch.setattr(kernels, "_samples", lambda: [])
    assert kernels.warm_up()["bytecode"] == 7 and calls == [None]


def _scenario_file(tmp_path) -> Path:
    from seasentry.scenario import generate

    return Path(generate(seed=7, hours=36, vessels=12).write(tmp_path / "sc")["nmea"])


def test_run_starts_the_fingerprints_of_a_bulk_ingest_before_opening_the_store(tmp_path, monkeypatch):
    """`seasentry run` of a bulk ingest: the fingerprints of its inputs are submitted to the
    workers before the rules are read and the store opened (their start-up overlaps), once; the
    input is stored as by `seasentry ingest`, and a second run skips it as before."""
    import multiprocessing

    from click.testing import CliRunner

    import seasentry
    import seasentry.cli.detect_cmds as D
    import seasentry.ingest.bulk as B
    from seasentry.cli import main
    from seasentry.pool import Pool

    from conftest import run_cli, store_tables

    f = _scenario_file(tmp_path)
    calls = []
    start, open_store, submit = B.start_early, D.open_store, Pool.submit

    def spy_start(*a, **kw):
        e = start(*a, **kw)
        calls.append(("start_early", None if e is None else len(e.futures)))
        return e

    def spy_open(*a, **kw):
        calls.append(("open_store", len(multiprocessing.active_children())))
        return open_store(*a, **kw)

    def spy_submit(self, fn, *a, **kw):
        if fn is B._fingerprint:
            calls.append(("fingerprint", Path(a[0]).name))
        return submit(self, fn, *a, **kw)

    monkeypatch.setattr(B, "start_early", spy_start)
    monkeypatch.setattr(D, "open_store", spy_open)
    monkeypatch.setattr(Pool, "submit", spy_submit)
    db = tmp_path / "s.duckdb"
    args = ["run", str(f), "--db", str(db), "-q", "--set", "store.bulk_min_mb=0", "--set", "store.workers=2"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert calls[:3] == [("fingerprint", f.name), ("start_early", 1), ("open_store", 2)]
    assert [c for c in calls if c[0] == "fingerprint"] == [("fingerprint", f.name)]
    ref = tmp_path / "ref.duckdb"
    run_cli("ingest", str(f), "--db", str(ref), "--set", "store.bulk_min_mb=0")
    assert store_tables(db) == store_tables(ref)
    before = store_tables(db)
    r = CliRunner().invoke(main, args)  # the same input again: skipped (same SHA-256)
    assert r.exit_code == 0, r.output
    assert store_tables(db) == before
    s = seasentry.open(db, read_only=True)
    try:
        assert s.con.execute("SELECT count(*), min(status) FROM sources").fetchone() == (1, "complete")
    finally:
        s.close()


def test_run_that_fails_its_checks_ends_the_workers_it_started(tmp_path):
    """A bad rule file fails `seasentry run` (exit 1, the rule error) even though the workers
    of its bulk ingest had started: they are ended at once, nothing is ingested."""
    import multiprocessing

    from click.testing import CliRunner

    import seasentry
    from seasentry.cli import main

    f = _scenario_file(tmp_path)
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules: [{id: x, when: {nonsense: 1}}]\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    # Processes another test of this pytest worker left ending are not this run's.
    before = set(multiprocessing.active_children())
    r = CliRunner().invoke(main, ["run", str(f), "--db", str(db), "-q", "--rules", str(bad),
                                  "--set", "store.bulk_min_mb=0", "--set", "store.workers=2"])
    assert r.exit_code == 1, r.output
    assert set(multiprocessing.active_children()) - before == set()
    assert not db.exists() or seasentry.open(db, read_only=True).con.execute(
        "SELECT count(*) FROM sources").fetchone()[0] == 0


def test_decoded_shore_rasters_are_kept_in_the_cache_and_read_back_exactly(tmp_path, monkeypatch):
    """The shore rasters are decoded once per machine (kept in the cache folder under the file's
    SHA-256) and read back with the same values; a changed file is decoded anew; without a
    writable cache folder they are decoded every time."""
    import numpy as np

    import seasentry.geo.grid as G

    src = Path(G.__file__).parent.parent / "data" / "geo" / "shore_fine_central_med.npz"
    want, want_arrays = G.decode_signed_distance(src)
    monkeypatch.setenv("SEASENTRY_CACHE_DIR", str(tmp_path / "cache"))
    first, _ = G.load_signed_distance(src)
    assert len(list((tmp_path / "cache" / "geo").iterdir())) == 1
    decode = G.decode_signed_distance

    def refuse(*a, **kw):
        raise AssertionError("decoded again")

    monkeypatch.setattr(G, "decode_signed_distance", refuse)
    got, arrays = G.load_signed_distance(src)
    assert np.array_equal(got.values, want.values) and got.values.dtype == np.float32
    assert (got.lon0, got.lat0, got.step) == (want.lon0, want.lat0, want.step)
    assert arrays.keys() == want_arrays.keys()
    assert all(np.array_equal(arrays[k], want_arrays[k]) for k in arrays)
    assert not got.values.flags.writeable
    # the geography's lookups give the same distances either way
    lat, lon = np.array([35.9, 33.0, 36.5]), np.array([14.5, 12.0, 15.2])
    assert np.array_equal(got.bilinear(lat, lon), want.bilinear(lat, lon))
    # a changed file: decoded again, its own values
    with np.load(src) as z:
        parts = {k: z[k] for k in z.files}
    parts["signed_dist_dlon"] = parts["signed_dist_dlon"].copy()
    parts["signed_dist_dlon"][0, 0] += 7
    changed = tmp_path / "changed.npz"
    np.savez_compressed(changed, **parts)
    monkeypatch.setattr(G, "decode_signed_distance", decode)
    other, _ = G.load_signed_distance(changed)
    assert other.values[0, 0] != want.values[0, 0]
    assert len(list((tmp_path / "cache" / "geo").iterdir())) == 2
    # a cache folder that cannot be written: decoded, same values
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("SEASENTRY_CACHE_DIR", str(tmp_path / "file"))
    again, _ = G.load_signed_distance(src)
    assert np.array_equal(again.values, want.values)


QUICK = """
import atexit, sys
from pathlib import Path
out = Path(sys.argv[1])
class Teardown:
    def __del__(self):
        (out / "teardown").write_text("x")
keep = Teardown()
atexit.register(lambda: (out / "atexit").write_text("x"))
sys.argv = ["seasentry", *sys.argv[2:]]
from seasentry.cli import main
main()
"""


def test_run_ends_without_the_interpreter_teardown_once_its_work_is_written(tmp_path):
    """`seasentry run` as a program: once the store is closed the process ends without the
    interpreter's teardown (an object's __del__ at teardown does not run), after its exit
    handlers and its other threads (the detection scratch folder's removal) -- with the usual
    exit status and output. A command that fails ends the same way, with its exit status and its
    exit handlers run (session 13: every command run as the ``seasentry`` program ends without the
    teardown, where a DuckDB or Arrow thread can abort the process; cli.errors._end_now)."""
    import subprocess
    import sys

    f = _scenario_file(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp))
    p = subprocess.run([sys.executable, "-c", QUICK, str(out), "run", str(f), "--db", str(tmp_path / "s.duckdb"),
                        "--set", "store.bulk_min_mb=0", "--set", "store.inprocess_positions=0"],
                       capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stderr
    assert "ranked alerts" in p.stdout and "run:" in p.stderr
    assert sorted(x.name for x in out.iterdir()) == ["atexit"]
    assert [x.name for x in tmp.iterdir() if x.name.startswith("seasentry-dask-")] == []
    for x in out.iterdir():
        x.unlink()
    p = subprocess.run([sys.executable, "-c", QUICK, str(out), "run", str(tmp_path / "missing.nmea"), "--db",
                        str(tmp_path / "s.duckdb")], capture_output=True, text=True, env=env)
    assert p.returncode == 1 and sorted(x.name for x in out.iterdir()) == ["atexit"], p.stderr
    assert "missing.nmea" in p.stderr


SCRIPT = """
import os, sys
if __name__ != "__main__":  # imported again by a worker process
    with open(os.environ["SCRIPT_IMPORTS"], "a") as fh:
        fh.write(f"{os.getpid()}\\n")
from seasentry.cli import main
if __name__ == "__main__":
    sys.exit(main())
"""


def test_workers_of_the_seasentry_program_do_not_run_its_script_again(tmp_path):
    """`seasentry run` started as the console script (a file whose module only calls `main`): its
    worker processes (ingest, detection) do not import that script again before their first task,
    as under `python -m seasentry`; the run uses them and gives its usual output."""
    import subprocess
    import sys

    f = _scenario_file(tmp_path)
    script = tmp_path / "seasentry_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    imports, log = tmp_path / "imports.txt", tmp_path / "tasks.tsv"
    env = dict(os.environ, SCRIPT_IMPORTS=str(imports), SEASENTRY_TASK_LOG=str(log))
    p = subprocess.run([sys.executable, str(script), "run", str(f), "--db", str(tmp_path / "s.duckdb"),
                        "--set", "store.bulk_min_mb=0", "--set", "store.inprocess_positions=0"],
                       capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stderr
    assert "ranked alerts" in p.stdout
    rows = [line.split("\t") for line in log.read_text().splitlines()]
    command = {r[0] for r in rows if r[1].startswith("@")}
    workers = {r[0] for r in rows if not r[1].startswith("@")}
    assert len(command) == 1 and len(workers) >= 2 and not command & workers  # tasks ran in workers
    assert not imports.exists(), imports.read_text()


def test_alert_rules_prepared_while_the_workers_detect(tmp_path, monkeypatch):
    """`seasentry run` loads what the alert rules read whatever the events (the land boxes of the
    distance_from_land_nm areas, alerts.evaluate.prepare) during detection, before the evaluation
    at its end; the boxes are computed once (the land polygons read once for all of them), and
    the alerts are those of an evaluation without it."""
    from click.testing import CliRunner

    import importlib

    import seasentry
    import seasentry.alerts as AL
    from seasentry.alerts import areas as A
    from seasentry.cli import main

    E = importlib.import_module("seasentry.alerts.evaluate")  # the module (the package's name is the function)

    calls = []
    prep, ev = E.prepare, E.evaluate

    def spy_prepare(rs):
        calls.append(("prepare", A._land_in_box.cache_info().currsize))
        prep(rs)
        calls.append(("prepared", A._land_in_box.cache_info().currsize))

    def spy_evaluate(*a, **kw):
        calls.append(("evaluate", A._land_in_box.cache_info().currsize))
        return ev(*a, **kw)

    A._land_in_box.cache_clear()
    A._land_geometries.cache_clear()
    monkeypatch.setattr(E, "prepare", spy_prepare)
    monkeypatch.setattr(E, "evaluate", spy_evaluate)
    monkeypatch.setitem(AL.__dict__, "evaluate", spy_evaluate)
    f = _scenario_file(tmp_path)
    db = tmp_path / "s.duckdb"
    r = CliRunner().invoke(main, ["run", str(f), "--db", str(db), "-q", "--set", "store.bulk_min_mb=0",
                                  "--set", "store.inprocess_positions=0"])
    assert r.exit_code == 0, r.output
    rs = E.resolve_rules(seasentry.open(db, read_only=True).config)
    boxes = {b for a in rs.areas.values() for _, b in (a.distance_from_land_nm or {}).get("land", ())}
    assert len(boxes) >= 2
    assert calls == [("prepare", 0), ("prepared", len(boxes)), ("evaluate", len(boxes))]
    assert A._land_geometries.cache_info().misses == 1
    s = seasentry.open(db)
    try:
        got = s.con.execute("SELECT alert_id, rule_id, points FROM alerts ORDER BY alert_id").fetchall()
        A._land_in_box.cache_clear()
        A._land_geometries.cache_clear()
        ev(s, s.config, ruleset=rs)  # a fresh evaluation, nothing prepared: the same alerts
        assert s.con.execute("SELECT alert_id, rule_id, points FROM alerts ORDER BY alert_id").fetchall() == got
        assert got
    finally:
        s.close()


def test_ingest_worker_loads_its_kernels_without_scipy_linalg_or_polars():
    """An ingest worker's start (:func:`seasentry.ingest.bulk.prepare_worker`) loads the cached
    decoder kernels without numba's BLAS probe (scipy.linalg, SciPy's array-API layer and
    numpy.f2py: ~0.2 CPU s and ~27 MB per worker) and without polars; the kernels decode the same,
    and afterwards scipy.linalg imports as usual (docs/benchmarks.md, "Session 11, the 1M run")."""
    import subprocess
    import sys

    code = ("import sys; from seasentry import kernels; from seasentry.ingest import bulk, fast; "
            "ready = kernels.ready(); bulk.prepare_worker(); "
            "fb = fast.frame_and_decode(fast._WARM_UP, 1, fast.FastState()); "
            "print(ready, fb.n_messages, 'scipy.linalg' in sys.modules, 'polars' in sys.modules, "
            "'numba.np.arraymath' in sys.modules); "
            "import scipy.linalg.cython_blas as b; print(b is not None, 'scipy.linalg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    with_probe = ("import sys; from seasentry.ingest import _bulk_kernels; _bulk_kernels.warm_up(); "
                  "from seasentry.ingest import fast; "
                  "fb = fast.frame_and_decode(fast._WARM_UP, 1, fast.FastState()); "
                  "print(fb.n_messages, 'scipy.linalg' in sys.modules)")
    plain = subprocess.run([sys.executable, "-c", with_probe], capture_output=True, text=True,
                           check=True).stdout.split()
    assert plain[1] == "True"  # numba's probe imports scipy.linalg when nothing blocks it
    assert out[1] == plain[0] and int(out[1]) >= 10
    if out[0] == "True":  # kernels compiled for this machine: prepare_worker loaded them
        assert out[2:5] == ["False", "False", "True"]
    assert out[5:] == ["True", "True"]
    # a command decoding in its own process (a small ingest): its first block loads them the same way
    first = ("import sys; from seasentry import kernels; from seasentry.ingest import fast; ready = kernels.ready(); "
             "fb = fast.frame_and_decode(fast._WARM_UP, 1, fast.FastState()); "
             "print(ready, fb.n_messages, 'scipy.linalg' in sys.modules)")
    got = subprocess.run([sys.executable, "-c", first], capture_output=True, text=True, check=True).stdout.split()
    assert got[1] == plain[0]
    if got[0] == "True":
        assert got[2] == "False"


def test_without_blas_probe_blocks_only_the_first_numba_load():
    """The block is undone on leaving, and is a no-op once numba's arraymath is imported."""
    import sys

    from seasentry import kernels

    before = sys.modules.get(kernels.BLAS_PROBE, "absent")
    with kernels.without_blas_probe() as b:
        if b.blocked:
            assert sys.modules[kernels.BLAS_PROBE] is None
    assert sys.modules.get(kernels.BLAS_PROBE, "absent") is before
