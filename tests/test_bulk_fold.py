"""Issue 19: the bulk ingest's commit folds per-MMSI results computed by its workers and merge.

``latest_positions`` and ``position_spans`` of a store in Parquet parts are kept by the bulk
commit. It used to read every positions file the run added (``Store.fold_positions``, a DuckDB
aggregate in the main process); the workers now keep, per MMSI, the newest position and the
time span of what they write, the merge reduces them per bucket (recomputing those of the files
it rewrites or compacts) and the commit only folds those rows. Asserted: the same tables as the
DuckDB fold of the files, run by run (a first run, an input overlapping it, a second run touching
only some buckets, a rerun after an interrupted one, a compaction), and no read of the files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import seasentry
from seasentry import parts as P
from seasentry.config import Config
from seasentry.store import Store


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """a and b (halves of a scenario), c (the middle 40 %, overlapping both), d (15 lines of b:
    a few vessels, so a few buckets)."""
    from seasentry.scenario import generate

    d = tmp_path_factory.mktemp("fold")
    paths = generate(seed=7, hours=36, vessels=40).write(d / "sc")
    lines = Path(paths["nmea"]).read_bytes().split(b"\n")
    n = len(lines)
    out = {}
    for name, part in (("a", lines[: n // 2]), ("b", lines[n // 2:]), ("c", lines[3 * n // 10: 7 * n // 10]),
                       ("d", lines[3 * n // 4: 3 * n // 4 + 15])):
        out[name] = d / f"{name}.nmea"
        out[name].write_bytes(b"\n".join(part) + b"\n")
    return out


class _Interrupted(Exception):
    pass


def _ingest(db, files, cfg, monkeypatch, duckdb_fold: bool, interrupt: bool = False) -> None:
    """One ``seasentry ingest`` of ``files`` through the bulk path. ``duckdb_fold``: the commit
    folds by reading the files added (latest=None: what the commit did before); ``interrupt``:
    the run stops where the commit would start (as Ctrl-C there)."""
    commit = P.commit

    def patched(store, added, removed=(), in_transaction=None, latest=None):
        if interrupt:
            raise _Interrupted
        return commit(store, added, removed, in_transaction, None if duckdb_fold else latest)

    with monkeypatch.context() as m:
        m.setattr(P, "commit", patched)
        s = seasentry.open(db, config=cfg)
        try:
            s.ingest([str(f) for f in files], bulk=True)
        except _Interrupted:
            pass
        finally:
            s.close()


def _tables(db) -> dict:
    s = seasentry.open(db, read_only=True)
    try:
        return {t: s.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("latest_positions", "position_spans", "raw_messages", "positions")}
    finally:
        s.close()


def test_bulk_commit_folds_the_merges_results_equal_to_the_duckdb_fold(inputs, tmp_path, monkeypatch):
    cfg = Config().copy_with("store.bulk_min_mb", 0).copy_with("store.compact_files", 3)
    ref, got = tmp_path / "ref.duckdb", tmp_path / "got.duckdb"
    reads = []
    fold = Store.fold_positions

    def spy(self, rel, tiebreak):
        reads.append(rel)
        return fold(self, rel, tiebreak)

    monkeypatch.setattr(Store, "fold_positions", spy)
    runs = [(["a"], False), (["c"], False), (["d"], False), (["b"], True), (["b"], False), (["c", "d"], False)]
    touched = {}

    def files_of(db):
        if not db.exists():
            return set()
        s = seasentry.open(db, read_only=True)
        try:
            return set(s.con.execute("SELECT bucket, path FROM store_files WHERE tbl = 'positions'").fetchall())
        finally:
            s.close()

    for names, interrupt in runs:
        files = [inputs[n] for n in names]
        _ingest(ref, files, cfg, monkeypatch, duckdb_fold=True, interrupt=interrupt)
        before, had = len(reads), files_of(got)
        _ingest(got, files, cfg, monkeypatch, duckdb_fold=False, interrupt=interrupt)
        assert len(reads) == before  # the commit read no positions file
        touched["".join(names)] = {b for b, _ in files_of(got) - had}
        assert _tables(got) == _tables(ref), names
    assert reads  # the reference did fold through DuckDB
    s = seasentry.open(got, read_only=True)
    try:
        # d added positions to a few of the buckets a filled; a compaction rewrote some buckets
        assert 0 < len(touched["d"]) <= len(touched["a"]) // 2
        assert s.con.execute("SELECT count(*) FROM store_files WHERE path LIKE '%-c.parquet'").fetchone()[0]
        n = s.con.execute("SELECT count(*) FROM latest_positions").fetchone()[0]
        assert n == s.con.execute("SELECT count(DISTINCT mmsi) FROM positions WHERE lat IS NOT NULL").fetchone()[0] > 30
    finally:
        s.close()


def test_generations_of_part_files_give_the_same_store(inputs, tmp_path, monkeypatch):
    """A worker closes its part files every ``store.generation_flushes`` flushes and opens new ones
    (``<run>-w<i>~g<n>.parquet``, bounded writer metadata at any input size): the stored rows and
    the folded latest positions equal a run with one generation; inputs overlapping each other
    make the merge rewrite some files, whose candidates are then recomputed per file."""
    base = Config().copy_with("store.bulk_min_mb", 0).copy_with("store.flush_messages", 700)
    ref, got = tmp_path / "ref.duckdb", tmp_path / "got.duckdb"
    for names in (["a"], ["c", "b"]):
        files = [inputs[n] for n in names]
        _ingest(ref, files, base.copy_with("store.generation_flushes", 10_000), monkeypatch, duckdb_fold=True)
        _ingest(got, files, base.copy_with("store.generation_flushes", 1), monkeypatch, duckdb_fold=False)
        assert _tables(got) == _tables(ref), names
    s = seasentry.open(got, read_only=True)
    try:
        gens = s.con.execute("SELECT count(*) FROM store_files WHERE path LIKE '%~g%'").fetchone()[0]
        assert gens > 0
    finally:
        s.close()
