"""The Parquet archive: positions and statics partitioned by MMSI hash bucket.

Layout (Hive-style directory names, readable by DuckDB, pyarrow, Spark, dask.dataframe)::

    ARCHIVE/
      _seasentry.json                       manifest: format, version, bucket count and hash, counts
      positions/bucket=0007/part-0.parquet  positions with a position (lat not null), sorted by (mmsi, ts)
      statics/bucket=0007/part-0.parquet    static and voyage reports, sorted by (mmsi, ts)

Every row of one MMSI is in one bucket, ``bucket = floor(((mmsi mod 2^31) * 2654435761 mod 2^32) * B
/ 2^32)`` (Fibonacci hashing, Knuth's multiplicative hash taking the high bits: consecutive MMSIs of
one MID spread evenly; the manifest's ``hash`` is ``fib32``), so every per-vessel detector can run
on one bucket alone. Archives written before it (``hash: knuth32``) took the low bits,
``... mod 2^32 mod B``, which kept an MMSI's parity in its bucket's parity (the benchmark fleet put
four times as many positions in odd buckets as in even ones); they are still read with their own
hash. A bucket may hold several files (``part-*.parquet``,
appended later); the engine reads them all. Columns are those of :data:`seasentry.schema.POSITIONS`
and :data:`seasentry.schema.STATICS`. ``ARCHIVE`` is a local directory or any fsspec URL
(``s3://``, ``gs://``, ``abfs://``, ``file://`` ...; the protocol's package, e.g. s3fs, must be
installed where the engine and its workers run).
"""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from .. import schema as S

FORMAT = "seasentry-parquet-archive"
#: 2: ingested rows carry ``_arrival`` (the store's de-duplication rule, see :func:`repeat_flags`);
#: an archive of version 1 that holds repeats (written by ``ingest --archive`` before it) cannot be
#: de-duplicated as the store does and is refused (:data:`REBUILD`); version 1 exports are read.
VERSION = 2
#: Column of ingested rows: ``rank << ARRIVAL_SEQ_BITS | seq``, the order the store's ingest takes
#: messages in (inputs in the order given, ``rank`` counting across the archive's ingest runs;
#: ``seq`` the message's number in its input in framer order, the store parts' ``_seq``).
ARRIVAL = "_arrival"
ARRIVAL_SEQ_BITS = 40
REBUILD = ("was written by `seasentry ingest --archive` before version {v} of the archive format: its repeated "
           "receptions cannot be told apart by arrival, so reading it would not give the store's events. Rebuild "
           "it from the same inputs into a new folder: `seasentry ingest --archive NEW_DIR INPUTS` (or `seasentry "
           "run INPUTS --archive NEW_DIR`); the original lines are in its raw/ folder if the inputs are gone "
           "(`seasentry case --archive` reads them)")
MANIFEST = "_seasentry.json"
HASH_NAME = "fib32"
HASH_NAMES = ("fib32", "knuth32")  # knuth32: archives written before fib32 (low bits: uneven buckets)
HASH_MULT = 2654435761
HASH_EXPR = {"fib32": "floor(((mmsi mod 2^31) * 2654435761 mod 2^32) * buckets / 2^32)",
             "knuth32": "((mmsi mod 2^31) * 2654435761 mod 2^32) mod buckets"}

#: Position columns the detectors read (the embedded engine's ``load_inputs``).
ENGINE_POSITION_COLUMNS = ("mmsi", "ts", "lat", "lon", "sog", "cog", "heading", "nav_status", "msg_type",
                           "station", "msg_key", "second", "time_source")

_BUCKET_RE = re.compile(r"bucket=(\d+)")


def mmsi_bucket(mmsi, buckets: int, hash: str = HASH_NAME) -> np.ndarray:  # noqa: A002
    """Bucket of each MMSI (int64 array in, int64 array out); see the module docstring."""
    m = np.asarray(mmsi, dtype=np.int64) % (1 << 31)
    h = (m * HASH_MULT) % (1 << 32)
    if hash == "knuth32":
        return h % int(buckets)
    if hash != "fib32":
        raise ValueError(f"unknown bucket hash {hash!r}")
    return (h * int(buckets)) >> 32


def mmsi_bucket_sql(col: str, buckets: int, hash: str = HASH_NAME) -> str:  # noqa: A002
    """The same hash as a DuckDB expression (``%`` keeps the sign there, hence the fold)."""
    h = f"((((({col} % 2147483648) + 2147483648) % 2147483648) * {HASH_MULT}) % 4294967296)"
    if hash == "knuth32":
        return f"({h} % {int(buckets)})"
    if hash != "fib32":
        raise ValueError(f"unknown bucket hash {hash!r}")
    return f"(({h} * {int(buckets)}) // 4294967296)"


def auto_buckets(n_positions: int, target: int = 400_000) -> int:
    """A power of two giving about ``target`` positions per bucket, between 4 and 1024."""
    n = max(1, math.ceil(n_positions / target))
    return int(min(1024, max(4, 1 << (n - 1).bit_length())))


def _fs(path: str, storage_options: dict | None = None):
    import fsspec

    fs, root = fsspec.core.url_to_fs(str(path), **(storage_options or {}))
    return fs, root.rstrip("/")


def is_local(path: str) -> bool:
    s = str(path)
    return "://" not in s or s.startswith("file://")


@dataclass
class ExportReport:
    path: str
    buckets: int
    positions: int = 0
    statics: int = 0
    files: int = 0
    seconds: float = 0.0


def export_parquet(store, out: str, buckets: int | None = None, overwrite: bool = False,
                   storage_options: dict | None = None, progress=None) -> ExportReport:
    """Write the store's positions (with a position) and statics as an archive at ``out``.

    ``store``: a :class:`seasentry.store.Store`. ``buckets``: number of MMSI buckets (default:
    about 400k positions each, a power of two). Local paths are written by DuckDB directly
    (no Python copy of the data); fsspec URLs bucket by bucket through pyarrow.
    Refuses to write into a non-empty directory unless ``overwrite``.
    """
    t0 = time.perf_counter()
    con = store.con
    n_pos = con.execute("SELECT count(*) FROM positions WHERE lat IS NOT NULL AND mmsi IS NOT NULL").fetchone()[0]
    b = int(buckets) if buckets else auto_buckets(n_pos)
    if b < 1:
        raise ValueError("buckets must be >= 1")
    fs, root = _fs(out, storage_options)
    if fs.exists(root):
        existing = [p for p in fs.ls(root, detail=False)] if fs.isdir(root) else [root]
        if existing and not overwrite:
            raise FileExistsError(f"{out} exists and is not empty (use overwrite)")
        for p in existing:
            fs.rm(p, recursive=True)
    fs.makedirs(root, exist_ok=True)
    rep = ExportReport(path=str(out), buckets=b)
    pos_cols = ", ".join(f'"{f.name}"' for f in S.POSITIONS)
    sta_cols = ", ".join(f'"{f.name}"' for f in S.STATICS)
    tables = (("positions", pos_cols, "lat IS NOT NULL AND mmsi IS NOT NULL"),
              ("statics", sta_cols, "mmsi IS NOT NULL"))
    local = is_local(out)
    for name, cols, where in tables:
        counts = dict(con.execute(
            f"SELECT {mmsi_bucket_sql('mmsi', b)} AS k, count(*) FROM {name} WHERE {where} GROUP BY k").fetchall())
        for k in sorted(counts):
            sql = (f"SELECT {cols} FROM {name} WHERE {where} AND {mmsi_bucket_sql('mmsi', b)} = {int(k)} "
                   f"ORDER BY mmsi, ts")
            d = f"{root}/{name}/bucket={int(k):04d}"
            fs.makedirs(d, exist_ok=True)
            target = f"{d}/part-0.parquet"
            if local:
                lp = target[7:] if target.startswith("file://") else target
                con.execute(f"COPY ({sql}) TO '{_sql_str(lp)}' (FORMAT PARQUET, COMPRESSION ZSTD)")
            else:
                tab = query_arrow(con, sql)
                with fs.open(target, "wb") as fh:
                    pq.write_table(tab, fh, compression="zstd")
            rep.files += 1
            if progress:
                progress(f"{name}: bucket {int(k) + 1}/{b}")
        if name == "positions":
            rep.positions = int(sum(counts.values()))
        else:
            rep.statics = int(sum(counts.values()))
    manifest = {"format": FORMAT, "version": VERSION, "buckets": b, "hash": HASH_NAME,
                "hash_expr": HASH_EXPR[HASH_NAME],
                "sort": ["mmsi", "ts"], "positions": rep.positions, "statics": rep.statics, "deduplicated": True,
                "position_filter": "lat IS NOT NULL", "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with fs.open(f"{root}/{MANIFEST}", "w") as fh:
        fh.write(json.dumps(manifest, indent=2))
    rep.seconds = time.perf_counter() - t0
    return rep


def query_arrow(con, sql: str) -> pa.Table:
    """A query's whole result as an Arrow table (materialised now: DuckDB may return a lazy
    reader that the next query on the connection would invalidate)."""
    r = con.execute(sql).arrow()
    return r if isinstance(r, pa.Table) else r.read_all()


def _sql_str(s: str) -> str:
    return s.replace("'", "''")


@dataclass
class BucketFiles:
    """The files of one bucket (fsspec paths, protocol included for remote stores)."""

    bucket: int
    positions: list[str] = field(default_factory=list)
    statics: list[str] = field(default_factory=list)
    #: the files may repeat a message (an ingested archive keeps every reception); False for an
    #: archive exported from the store, which de-duplicated when it stored
    repeats: bool = True


@dataclass
class Archive:
    path: str
    buckets: int
    manifest: dict
    parts: list[BucketFiles]
    storage_options: dict | None = None

    @property
    def hash(self) -> str:  # noqa: A003
        """The bucket hash of the archive (``fib32``; ``knuth32`` for archives made before it)."""
        return str(self.manifest.get("hash") or "knuth32")


def open_archive(path: str, storage_options: dict | None = None) -> Archive:
    """List an archive's buckets. Raises ValueError when ``path`` is not an archive."""
    fs, root = _fs(path, storage_options)
    man_path = f"{root}/{MANIFEST}"
    if not fs.exists(man_path):
        raise ValueError(f"{path} is not a seasentry Parquet archive (no {MANIFEST}); "
                         f"create one with `seasentry export parquet`")
    with fs.open(man_path, "r") as fh:
        try:
            manifest = json.loads(fh.read())
        except ValueError as exc:
            raise ValueError(f"{man_path}: bad manifest ({exc})") from None
    if manifest.get("format") != FORMAT or int(manifest.get("version", 0)) > VERSION:
        raise ValueError(f"{path}: unsupported archive format {manifest.get('format')!r} "
                         f"version {manifest.get('version')!r}")
    repeats = not manifest.get("deduplicated", False)
    if repeats and int(manifest.get("version", 0)) < 2:
        raise ValueError(f"{path} " + REBUILD.format(v=VERSION))
    proto = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    parts: dict[int, BucketFiles] = {}
    for table in ("positions", "statics"):
        for f in sorted(fs.glob(f"{root}/{table}/bucket=*/*.parquet")):
            mt = _BUCKET_RE.search(f)
            if not mt:
                continue
            k = int(mt.group(1))
            url = f if proto in ("file", "local") else fs.unstrip_protocol(f)
            getattr(parts.setdefault(k, BucketFiles(k, repeats=repeats)), table).append(url)
    return Archive(str(path), int(manifest["buckets"]), manifest, [parts[k] for k in sorted(parts)],
                   storage_options)


def _read(paths: list[str], columns, storage_options: dict | None) -> pa.Table | None:
    import fsspec

    tabs = []
    for p in paths:
        with fsspec.open(p, "rb", **(storage_options or {})) as fh:
            pf = pq.ParquetFile(fh)
            names = set(pf.schema_arrow.names)
            cols = None if columns is None else [c for c in columns if c in names]
            tabs.append(pf.read(columns=cols))
    if not tabs:
        return None
    return pa.concat_tables(tabs, promote_options="default") if len(tabs) > 1 else tabs[0]


def repeat_flags(mmsi: np.ndarray, key: np.ndarray, ts: np.ndarray, order: np.ndarray, window_us: int) -> np.ndarray:
    """Which rows are repeats, by the store's rule (``seasentry.ingest.batch_store.repeats``, the
    bulk ingest's merge): rows taken in arrival ``order``, a row is a repeat when a row of the same
    MMSI and ``msg_key`` (payload hash) kept before it lies within ``window_us`` of its time
    (``|dt| <= window``). The first copy to arrive is kept, whatever its time stamp.

    Greedy in arrival order, computed with array operations: rows alone in their (MMSI, key)
    group, or farther than the window from every other row of it, are kept and repeat nothing
    (a static report broadcast unchanged all day); for the rest, each round keeps the first
    undecided row of each group and flags the later undecided rows of the group within the
    window of it (rounds: at most the number of copies kept per group among those rows)."""
    n = len(key)
    rep = np.zeros(n, bool)
    if n < 2:
        return rep
    # only rows whose (MMSI, key) occurs more than once can repeat or be repeated: found by
    # polars' hash-based is_duplicated on one int64 per row (a collision only adds candidates),
    # and sorted alone (2.3M positions of one 256 MB input: 0.43-0.50 CPU s when every row was sorted)
    mix = (np.asarray(mmsi, np.int64).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ np.asarray(
        key, np.int64).astype(np.uint64)
    cand = np.flatnonzero(pl.Series(mix.view(np.int64)).is_duplicated().to_numpy())
    if len(cand) >= 2:
        rep[cand] = _greedy_repeats(np.asarray(mmsi)[cand], np.asarray(key)[cand], np.asarray(ts)[cand],
                                    np.asarray(order)[cand], int(window_us))
    return rep


def _greedy_repeats(mmsi: np.ndarray, key: np.ndarray, ts: np.ndarray, order: np.ndarray, w: int) -> np.ndarray:
    """:func:`repeat_flags` over rows given (no candidate filter)."""
    n = len(key)
    rep = np.zeros(n, bool)
    o = np.lexsort((order, key, mmsi))
    m, k = mmsi[o], key[o]
    start = np.ones(n, bool)
    start[1:] = (m[1:] != m[:-1]) | (k[1:] != k[:-1])
    gid = np.cumsum(start) - 1
    multi = np.bincount(gid)[gid] > 1
    if not multi.any():
        return rep
    idx = np.flatnonzero(multi)  # rows (positions in ``o``) of groups of two or more, by (group, order)
    g, t = gid[idx], np.asarray(ts)[o[idx]]
    by_t = np.lexsort((t, g))
    gs, tsrt = g[by_t], t[by_t]
    close = np.zeros(len(idx), bool)
    close[1:] = (gs[1:] == gs[:-1]) & (tsrt[1:] - tsrt[:-1] <= w)
    near = np.empty(len(idx), bool)
    near[by_t] = close | np.append(close[1:], False)
    idx, g, t = idx[near], g[near], t[near]
    while len(idx):
        first = np.ones(len(idx), bool)
        first[1:] = g[1:] != g[:-1]
        at = np.flatnonzero(first)
        kept_t = np.repeat(t[at], np.diff(np.append(at, len(idx))))
        cover = ~first & (np.abs(t - kept_t) <= w)
        rep[o[idx[cover]]] = True
        rest = ~first & ~cover
        idx, g, t = idx[rest], g[rest], t[rest]
    return rep


def dedup_receptions(df: pl.DataFrame, window_s: float) -> pl.DataFrame:
    """Drop repeats of a message (several receivers, overlapping files) by the store's rule
    (:func:`repeat_flags`): the first copy to arrive is kept. Arrival is the ``_arrival``
    column (written by ``seasentry ingest --archive``; null: a row exported from a store, which
    was stored before anything ingested into the archive), else the frame's row order. The
    store applies the rule when it writes; an archive written by ``seasentry ingest --archive``
    keeps every reception and is de-duplicated here, when read. No-op on de-duplicated data."""
    if df.height < 2 or "msg_key" not in df.columns:
        return df
    if ARRIVAL in df.columns:
        order = df[ARRIVAL].fill_null(-1).to_numpy()
    else:
        order = np.arange(df.height, dtype=np.int64)
    rep = repeat_flags(df["mmsi"].fill_null(-1).to_numpy(), df["msg_key"].fill_null(0).to_numpy(),
                       df["ts"].cast(pl.Int64).to_numpy(), order, int(round(window_s * 1e6)))
    if not rep.any():
        return df
    return df.filter(pl.Series(~rep))


def dedup_relation(con, path: str, table: str, window_s: float, name: str | None = None) -> str:
    """A DuckDB relation over an archive table (local path) with :func:`dedup_receptions`' rule:
    the rows that have another copy within the window (found by DuckDB, a self-join on MMSI and
    key) go through :func:`repeat_flags`, and the repeats among them are registered on ``con`` as
    ``name`` and left out by an anti-join. Returns the relation's SQL (valid while ``con`` keeps
    the registration). A table with no file yet (an archive whose inputs gave no static report,
    or no message at all) is an empty relation with the table's columns, registered as ``name``."""
    import glob

    local = str(path)[7:] if str(path).startswith("file://") else str(path).rstrip("/")
    root = _sql_str(local)
    w = int(round(window_s * 1e6))
    name = name or f"_archive_repeats_{table}"
    if not glob.glob(f"{glob.escape(local)}/{table}/*/*.parquet"):
        con.register(name, {"positions": S.POSITIONS, "statics": S.STATICS}[table].empty_table())
        return f"(SELECT * FROM {name})"
    src = f"read_parquet('{root}/{table}/*/*.parquet', union_by_name=true)"
    has_arrival = ARRIVAL in {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
    if not has_arrival:  # an exported archive: de-duplicated when written
        return f"(SELECT * FROM {src})"
    cand = query_arrow(con, f"""
        WITH r AS (SELECT mmsi, msg_key, epoch_us(ts) AS t, coalesce({ARRIVAL}, -1) AS a FROM {src}),
             k AS (SELECT mmsi, msg_key FROM r GROUP BY ALL HAVING count(*) > 1)
        SELECT r.* FROM r SEMI JOIN k USING (mmsi, msg_key)""")
    c = pl.from_arrow(cand)
    rep = repeat_flags(c["mmsi"].to_numpy(), c["msg_key"].to_numpy(), c["t"].to_numpy(), c["a"].to_numpy(), w)
    con.register(name, c.filter(pl.Series(rep)).select("mmsi", "msg_key", "a").to_arrow())
    return (f"(SELECT x.* EXCLUDE ({ARRIVAL}) FROM {src} AS x ANTI JOIN {name} AS d "
            f"ON x.mmsi = d.mmsi AND x.msg_key = d.msg_key AND coalesce(x.{ARRIVAL}, -1) = d.a)")


def read_bucket(files: BucketFiles, storage_options: dict | None = None,
                dedup_window_s: float | None = 30.0,
                keep_null_positions: bool = False) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Positions (engine columns, rows with a position) and statics of one bucket as polars,
    repeats of a message removed (:func:`dedup_receptions`) unless the archive says it has none
    (``files.repeats``: an archive exported from the store)."""
    dedup = dedup_window_s is not None and files.repeats
    pos = _read(files.positions, ENGINE_POSITION_COLUMNS + ((ARRIVAL,) if dedup else ()), storage_options)
    sta = _read(files.statics, None, storage_options)
    pos_df = (pl.from_arrow(pos) if pos is not None else
              pl.from_arrow(S.POSITIONS.empty_table()).select(list(ENGINE_POSITION_COLUMNS)))
    sta_df = pl.from_arrow(sta) if sta is not None else pl.from_arrow(S.STATICS.empty_table())
    if dedup:
        pos_df = dedup_receptions(pos_df, dedup_window_s)
        sta_df = dedup_receptions(sta_df, dedup_window_s)
    if ARRIVAL in pos_df.columns:
        pos_df = pos_df.drop(ARRIVAL)
    if ARRIVAL in sta_df.columns:
        sta_df = sta_df.drop(ARRIVAL)
    if pos_df.height and not keep_null_positions:
        pos_df = pos_df.filter(pl.col("lat").is_not_null())
    return pos_df, sta_df


def read_store_bucket(src, part: tuple[int, int] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Positions (engine columns, rows with a position) and statics of one bucket of a store
    (:class:`seasentry.parts.BucketParts`: its Parquet parts, repeats left out, and its rows of
    the store's DuckDB tables). Read by polars' Parquet reader, the filters pushed into the scan
    (a third of the memory of reading through Arrow and converting)."""
    from .partition import chunk_expr

    root = str(src.root).rstrip("/") + "/"
    cols = list(ENGINE_POSITION_COLUMNS)
    only = chunk_expr(part[1], part[0]) if part is not None else pl.lit(True)
    pos = (pl.scan_parquet([root + p for p in src.positions])
           .filter(~pl.col("_dup") & pl.col("lat").is_not_null() & only).select(cols).collect()
           if src.positions else None)
    sta = (pl.scan_parquet([root + p for p in src.statics]).filter(~pl.col("_dup") & only).select(S.STATICS.names)
           .collect() if src.statics else None)
    if src.tail_positions is not None and src.tail_positions.num_rows:
        tp = pl.from_arrow(src.tail_positions.select(cols)).filter(pl.col("lat").is_not_null() & only)
        pos = tp if pos is None else pl.concat([pos, tp.cast(pos.schema)])
    if src.tail_statics is not None and src.tail_statics.num_rows:
        ts_ = pl.from_arrow(src.tail_statics.select(S.STATICS.names)).filter(only)
        sta = ts_ if sta is None else pl.concat([sta, ts_.cast(sta.schema)])
    if pos is None:
        pos = pl.from_arrow(S.POSITIONS.empty_table()).select(cols)
    if sta is None:
        sta = pl.from_arrow(S.STATICS.empty_table())
    return pos, sta


def vessel_summaries(pos: pl.DataFrame, sta: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Per MMSI of one bucket (positions with or without a position, de-duplicated statics): the
    position summary, the statics summary and the ``vessel_identities`` rows that
    :meth:`seasentry.store.Store.refresh_vessels` takes. The statics parts run the store's own SQL
    (:func:`seasentry.store.statics_summary_sql`, :func:`~seasentry.store.identities_sql`) on an
    in-memory DuckDB; the position summary, a plain group-by over every position of the bucket,
    is the polars form of :func:`~seasentry.store.position_summary_sql` (several times faster than
    the SQL on a bucket of a few hundred thousand positions). Each groups by MMSI, so per bucket gives the same rows as
    over the whole archive (tests/test_dask_engine.py)."""
    import duckdb

    from ..store import identities_sql, statics_summary_sql

    t = pl.col("msg_type")
    p = pos.group_by("mmsi").agg(
        pl.col("ts").min().alias("f"), pl.col("ts").max().alias("l"), pl.len().cast(pl.Int64).alias("n"),
        t.is_in([1, 2, 3]).any().alias("a"), t.is_in([18, 19]).any().alias("b"), (t == 4).any().alias("bs"),
        (t == 21).any().alias("aton"), (t == 9).any().alias("sar"))
    con = duckdb.connect()
    try:
        con.execute("SET threads = 1")
        con.register("sta", sta.to_arrow())
        return (p, pl.from_arrow(query_arrow(con, statics_summary_sql("sta"))),
                pl.from_arrow(query_arrow(con, identities_sql("sta"))))
    finally:
        con.close()
