"""The Parquet parts of a store: message tables partitioned by MMSI bucket beside the DuckDB file.

A store is one DuckDB file (``ais.duckdb``, the catalogue: ingest log, rejects, vessels, events,
alerts, lists ...) and, once it has received a large input, a folder beside it
(``ais.duckdb.parts/``) holding the four message tables as Parquet files partitioned by MMSI
bucket, with the layout of the Parquet archive (:mod:`seasentry.distributed.archive`)::

    ais.duckdb.parts/
      _seasentry.json                              manifest: buckets, hash, layout version
      positions/bucket=0007/<run>-w0.parquet       position reports of the MMSIs of bucket 7
      statics/bucket=0007/<run>-w0.parquet         static and voyage reports
      other_messages/bucket=0007/<run>-w0.parquet  every other message type
      raw_messages/bucket=0007/<run>-w0.parquet    original text and de-duplication keys
      _detect/                                     what detection keeps per bucket (incremental runs)

Why Parquet partitions and not DuckDB tables for these four (measured, docs/scale-out.md,
"The store: DuckDB catalogue, positions in Parquet parts"): DuckDB admits one writing process, so a store
written through DuckDB ingests on one core; detection needs every position of a vessel together,
which a table in arrival order can only give by sorting or scanning it once per bucket; MMSI
buckets written by one process per core give both, and memory stays that of one bucket.

What the user sees does not change: the DuckDB file holds **views** named ``positions``,
``statics``, ``other_messages`` and ``raw_messages`` with the same columns, the union of

* a small DuckDB table of the same schema (``positions_tail`` ...) that every small writer (the
  live stream, CSV files, the reference decoder, small inputs) appends to as before, batch by
  batch, de-duplicated in the same transaction as the insert, and
* the Parquet files listed in the catalogue table ``store_files``, less the rows flagged
  ``_dup`` (a repeat of a message stored before it: every file keeps every reception, with the
  de-duplication decision in ``_dup``; ``_seq`` is the message's order in its input).

So every command, the API, case files and SQL (``duckdb ais.duckdb "SELECT ... FROM positions"``)
keep working. The views name the files with absolute paths; a store moved elsewhere gets them
re-pointed when opened for writing (and temporary views when opened read-only).

Atomicity: a file is visible only once it is listed in ``store_files``, and the list, the views
and the ingest log change in one DuckDB transaction, so an interrupted ingest (Ctrl-C, kill -9)
leaves files that no view names; they are deleted the next time the store is opened for writing.
Files replaced by a compaction are deleted after the transaction that replaced them.

A store starts with plain tables (layout ``tables``: ``positions`` is a table); it switches to
this layout (``parts``) the first time a large input is ingested or detection compacts a large
tail (:func:`convert`): the four tables are renamed to ``*_tail`` and the views take their names.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from collections.abc import Mapping

from ._lazy import lazy
from .timeutil import from_epoch_us

np = lazy("numpy")
pa = lazy("pyarrow")
S = lazy("seasentry.schema")

PARTS_SUFFIX = ".parts"
MANIFEST = "_seasentry.json"
FORMAT = "seasentry-store-parts"
VERSION = 1


class _Tables(Mapping):
    """name -> Arrow schema of the message tables kept in parts (schemas built on first use)."""

    _names = ("positions", "statics", "other_messages", "raw_messages")
    _attr = {"positions": "POSITIONS", "statics": "STATICS", "other_messages": "OTHER", "raw_messages": "RAW"}

    def __getitem__(self, name):
        if name not in self._attr:
            raise KeyError(name)
        return getattr(S, self._attr[name])

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


#: The message tables kept in parts, with their schemas (the columns of the views).
TABLES = _Tables()


class _Flags:
    def __iter__(self):
        return iter((pa.field("_seq", pa.int64()), pa.field("_dup", pa.bool_())))


#: Columns every part file has after the table's: message order in its input, repeat flag.
FLAG_FIELDS = _Flags()
#: Default number of MMSI buckets of a store switched to parts (``store.buckets``).
DEFAULT_BUCKETS = 64
DETECT_DIR = "_detect"

CATALOGUE_DDL = """CREATE TABLE IF NOT EXISTS store_files (
    tbl VARCHAR, bucket INTEGER, path VARCHAR, rows BIGINT, kept BIGINT,
    min_ts TIMESTAMP, max_ts TIMESTAMP, added TIMESTAMP)"""


def part_schema(table: str) -> pa.Schema:
    """Schema of a part file of ``table``: the table's columns, then ``_seq`` and ``_dup``."""
    sch = TABLES[table]
    return pa.schema(list(sch) + list(FLAG_FIELDS))


def parts_dir(db_path) -> Path:
    """The parts folder of the store at ``db_path`` (``ais.duckdb`` -> ``ais.duckdb.parts``)."""
    return Path(str(db_path) + PARTS_SUFFIX)


def tail_name(table: str) -> str:
    return f"{table}_tail"


def sql_str(s) -> str:
    return "'" + str(s).replace("'", "''") + "'"


def new_run_id() -> str:
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


def bucket_of(mmsi, buckets: int, hash_name: str) -> np.ndarray:
    from .distributed.archive import mmsi_bucket

    return mmsi_bucket(np.asarray(mmsi, dtype=np.int64), buckets, hash_name)


def bucket_sql(col: str, buckets: int, hash_name: str) -> str:
    from .distributed.archive import mmsi_bucket_sql

    return mmsi_bucket_sql(col, buckets, hash_name)


@dataclass
class FileRec:
    """One part file: table, bucket, path relative to the parts folder, rows (all receptions),
    kept (rows not flagged ``_dup``) and the time span of its rows."""

    tbl: str
    bucket: int
    path: str
    rows: int
    kept: int
    min_ts: int | None = None  # epoch microseconds
    max_ts: int | None = None

    def row(self, now: datetime) -> tuple:
        return (self.tbl, int(self.bucket), self.path, int(self.rows), int(self.kept), from_epoch_us(self.min_ts),
                from_epoch_us(self.max_ts), now)


@dataclass
class Layout:
    """How a store keeps its message tables: ``tables`` (DuckDB tables only) or ``parts``."""

    kind: str = "tables"
    buckets: int = 0
    hash: str = ""  # noqa: A003
    root: Path | None = None  # the parts folder (absolute)

    @property
    def parts(self) -> bool:
        return self.kind == "parts"

    def table(self, name: str) -> str:
        """The DuckDB table small writers append ``name``'s rows to."""
        return tail_name(name) if self.parts else name


def read_layout(con, db_path) -> Layout:
    """The layout recorded in a store's ``meta`` table."""
    try:
        meta = dict(con.execute("SELECT key, value FROM meta WHERE key IN "
                                "('layout', 'parts_buckets', 'parts_hash')").fetchall())
    except Exception:  # noqa: BLE001 - no meta table (not a store yet)
        return Layout()
    if meta.get("layout") != "parts":
        return Layout()
    return Layout("parts", int(meta["parts_buckets"]), meta["parts_hash"], parts_dir(Path(db_path).resolve()))


# ------------------------------------------------------------------------------ catalogue and views
def catalogued(con, table: str | None = None, bucket: int | None = None) -> list[tuple]:
    """(tbl, bucket, path, rows, kept, min_ts, max_ts) rows of ``store_files``."""
    cond, args = [], []
    if table is not None:
        cond.append("tbl = ?")
        args.append(table)
    if bucket is not None:
        cond.append("bucket = ?")
        args.append(int(bucket))
    where = (" WHERE " + " AND ".join(cond)) if cond else ""
    return con.execute(f"SELECT tbl, bucket, path, rows, kept, min_ts, max_ts FROM store_files{where} "
                       "ORDER BY tbl, bucket, added, path", args).fetchall()


def view_sql(layout: Layout, table: str, files: list[str], tail_where: str = "") -> str:
    """The SQL of the view ``table``: its tail table (its rows meeting ``tail_where``, an SQL
    condition, when given), and the rows of ``files`` (paths relative to the parts folder) that
    are not repeats."""
    cols = ", ".join(f'"{f.name}"' for f in TABLES[table])
    sql = f"SELECT {cols} FROM {tail_name(table)}" + (f" WHERE {tail_where}" if tail_where else "")
    if files:
        lst = ", ".join(sql_str(layout.root / p) for p in files)
        sql += f" UNION ALL SELECT {cols} FROM read_parquet([{lst}]) WHERE NOT _dup"
    return sql


def bucket_group_views(con, layout: Layout, tables: tuple, group_rows: int) -> list[tuple[str, ...]]:
    """The rows of ``tables`` (as their views give them) split by groups of consecutive MMSI
    buckets holding about ``group_rows`` catalogued rows of ``tables[-1]`` each: per group, one
    relation (SQL in parentheses) per table, the group's files and its rows of the tail tables.
    One group: the views themselves."""
    rows = dict(con.execute("SELECT bucket, sum(kept) FROM store_files WHERE tbl = ? GROUP BY bucket",
                            [tables[-1]]).fetchall())
    bounds, n, lo = [], 0, 0
    for k in range(layout.buckets):
        n += int(rows.get(k) or 0)
        if n >= group_rows and k < layout.buckets - 1:
            bounds.append((lo, k))
            lo, n = k + 1, 0
    if not bounds:
        return [tuple(tables)]
    bounds.append((lo, layout.buckets - 1))
    files: dict = {}
    for t, k, path, *_ in catalogued(con):
        files.setdefault((t, int(k)), []).append(path)
    bsql = bucket_sql("mmsi", layout.buckets, layout.hash)
    out = []
    for lo, hi in bounds:
        group = [(t, [p for k in range(lo, hi + 1) for p in files.get((t, k), [])]) for t in tables]
        out.append(tuple("(" + view_sql(layout, t, fl, f"{bsql} BETWEEN {lo} AND {hi}") + ")" for t, fl in group))
    return out


def create_views(con, layout: Layout, temp: bool = False, tables=None) -> None:
    """(Re)create the views of ``tables`` (default all four) from the catalogue."""
    for t in tables or TABLES:
        files = [r[2] for r in catalogued(con, t)]
        kind = "TEMP VIEW" if temp else "VIEW"
        con.execute(f"CREATE OR REPLACE {kind} {t} AS {view_sql(layout, t, files)}")


def write_manifest(layout: Layout) -> None:
    layout.root.mkdir(parents=True, exist_ok=True)
    m = {"format": FORMAT, "version": VERSION, "buckets": layout.buckets, "hash": layout.hash,
         "tables": list(TABLES), "flags": {"_seq": "order of the message in its input",
                                           "_dup": "a repeat of a message stored before it (not in the views)"},
         "catalogue": "store_files table of the DuckDB file: only the files it lists are part of the store"}
    tmp = layout.root / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(m, indent=1), encoding="utf-8")
    os.replace(tmp, layout.root / MANIFEST)


def convert(store, buckets: int | None = None) -> Layout:
    """Switch a store from the ``tables`` layout to ``parts`` (in one transaction): the four
    message tables become the tails, views take their names. No-op if already switched."""
    from .distributed.archive import HASH_NAME

    if store.layout.parts:
        return store.layout
    c = store.con
    b = int(buckets or store.config.store.buckets or DEFAULT_BUCKETS)
    layout = Layout("parts", b, HASH_NAME, parts_dir(Path(store.path).resolve()))
    write_manifest(layout)
    c.execute("BEGIN TRANSACTION")
    try:
        c.execute(CATALOGUE_DDL)
        for t in TABLES:
            c.execute(f"ALTER TABLE {t} RENAME TO {tail_name(t)}")
        for k, v in (("layout", "parts"), ("parts_buckets", str(b)), ("parts_hash", HASH_NAME),
                     ("parts_root", str(layout.root))):
            c.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [k, v])
        create_views(c, layout)
        c.execute("COMMIT")
    except BaseException:
        _rollback(c)
        raise
    store.layout = layout
    return layout


def _rollback(con) -> None:
    try:
        con.execute("ROLLBACK")
    except Exception:  # noqa: BLE001
        pass


def commit(store, added: list[FileRec], removed: list[str] = (), in_transaction=None, latest=None) -> None:
    """Make ``added`` files part of the store and ``removed`` ones (relative paths) not, with
    ``in_transaction(con)`` (the ingest log, rejects ...) in the same DuckDB transaction; then
    delete the removed files. ``latest``: tables of what ``Store.fold_positions`` would compute
    of the positions files added (one row per MMSI: its newest report, ``_f``/``_l`` the first and
    last time; the bulk merge computes them per bucket), folded instead of reading those files."""
    c = store.con
    layout = store.layout
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    changed = {f.tbl for f in added}
    c.execute("BEGIN TRANSACTION")
    try:
        if removed:
            rm = pa.table({"path": pa.array(list(removed), pa.string())})
            c.register("b_removed", rm)
            changed |= {r[0] for r in c.execute(
                "SELECT DISTINCT tbl FROM store_files SEMI JOIN b_removed USING (path)").fetchall()}
            c.execute("DELETE FROM store_files WHERE path IN (SELECT path FROM b_removed)")
            c.unregister("b_removed")
        if added:
            rows = [f.row(now) for f in added]
            cols = list(zip(*rows))
            c.register("b_added", pa.table({
                "tbl": pa.array(cols[0], pa.string()), "bucket": pa.array(cols[1], pa.int32()),
                "path": pa.array(cols[2], pa.string()), "rows": pa.array(cols[3], pa.int64()),
                "kept": pa.array(cols[4], pa.int64()), "min_ts": pa.array(cols[5], S.TS),
                "max_ts": pa.array(cols[6], S.TS), "added": pa.array(cols[7], S.TS)}))
            c.execute("INSERT INTO store_files SELECT * FROM b_added")
            c.unregister("b_added")
        if changed:
            create_views(c, layout, tables=sorted(changed))
        pos = [sql_str(layout.root / f.path) for f in added if f.tbl == "positions"]
        if latest is not None:
            if latest:
                store.fold_latest(pa.concat_tables(latest))
        elif pos and hasattr(store, "fold_positions"):
            # the newest position per vessel and the time span of its positions (the web API's
            # tables) are kept by write_batch for the DuckDB tables, here for the files added
            store.fold_positions(f"(SELECT * FROM read_parquet([{', '.join(pos)}]) WHERE NOT _dup)", "_seq")
        if in_transaction is not None:
            in_transaction(c)
        c.execute("COMMIT")
    except BaseException:
        _rollback(c)
        raise
    for p in removed:
        try:
            (layout.root / p).unlink()
        except FileNotFoundError:
            pass


def recover(store) -> list[str]:
    """Delete part files no catalogue row names (written by an ingest that did not commit, or
    replaced by a compaction whose clean-up was cut short); returns their relative paths."""
    layout = store.layout
    if not layout.parts or not layout.root.exists():
        return []
    known = {r[0] for r in store.con.execute("SELECT path FROM store_files").fetchall()}
    gone = []
    for t in TABLES:
        d = layout.root / t
        if not d.exists():
            continue
        for p in d.glob("bucket=*/*"):
            rel = str(p.relative_to(layout.root))
            if p.is_file() and rel not in known:
                p.unlink()
                gone.append(rel)
    return gone


def ensure_views(store, read_only: bool) -> None:
    """Point the views at this folder: a store moved (or copied with its parts folder) since its
    views were made gets them re-made (temporary ones when opened read-only)."""
    layout = store.layout
    if not layout.parts:
        return
    row = store.con.execute("SELECT value FROM meta WHERE key = 'parts_root'").fetchone()
    if row is not None and row[0] == str(layout.root):
        return
    if not layout.root.exists() and row is not None and Path(row[0]).exists():
        # the DuckDB file alone was copied: its parts are still where they were
        layout.root = Path(row[0])
        return
    if read_only:
        create_views(store.con, layout, temp=True)
        return
    c = store.con
    c.execute("BEGIN TRANSACTION")
    try:
        c.execute("INSERT OR REPLACE INTO meta VALUES ('parts_root', ?)", [str(layout.root)])
        create_views(c, layout)
        c.execute("COMMIT")
    except BaseException:
        _rollback(c)
        raise


# ------------------------------------------------------------------------------ files (any process)
def file_path(root: Path, table: str, bucket: int, name: str) -> Path:
    return root / table / f"bucket={int(bucket):04d}" / name


def rel_path(table: str, bucket: int, name: str) -> str:
    return f"{table}/bucket={int(bucket):04d}/{name}"


def without_dups(t: pa.Table) -> pa.Table:
    """``t`` (rows of a part file with its ``_dup`` column) without the rows flagged as repeats
    and without the ``_dup`` column."""
    d = t.column("_dup")
    if d.null_count == 0 and not pa.compute.any(d).as_py():
        return t.drop_columns(["_dup"])
    return t.filter(pa.compute.invert(d)).drop_columns(["_dup"])


def read_files(root: Path, paths: list[str], columns=None, keep_dups: bool = False,
               **read_options) -> pa.Table | None:
    """Rows of part files (relative paths), repeats dropped unless ``keep_dups``; ``columns``
    (a subset of the table's) or all; None when there is no file. ``read_options`` go to
    ``pyarrow.parquet.read_table`` (e.g. ``use_threads=False, pre_buffer=False``)."""
    import pyarrow.parquet as pq

    tabs = []
    for p in paths:
        cols = None if columns is None else list(dict.fromkeys(list(columns) + ([] if keep_dups else ["_dup"])))
        t = pq.read_table(root / p, columns=cols, **read_options)
        if not keep_dups:
            t = without_dups(t)
            if columns is not None and "_dup" in columns:
                t = t.append_column("_dup", pa.array(np.zeros(t.num_rows, bool)))
        tabs.append(t)
    if not tabs:
        return None
    return pa.concat_tables(tabs) if len(tabs) > 1 else tabs[0]


@dataclass
class BucketParts:
    """What detection reads of one bucket of a store: its part files (relative paths, per table)
    under ``root`` and its rows still in the tail tables (Arrow, or None)."""

    bucket: int
    root: str
    positions: list[str] = field(default_factory=list)
    statics: list[str] = field(default_factory=list)
    tail_positions: pa.Table | None = None
    tail_statics: pa.Table | None = None
    signature: str = ""  # content signature (files and tail rows), for detection's per-bucket cache
    buckets: tuple = ()  # the buckets read together (one task), when more than one
    n_positions: int = 0


def group_size(total_positions: int, buckets: int, target: int) -> int:
    """How many consecutive buckets one detection task reads: the largest power of two (up to
    ``buckets``) whose buckets hold about ``target`` positions on average. A power of two and
    aligned ranges (buckets 0-3, 4-7 ...), so the grouping changes only when the store's size
    crosses a factor of two: the per-task results kept for incremental runs stay valid."""
    if total_positions <= 0:
        return max(1, buckets)
    g = 1
    while g * 2 <= buckets and total_positions * (g * 2) / buckets <= target:
        g *= 2
    return g


def group_buckets(items: list[BucketParts], target: int, size: int | None = None) -> list[BucketParts]:
    """Buckets read as one task: with ``size``, the buckets of each aligned range of ``size``
    buckets (:func:`group_size`); else consecutive buckets until about ``target`` positions.
    Signatures combine."""
    import hashlib

    out: list[BucketParts] = []
    cur: list[BucketParts] = []

    def close():
        if not cur:
            return
        if len(cur) == 1:
            out.append(cur[0])
        else:
            tp = [b.tail_positions for b in cur if b.tail_positions is not None and b.tail_positions.num_rows]
            ts = [b.tail_statics for b in cur if b.tail_statics is not None and b.tail_statics.num_rows]
            g = BucketParts(cur[0].bucket, cur[0].root, [p for b in cur for p in b.positions],
                            [p for b in cur for p in b.statics], pa.concat_tables(tp) if tp else None,
                            pa.concat_tables(ts) if ts else None)
            g.buckets = tuple(b.bucket for b in cur)
            g.n_positions = sum(b.n_positions for b in cur)
            g.signature = hashlib.sha256("".join(b.signature for b in cur).encode()).hexdigest() if all(
                b.signature for b in cur) else ""
            out.append(g)
        cur.clear()

    if size:
        for b in items:
            if cur and cur[0].bucket // size != b.bucket // size:
                close()
            cur.append(b)
        close()
        return out
    n = 0
    for b in items:
        cur.append(b)
        n += b.n_positions
        if n >= target:
            close()
            n = 0
    close()
    return out


# ------------------------------------------------------------------------------ tail -> parts
def compact_tail(store, progress=None) -> int:
    """Move the rows of the DuckDB tables into Parquet parts (one file per table and bucket),
    in one transaction with their removal from the tables; switches the store to ``parts``
    first if needed. Returns the number of rows moved."""
    layout = convert(store)
    c = store.con
    run = new_run_id()
    added: list[FileRec] = []
    moved = 0
    tmp = layout.root / "_runs" / run
    tmp.mkdir(parents=True, exist_ok=True)
    bsql = bucket_sql("mmsi", layout.buckets, layout.hash)
    for t, sch in TABLES.items():
        tail = tail_name(t)
        n = c.execute(f"SELECT count(*) FROM {tail}").fetchone()[0]
        if not n:
            continue
        if progress:
            progress(f"moving {n:,} rows of {t} into the Parquet parts")
        cols = ", ".join(f'"{f.name}"' for f in sch)
        if t == "raw_messages":  # no MMSI: the bucket of the message's row in the other tables
            src = f"""(SELECT {', '.join('r."' + f.name + '"' for f in sch)}, r.rowid AS _seq, false AS _dup,
                       coalesce(m.b, 0) AS _b FROM {tail} r LEFT JOIN (
                         SELECT DISTINCT msg_key, ts, {bsql} AS b FROM (
                           SELECT mmsi, msg_key, ts FROM {tail_name('positions')}
                           UNION ALL SELECT mmsi, msg_key, ts FROM {tail_name('statics')}
                           UNION ALL SELECT mmsi, msg_key, ts FROM {tail_name('other_messages')})) m
                       USING (msg_key, ts))"""
        else:
            src = f"(SELECT {cols}, rowid AS _seq, false AS _dup, {bsql} AS _b FROM {tail})"
        out = tmp / t
        c.execute(f"COPY {src} TO {sql_str(out)} (FORMAT PARQUET, COMPRESSION ZSTD, PARTITION_BY (_b), "
                  "OVERWRITE_OR_IGNORE true)")
        for d in sorted(out.glob("_b=*")):
            k = int(d.name.split("=", 1)[1])
            for i, f in enumerate(sorted(d.glob("*.parquet"))):
                name = f"{run}-t{i}.parquet"
                dest = file_path(layout.root, t, k, name)
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(f, dest)
                import pyarrow.parquet as pq
                md = pq.ParquetFile(dest).metadata
                tsr = pq.read_table(dest, columns=["ts"]).column("ts").cast(pa.int64()).to_numpy()
                added.append(FileRec(t, k, rel_path(t, k, name), md.num_rows, md.num_rows,
                                     int(tsr.min()) if len(tsr) else None, int(tsr.max()) if len(tsr) else None))
        moved += n

    def clear(con):
        for t in TABLES:
            con.execute(f"DELETE FROM {tail_name(t)}")

    commit(store, added, (), clear)
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)
    return moved
