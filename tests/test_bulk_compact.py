"""Issue 19 (flat memory): the merge compacts a bucket's table in slices of ``store.compact_rows``
rows of the sorted result instead of all its rows at once.

Asserted: the compacted file holds the same rows in the same order (a stable sort of the files'
rows in catalogue order, repeats dropped), the same counts, time span and latest-position
candidates as the compaction of everything at once, for random files with many equal keys and
repeat flags (hypothesis) and for a store built by bulk ingests; and that the sliced path ran
(row groups of at most ``compact_rows`` rows, no spill file left behind).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

import seasentry
from seasentry import parts as P
from seasentry import schema as S
from seasentry.config import Config
from seasentry.ingest import bulk


def _part(table: str, n: int, rng: np.random.Generator, source_id: int, seq0: int) -> pa.Table:
    """``n`` rows of ``table`` in the part schema: few MMSIs and times (many equal sort keys),
    some rows flagged as repeats, a few positions without a latitude."""
    cols = {}
    for f in P.part_schema(table):
        if f.name == "mmsi":
            a = pa.array(rng.integers(1, 4, n) * 1000, f.type)
        elif f.name == "ts":
            a = pa.array(rng.integers(0, 5, n) * 1_000_000, pa.int64()).cast(f.type)
        elif f.name == "_seq":
            a = pa.array(np.arange(seq0, seq0 + n), f.type)
        elif f.name == "_dup":
            a = pa.array(rng.random(n) < 0.2, f.type)
        elif f.name == "source_id":
            a = pa.array(np.full(n, source_id), f.type)
        elif f.name == "lat":
            v = rng.random(n) * 10
            a = pa.array(v, f.type, mask=rng.random(n) < 0.1)
        elif pa.types.is_string(f.type):
            a = pa.array([f"s{i % 7}" for i in range(n)], f.type)
        elif pa.types.is_boolean(f.type):
            a = pa.array(rng.random(n) < 0.5, f.type)
        elif pa.types.is_timestamp(f.type):
            a = pa.array(rng.integers(0, 10, n), pa.int64()).cast(f.type)
        else:
            a = pa.array(rng.integers(0, 100, n), pa.int64()).cast(f.type)
        cols[f.name] = a
    return pa.table(cols, schema=P.part_schema(table))


def _files(root: Path, table: str, sizes: list[int], seed: int, row_group: int) -> list[str]:
    rng = np.random.default_rng(seed)
    rels = []
    for i, n in enumerate(sizes):
        rel = P.rel_path(table, 3, f"f{i}.parquet")
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(_part(table, n, rng, source_id=1 + i % 2, seq0=1000 * i), root / rel,
                       row_group_size=max(1, row_group))
        rels.append(rel)
    return rels


def _same(a, b) -> None:
    assert a[:3] == b[:3]
    if a[3] is None or b[3] is None:
        assert a[3] is None and b[3] is None
    else:
        assert a[3].equals(b[3])


@settings(max_examples=25, deadline=None)
@given(table=st.sampled_from(["positions", "raw_messages", "statics"]),
       sizes=st.lists(st.integers(0, 60), min_size=1, max_size=5), slice_rows=st.integers(1, 40),
       row_group=st.integers(1, 30), seed=st.integers(0, 1000))
def test_sliced_compaction_equals_the_compaction_at_once(tmp_path_factory, table, sizes, slice_rows, row_group, seed):
    root = tmp_path_factory.mktemp("c")
    rels = _files(root, table, sizes, seed, row_group)
    whole = bulk._compact(root, rels, table, root / "whole.parquet", 1 << 40, root / "sp0")
    sliced = bulk._compact(root, rels, table, root / "sliced.parquet", slice_rows, root / "sp1")
    _same(sliced, whole)
    a, b = pq.read_table(root / "whole.parquet"), pq.read_table(root / "sliced.parquet")
    assert b.schema == a.schema and b.equals(a)
    # the reference: every kept row, stable-sorted by the table's keys
    ref = P.read_files(root, rels)
    keys = ["ts"] if table == "raw_messages" else ["mmsi", "ts"]
    assert a.drop_columns(["_dup"]).equals(ref.sort_by([(c, "ascending") for c in keys]))
    assert whole[0] == ref.num_rows
    if ref.num_rows > slice_rows:  # the sliced path ran: one row group per slice, nothing left over
        md = pq.ParquetFile(root / "sliced.parquet").metadata
        assert md.num_row_groups == -(-ref.num_rows // slice_rows)
        assert max(md.row_group(i).num_rows for i in range(md.num_row_groups)) <= slice_rows
    assert not (root / "sp1").exists() and not (root / "sp0").exists()


def _store(db) -> dict:
    s = seasentry.open(db, read_only=True)
    try:
        out = {t: s.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
               for t in ("latest_positions", "position_spans", "raw_messages", "positions", "statics",
                         "other_messages", "vessels")}
        files = s.con.execute("SELECT tbl, bucket, path, rows, kept, min_ts, max_ts FROM store_files "
                              "ORDER BY tbl, bucket, path").fetchall()
        root = s.layout.root
        # each file's rows in file order (what detection reads), under a name without the run id
        out["files"] = [(f[0], f[1], f[3:], pq.read_table(root / f[2]).to_pylist()) for f in files]
        out["row_groups"] = max(pq.ParquetFile(root / f[2]).metadata.num_row_groups for f in files
                                if f[2].endswith("-c.parquet"))
        return out
    finally:
        s.close()


def test_a_store_compacted_in_tiny_slices_equals_one_compacted_at_once(tmp_path):
    """Two bulk ingests of overlapping inputs, the second compacting the buckets' files (repeats
    across the inputs dropped): ``store.compact_rows`` 50 gives the store ``compact_rows`` 10**9
    gives, row for row and file for file."""
    from seasentry.scenario import generate

    paths = generate(seed=7, hours=36, vessels=40).write(tmp_path / "sc")
    lines = Path(paths["nmea"]).read_bytes().split(b"\n")
    n = len(lines)
    ins = []
    for name, part in (("a", lines[: n // 2]), ("c", lines[3 * n // 10: 7 * n // 10])):
        ins.append(tmp_path / f"{name}.nmea")
        ins[-1].write_bytes(b"\n".join(part) + b"\n")
    base = Config().copy_with("store.bulk_min_mb", 0).copy_with("store.compact_files", 1) \
        .copy_with("store.flush_messages", 3000)
    got = {}
    for rows in (10**9, 50):
        db = tmp_path / f"s{rows}.duckdb"
        for f in ins:
            s = seasentry.open(db, config=base.copy_with("store.compact_rows", rows))
            try:
                s.ingest([str(f)], bulk=True)
            finally:
                s.close()
        got[rows] = _store(db)
        assert not list((Path(str(db) + ".parts")).glob("_runs/*"))  # no spill left
    assert got[10**9]["row_groups"] == 1 and got[50]["row_groups"] > 1  # the slices were used
    for k in got[50]:
        if k != "row_groups":
            assert got[50][k] == got[10**9][k], k


def test_vessels_rebuilt_by_groups_of_buckets_equal_those_rebuilt_at_once(tmp_path):
    """``Store.refresh_vessels`` on a store in Parquet parts reads groups of MMSI buckets of about
    ``store.vessels_group_rows`` static reports (DuckDB holds one group's statics at a time): the
    vessels and vessel_identities tables equal those of one pass over the views, with rows in the
    tail tables too."""
    from seasentry.scenario import generate
    from seasentry.store import Store

    paths = generate(seed=5, hours=36, vessels=30).write(tmp_path / "sc")
    lines = Path(paths["nmea"]).read_bytes().split(b"\n")
    a, b = tmp_path / "a.nmea", tmp_path / "b.nmea"
    a.write_bytes(b"\n".join(lines[: len(lines) * 9 // 10]) + b"\n")
    b.write_bytes(b"\n".join(lines[len(lines) * 9 // 10:]) + b"\n")
    db = tmp_path / "s.duckdb"
    cfg = Config().copy_with("store.bulk_min_mb", 0)
    s = seasentry.open(db, config=cfg)
    try:
        s.ingest([str(a)], bulk=True)
    finally:
        s.close()
    s = seasentry.open(db, config=cfg.copy_with("store.bulk_min_mb", 10**6))
    try:
        s.ingest([str(b)])  # the DuckDB path: rows in the tail tables
    finally:
        s.close()
    got = {}
    calls = []
    views = P.bucket_group_views

    def spy(*args):
        out = views(*args)
        calls.append(len(out))
        return out

    for rows in (10**9, 40):
        s = Store(db, config=Config().copy_with("store.vessels_group_rows", rows))
        try:
            assert s.layout.parts
            assert s.con.execute("SELECT count(*) FROM statics_tail").fetchone()[0] > 0
            P.bucket_group_views = spy
            try:
                s.refresh_vessels()
            finally:
                P.bucket_group_views = views
            got[rows] = {t: s.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                         for t in ("vessels", "vessel_identities")}
        finally:
            s.close()
    assert calls[0] == 1 and calls[1] > 3  # one pass, then groups of buckets
    assert len(got[40]["vessels"]) > 20 and len(got[40]["vessel_identities"]) > 20
    assert got[40] == got[10**9]
