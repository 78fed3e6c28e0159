"""Large NMEA inputs: worker processes write straight into the store's Parquet parts.

``seasentry ingest`` / ``run`` send NMEA inputs that together reach ``store.bulk_min_mb`` here
(fast decoder; CSV, standard input and the reference decoder keep the DuckDB path of
:mod:`.pipeline`). The result is the store the DuckDB path would make -- the same messages
stored, the same copy of each repeat kept, the same rejects, counts and ingest log -- with the
message tables in Parquet parts (:mod:`seasentry.parts`):

1. **Fingerprints** (one task per input): SHA-256 as the DuckDB path computes it; an input
   already ingested is skipped, one read before is read again under its ``source_id``. A plain
   input larger than a worker's share, or one whose cut evens the workers' shares
   (``store.split_min_mb``, :func:`_pieces`), also gets its cuts: line starts, with the lines
   before each, found in the same read.
2. **Workers** (inputs and byte ranges of cut inputs spread over the pool, largest first; a
   range starts with the framer state of the lines before it, and the run reads every input
   whole again unless each range ended with the state the next began from, so a cut input
   gives what one worker reading it gives: :func:`_ingest_one`): each frames, decodes and cleans its
   inputs block by block with the compiled fast path (the code of ``seasentry ingest``, so the
   same messages, fields, times and rejects), numbers every message of an input in the order
   the framer completed it (``_seq``), flags the repeats it can see (the same payload within
   ``ingest.dedup_window_s`` of a message kept before it in the same input, ``_dup``) and appends
   every reception, with its flag, to one file per MMSI bucket and table
   (``positions/bucket=0007/<run>-w0.parquet``), one row group per bucket and flush of
   ``store.flush_messages`` messages (the rows sorted by bucket once per ``store.sort_messages``
   messages, i.e. for several blocks at once: fewer slices per row group to write). Memory: a
   block plus one flush buffer per worker, and the metadata of the row groups its open files
   hold: every ``store.generation_flushes`` flushes a worker closes its files and opens new
   ones (``<run>-w0~g1.parquet`` ...). Each worker also
   keeps, per MMSI and input, the newest position it wrote and the time span of its positions
   (``_runs/<run>/latest-<worker>[~g<n>].parquet``, per generation of files).
3. **Merge** (one task per bucket the run touched): the exact de-duplication rule of the
   DuckDB path (``batch_store.repeats``: a message is a repeat when a message with the same
   ``msg_key`` stored before -- in the store, or kept earlier in this run, inputs in the order
   given, messages in framer order -- lies within the window) over the bucket's new rows and
   the bucket's stored keys; files whose flags it changes (a repeat across inputs, or across
   more than one block) are rewritten; per input: messages stored, repeats, positions, statics,
   other messages, types and time span of what it kept. A bucket holding more than
   ``store.compact_files`` files of a table gets them rewritten as one. Per MMSI, the newest
   position and span of what the bucket adds: the workers' rows for the files kept as written,
   recomputed for the files rewritten or compacted.
4. **Commit** (one DuckDB transaction): the files join the catalogue and the views, the rejects
   go into ``rejects``, the ingest log gets each input's counts, the merge's per-MMSI rows are
   folded into ``latest_positions`` and ``position_spans`` (what ``Store.fold_positions`` computes
   by reading every positions file added: 10M messages, 2.5 CPU s in this process); then
   ``vessels`` is rebuilt.

An interrupted run (Ctrl-C, kill -9) commits nothing: its files are named by no catalogue row and
are deleted when the store is next opened for writing, its inputs stay ``partial`` in the ingest
log, and running the command again reads them again (nothing is stored twice).
"""

from __future__ import annotations

import csv  # noqa: F401 - the CSV header sniffing of the DuckDB path
import io
import json
import math
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import parts as P
from .. import schema as S
from ..config import Config

US = 1_000_000


# ------------------------------------------------------------------------------ decision (main)
def eligible(sources, fmt: str, columns, decoder, cfg: Config) -> bool:
    """Whether the inputs of one command go to the Parquet parts: NMEA (or auto) with the fast
    decoder, files (not standard input), together at least ``store.bulk_min_mb``."""
    if fmt not in ("auto", "nmea") or columns or not getattr(decoder, "fast_path", False):
        return False
    files = [s for s in sources if s.path is not None]
    if not files or len(files) != len(sources):
        return False
    return sum(int(s.size or 0) for s in files) >= float(cfg.store.bulk_min_mb) * 1e6


# ------------------------------------------------------------------------------ worker side
def _source_of(path: str, member: str | None):
    from .sources import _file_sources

    for s in _file_sources(Path(path)):
        if s.member == member:
            return s
    raise FileNotFoundError(f"{path}!{member}: not found")


def _fingerprint(path: str, member: str | None, pieces: int = 1, fmt: str = "auto") -> tuple[str, list]:
    """SHA-256 of an input as the DuckDB path computes it, and where to cut it: with ``pieces``
    > 1 (a plain file, see :func:`_pieces`), ``pieces - 1`` cuts ``(byte offset, lines before
    it)`` read in the same pass. Cut ``k`` is the start of the first line that begins at or after
    byte ``k * size / pieces`` (a cut is never inside a line; equal or past-the-end cuts are
    dropped). An input whose first MB is not text, or whose first non-blank line is a CSV
    header (``fmt`` auto), is not cut (its worker reports it as the unsplit path does)."""
    src = _source_of(path, member)
    if pieces <= 1 or member is not None:
        return src.sha256(), []
    from .batch_store import first_nonblank_line
    from .csvformats import looks_like_csv_header
    from .pipeline import _text
    from .sources import binary_reason

    with open(path, "rb") as f:
        head = f.read(1 << 20)
    first = first_nonblank_line(head)
    if binary_reason(head) is not None or first is None or (
            fmt == "auto" and looks_like_csv_header(_text(first).lstrip("\ufeff"))):
        return src.sha256(), []
    size = os.path.getsize(path)
    targets = [size * k // pieces for k in range(1, pieces)]
    cuts: list[tuple[int, int]] = []
    pos = lines = 0

    def find_cuts(block: bytes) -> None:
        nonlocal pos, lines
        while targets:
            at = max(targets[0] - 1, cuts[-1][0] if cuts else 0) - pos  # search from here on
            if at >= len(block):
                break
            i = block.find(b"\n", max(at, 0))
            if i < 0:
                break  # the line goes on in the next block
            cut = pos + i + 1
            if cut < size and (not cuts or cut > cuts[-1][0]):
                cuts.append((cut, lines + block.count(b"\n", 0, i + 1)))
            targets.pop(0)
        if targets:  # the lines before the cuts still to find (numpy: 1.2 ms per 8 MB, bytes.count 3.9)
            lines += int(np.count_nonzero(np.frombuffer(block, np.uint8) == 10))
        pos += len(block)

    return src.sha256(on_block=find_cuts), cuts


def prepare_worker() -> None:
    """Load what an ingest worker runs before its first input: the module, and the compiled
    kernels when this machine has them (:func:`seasentry.kernels.ready`; else the command
    compiles them first and the workers load them with their first block)."""
    from .. import kernels

    if kernels.ready():
        from . import _bulk_kernels
        from .fast import warm_up

        with kernels.without_blas_probe():  # cached kernels: numba need not import scipy.linalg
            warm_up()
            _bulk_kernels.warm_up()


@dataclass
class Early:
    """What :func:`start_early` began for the inputs of a command."""
    inputs: list
    fmt: str
    sources: list
    pieces: list
    futures: list  # one :func:`_fingerprint` task per source


def start_early(inputs: list, cfg: Config, pool, *, fmt: str = "auto", columns=None,
                decoder: str = "fast") -> Early | None:
    """``seasentry run``: when ``inputs`` go to the bulk path (:func:`eligible`), the pool's
    workers start on them before the command's own checks and the opening of the store -- the
    fingerprints (:func:`_fingerprint`, read by :func:`ingest_bulk` as if it had submitted them)
    first, then on every worker :func:`prepare_worker` -- so that their start-up (imports, the
    kernels loaded: ~1 CPU s each) overlaps this process's. None when the inputs do not go to the
    bulk path or cannot be listed (the ingest then lists them and reports it as before)."""
    from .decode import get_decoder
    from .sources import discover

    if "-" in inputs:
        return None
    try:
        sources = list(discover(list(inputs)))
        if not sources or not eligible(sources, fmt, columns, get_decoder(decoder), cfg):
            return None
    except Exception:  # noqa: BLE001 - the ingest says what is wrong, in its turn
        return None
    pieces = _pieces(sources, cfg, pool.workers)
    futures = [pool.submit(_fingerprint, s.path, s.member, n, fmt) for s, n in zip(sources, pieces)]
    for _ in range(pool.workers):
        pool.submit(prepare_worker)
    return Early(list(inputs), fmt, sources, pieces, futures)


#: Parquet settings of part files: snappy (about 1.5x faster to write than zstd level 1 on AIS
#: tables, files ~40 % larger, read as fast: benchmarks/bench_e2e.py), statistics on the columns
#: queries filter on, dictionaries for the low-cardinality text.
PARQUET = dict(compression="snappy", use_dictionary=["station", "time_source"], write_statistics=["mmsi", "ts"])


class _PartWriters:
    """One Parquet file per (table, bucket) and generation of a worker; every flush appends a
    row group; every ``generation_flushes`` flushes (``store.generation_flushes``) the files are
    closed and new ones opened (``<run>-w<i>~g<n>.parquet``): an open ParquetWriter keeps the
    metadata of every row group it wrote until it is closed."""

    def __init__(self, root: Path, buckets: int, hash_name: str, name: str, generation_flushes: int) -> None:
        self.root, self.buckets, self.hash, self.name = root, buckets, hash_name, name
        self.generation_flushes = max(1, int(generation_flushes))
        self.w: dict = {}
        self.stats: dict = {}  # (table, bucket, generation) -> [rows, kept, min_ts, max_ts]
        self.latest: list = []  # candidates of the positions written (_latest_rows), reduced at times
        self.gen = 0  # generation of the open files
        self.flushes = 0  # flushes written into the open generation

    def stem(self, gen: int | None = None) -> str:
        """Name of the files (and of their latest-position candidates) of a generation."""
        gen = self.gen if gen is None else gen
        return self.name if gen == 0 else f"{self.name}~g{gen}"

    def end_flush(self) -> None:
        """One flush written: after ``generation_flushes`` of them, close the generation."""
        self.flushes += 1
        if self.flushes >= self.generation_flushes:
            self._close_generation()

    def _close_generation(self) -> None:
        for w in self.w.values():
            w.close()
        self.w.clear()
        self._write_latest()
        if self.flushes:
            self.gen += 1
        self.flushes = 0

    def write_pieces(self, table: str, pieces: list) -> None:
        """``pieces``: :class:`_Piece` (a table sorted by bucket, its per-bucket offsets, kept
        rows and time span); one row group per bucket."""
        import pyarrow.parquet as pq

        if not pieces:
            return
        offs = np.stack([p.offs for p in pieces])  # (pieces, buckets + 1)
        counts = offs[:, 1:] - offs[:, :-1]
        kept = np.stack([p.kept for p in pieces]).sum(axis=0)
        lo = np.stack([p.lo for p in pieces]).min(axis=0)
        hi = np.stack([p.hi for p in pieces]).max(axis=0)
        if table == "positions":
            self._candidates(pieces)
        for k in np.flatnonzero(counts.sum(axis=0)).tolist():
            parts = [p.table.slice(int(p.offs[k]), int(p.offs[k + 1] - p.offs[k])) for p in pieces
                     if p.offs[k + 1] > p.offs[k]]
            t = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
            key = (table, k)
            if key not in self.w:
                p = P.file_path(self.root, table, k, f"{self.stem()}.parquet")
                p.parent.mkdir(parents=True, exist_ok=True)
                self.w[key] = pq.ParquetWriter(p, t.schema, **PARQUET)
                self.stats[(table, k, self.gen)] = [0, 0, None, None]
            self.w[key].write_table(t, row_group_size=t.num_rows)
            st = self.stats[(table, k, self.gen)]
            st[0] += t.num_rows
            st[1] += int(kept[k])
            st[2] = int(lo[k]) if st[2] is None else min(st[2], int(lo[k]))
            st[3] = int(hi[k]) if st[3] is None else max(st[3], int(hi[k]))

    def _candidates(self, pieces: list) -> None:
        """Per MMSI of the positions of a flush, the newest kept report with a latitude and the
        first and last time of those reports (the worker's part of ``Store.fold_positions``:
        ``latest_positions`` and ``position_spans``); reduced once they outnumber the vessels."""
        c = flush_latest(pa.concat_tables([p.table for p in pieces]))
        if c is not None:
            self.latest.append(c)
        if len(self.latest) >= 8:  # a flush's candidates: one row per vessel of the flush
            self.latest = [_latest_rows(pa.concat_tables(self.latest))]

    def close(self) -> list[tuple]:
        self._close_generation()
        return [(t, k, P.rel_path(t, k, f"{self.stem(g)}.parquet"), *st)
                for (t, k, g), st in sorted(self.stats.items())]

    def _write_latest(self) -> None:
        """The candidates of the open generation, one row per MMSI and input, beside the run's
        rejects (``_runs/<run>/latest-<stem>``): the merge takes those of each bucket whose
        positions file it does not rewrite."""
        import pyarrow.parquet as pq

        if not self.latest:
            return
        t = _latest_rows(pa.concat_tables(self.latest)) if len(self.latest) > 1 else self.latest[0]
        self.latest = []
        b = P.bucket_of(t.column("mmsi").to_numpy(), self.buckets, self.hash)
        t = t.append_column("_b", pa.array(b, pa.int32()))
        path = latest_path(self.root, self.stem())
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(t, path, compression="snappy")

    def abort(self) -> None:
        for w in self.w.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001
                pass


@dataclass
class _Piece:
    """Rows of one table sorted by MMSI bucket: ``offs`` (buckets + 1) the offsets of each
    bucket's rows; per bucket the rows not flagged ``_dup`` (``kept``) and the first and last
    time (``lo``/``hi``, epoch microseconds; int64 max / min for an empty bucket)."""

    table: pa.Table
    offs: np.ndarray
    kept: np.ndarray
    lo: np.ndarray
    hi: np.ndarray


_I64 = np.iinfo(np.int64)


def _by_bucket(t: pa.Table, bucket: np.ndarray, buckets: int, ts: np.ndarray, dup: np.ndarray) -> _Piece:
    """``t`` sorted by bucket (rows of a bucket keep their order), with the per-bucket offsets,
    kept rows and time spans (``ts``: epoch microseconds, ``dup``: repeat flags, per row of ``t``).
    The order is a counting sort: numpy's stable argsort of integers of 16 bits or less is a
    radix sort (on the int64 buckets it is a merge sort: 0.039 against 0.003 CPU s for the
    1M rows of 500,000 messages)."""
    small = bucket.astype(np.uint8 if buckets <= 256 else np.uint16)
    order = np.argsort(small, kind="stable")
    n = np.bincount(small, minlength=buckets)
    offs = np.zeros(buckets + 1, np.int64)
    np.cumsum(n, out=offs[1:])
    kept = n - np.bincount(small, weights=dup, minlength=buckets).astype(np.int64)
    lo = np.full(buckets, _I64.max, np.int64)
    hi = np.full(buckets, _I64.min, np.int64)
    nz = np.flatnonzero(n)
    if len(nz):
        ts_o = ts[order]
        lo[nz] = np.minimum.reduceat(ts_o, offs[nz])
        hi[nz] = np.maximum.reduceat(ts_o, offs[nz])
    return _Piece(t.take(pa.array(order)), offs, kept, lo, hi)


def _flagged(t: pa.Table, sch: pa.Schema, seq: np.ndarray, dup: np.ndarray) -> pa.Table:
    """``t`` (a fast batch table with ``_idx``) in the part schema: the table's columns, then
    ``_seq`` and ``_dup`` of each row's message."""
    idx = t.column("_idx").to_numpy()
    cols = [t.column(f.name) if t.column(f.name).type == f.type else t.column(f.name).cast(f.type) for f in sch]
    cols += [pa.array(seq[idx], pa.int64()), pa.array(dup[idx], pa.bool_())]
    return pa.Table.from_arrays(cols, schema=pa.schema(list(sch) + list(P.FLAG_FIELDS)))


def latest_path(root: Path, name: str) -> Path:
    """Where the writers named ``name`` (``<run>-w<i>``, ``<run>-w<i>~g<n>`` for a later
    generation) put their latest-position candidates."""
    return Path(root) / "_runs" / name.rsplit("-w", 1)[0] / f"latest-{name}.parquet"


_SPAN = ("_f", "_l")


def _latest_rows(t: pa.Table, kept: np.ndarray | None = None, by: tuple = ("mmsi", "source_id"),
                 seq: np.ndarray | None = None) -> pa.Table | None:
    """Per MMSI and input (``by``) of ``t`` (positions in the part schema, or rows of this
    function's output), of the rows ``kept`` (default all) that have a latitude: the newest
    (greatest (ts, _seq), the order of ``Store.fold_positions``; ``seq`` replaces ``_seq`` in that
    order when given) with its columns and ``_seq``, and ``_f``/``_l``, the first and last time of
    those rows (of their ``_f``/``_l`` for this function's output, so that the results of several
    parts reduce to those of their union). None when there is no such row. Candidates are kept
    per input until the driver's last reduction (:func:`_latest_of_run`): the ``_seq`` of a cut
    input's later ranges count from the range's start byte, comparable within the input only."""
    import polars as pl

    span = _SPAN[0] in t.column_names
    cols = list(dict.fromkeys(["mmsi", *by, "ts", "_seq"])) + (list(_SPAN) if span else [])
    df = pl.from_arrow(t.select(cols)).with_columns(pl.Series("_i", np.arange(t.num_rows, dtype=np.int64)))
    if seq is not None:
        df = df.with_columns(pl.Series("_seq", np.asarray(seq, np.int64)))
    ok = ~np.asarray(t.column("lat").is_null().to_numpy(zero_copy_only=False), bool)
    if kept is not None:
        ok &= np.asarray(kept, bool)
    if not ok.all():
        df = df.filter(pl.Series(ok))
    if not df.height:
        return None
    f, l_ = (pl.col("_f"), pl.col("_l")) if span else (pl.col("ts"), pl.col("ts"))
    g = df.group_by(list(by)).agg(f.min().alias("_f"), l_.max().alias("_l"),
                                  pl.col("_i").sort_by(["ts", "_seq"]).last().alias("_i")).sort(list(by))
    out = t.select(list(P.TABLES["positions"].names) + ["_seq"]).take(pa.array(g["_i"].to_numpy()))
    return out.append_column("_f", g["_f"].to_arrow().cast(S.TS)).append_column("_l", g["_l"].to_arrow().cast(S.TS))


def flush_latest(t: pa.Table) -> pa.Table | None:
    """``_latest_rows(t, ~_dup)`` of positions in the part schema (the same table: rows sorted
    by (mmsi, source_id), the same columns and types) found by one compiled pass over the rows
    (``_bulk_kernels.latest_per_key``) instead of a polars group-by: that copied the flush's columns
    into memory of its own and cost ~25,000 page faults per 1.4M messages of a worker
    (``benchmarks/bench_ingest_worker.py --faults``)."""
    from . import _bulk_kernels as G
    from .fast import _ro

    def col(name, dtype):
        return _ro(np.ascontiguousarray(t.column(name).to_numpy(), dtype))

    mmsi, sid, seq = col("mmsi", np.int64), col("source_id", np.int32), col("_seq", np.int64)
    ts = _ro(np.ascontiguousarray(t.column("ts").cast(pa.int64()).to_numpy(), np.int64))
    ok = ~np.asarray(t.column("_dup").to_numpy(zero_copy_only=False), bool)
    ok &= ~np.asarray(t.column("lat").is_null().to_numpy(zero_copy_only=False), bool)
    rows, first, last = G.latest_per_key(mmsi, sid, ts, seq, _ro(ok))
    if not len(rows):
        return None
    o = np.lexsort((sid[rows], mmsi[rows]))
    rows, first, last = rows[o], first[o], last[o]
    # the rows from each record batch on its own (a take from the whole multi-chunk table would
    # first concatenate every column of the flush), then back in key order
    by_pos = np.argsort(rows, kind="stable")
    in_order = rows[by_pos]
    parts, at = [], 0
    for b in t.select(list(P.TABLES["positions"].names) + ["_seq"]).to_batches():
        lo, hi = np.searchsorted(in_order, [at, at + b.num_rows])
        if hi > lo:
            parts.append(b.take(pa.array(rows[by_pos[lo:hi]] - at)))
        at += b.num_rows
    back = np.empty(len(rows), np.int64)
    back[by_pos] = np.arange(len(rows))
    out = pa.Table.from_batches(parts).combine_chunks().take(pa.array(back))
    return (out.append_column("_f", pa.array(first, pa.int64()).cast(S.TS))
            .append_column("_l", pa.array(last, pa.int64()).cast(S.TS)))


#: Bytes of input an ingest worker frames and decodes at a time. The decoder's working memory is
#: about ten times the block (8 MB blocks: +160 MB of RSS on the first block, 2 MB: +40 MB besides
#: the kernels' one-off ~85 MB; same CPU; 1 MB blocks cost ~20 % more CPU), so each worker's peak
#: drops by ~120 MB against the store path's 8 MB blocks (benchmarks/bench_e2e.py --rss-log).
BULK_BLOCK_BYTES = 1 << 21
#: At most this many kept messages carried from earlier blocks of an input for the local repeat
#: flags (bounds the carry when a block holds a far-off time; the merge is exact either way).
CARRY_MAX = 200_000


class _SourceState:
    """Per input: message numbering and the kept keys of the earlier blocks that can still
    repeat (repeats across a block boundary are flagged where they are written)."""

    def __init__(self) -> None:
        self.seq = 0
        self.carry_keys = np.zeros(0, np.int64)
        self.carry_ts = np.zeros(0, np.int64)


def _local_repeats(keys: np.ndarray, ts: np.ndarray, st: _SourceState, w_us: int) -> np.ndarray:
    """Repeat flags of a block's accepted messages (framer order) against the messages kept
    before them in the block and in earlier blocks of the same input. Carried on: the kept
    messages of this block and those of earlier blocks within the window of this block's
    earliest time (at most ``CARRY_MAX``, the latest), so that small blocks flag what the
    window reaches back to; what the carry misses the merge still finds (it is exact)."""
    from .batch_store import dedup_in_batch

    nc = len(st.carry_keys)
    k = np.concatenate([st.carry_keys, keys])
    t = np.concatenate([st.carry_ts, ts])
    keep = dedup_in_batch(k, t, w_us)[nc:]
    if len(ts):
        lo = int(ts.min()) - w_us
        old = st.carry_ts >= lo
        ck = np.concatenate([st.carry_keys[old], keys[keep]])[-CARRY_MAX:]
        ct = np.concatenate([st.carry_ts[old], ts[keep]])[-CARRY_MAX:]
        st.carry_keys, st.carry_ts = ck, ct
    return ~keep


class _Buffers:
    """A worker's rows waiting for the next flush: ``parts``, pieces sorted by bucket
    (:class:`_Piece`); ``pending``, per table the (rows, buckets, times, repeat flags) of the
    blocks since the last piece, sorted into one piece once they hold ``sort_messages``
    messages (:func:`_settle`): a row group of a flush is one slice per piece, and the Parquet
    writer's cost grows with the number of slices it is handed."""

    def __init__(self, buckets: int = P.DEFAULT_BUCKETS, sort_messages: int = 1) -> None:
        self.parts: dict[str, list] = {t: [] for t in P.TABLES}
        self.pending: dict[str, list] = {t: [] for t in P.TABLES}
        self.buckets, self.sort_messages = buckets, max(1, int(sort_messages))
        self.messages = 0
        self.pending_messages = 0


def _settle(buf: _Buffers, tables=None) -> None:
    """The pending blocks of each table (default every table) as one piece (rows of a bucket
    keep their order: the same rows in the same order as one piece per block)."""
    for name in tables or P.TABLES:
        items = buf.pending[name]
        if not items:
            continue
        if len(items) == 1:
            t, b, ts, dup = items[0]
        else:
            t = pa.concat_tables([x[0] for x in items])
            b, ts, dup = (np.concatenate([x[i] for x in items]) for i in (1, 2, 3))
        items.clear()
        buf.parts[name].append(_by_bucket(t, b, buf.buckets, ts, dup))
    if tables is None or not any(buf.pending.values()):
        buf.pending_messages = 0


def _take(fb, sid: int, st: _SourceState, buf: _Buffers, rec: dict, rej_writer, cfg: Config, buckets: int,
          hash_name: str) -> None:
    """Counts, flags and buffered rows of one FastBatch."""
    from .batch_store import ts_us

    rec["lines"] += fb.lines
    rec["blank"] += fb.blank
    rec["headers"] += fb.headers
    rec["sentences"] += fb.sentences
    rj = fb.rejects
    if rj.num_rows:
        rec["rejects"] += rj.num_rows
        vc = pc.value_counts(rj.column("reason"))
        for r, n in zip(vc.field("values").to_pylist(), vc.field("counts").to_pylist()):
            rec["rejects_by_reason"][r] = rec["rejects_by_reason"].get(r, 0) + int(n)
        rej_writer.write(rj)
    n = fb.n_messages
    good = np.asarray(fb.good, np.int64)
    seq = st.seq + np.arange(n, dtype=np.int64)
    st.seq += n
    if not len(good):
        return
    rec["messages"] += len(good)
    m = fb.messages
    keys = m.column("msg_key").to_numpy()
    ts = ts_us(m.column("ts").to_numpy())
    dup = np.zeros(n, bool)
    dup[good] = _local_repeats(keys[good], ts[good], st, int(round(float(cfg.ingest.dedup_window_s) * US)))
    mmsi = np.full(n, -1, np.int64)
    for name, t in (("positions", fb.positions), ("statics", fb.statics), ("other_messages", fb.other)):
        if t.num_rows:
            idx = t.column("_idx").to_numpy()
            mmsi[idx] = t.column("mmsi").to_numpy()
            tab = _flagged(t, P.TABLES[name], seq, dup)
            buf.pending[name].append((tab, P.bucket_of(tab.column("mmsi").to_numpy(), buckets, hash_name),
                                      tab.column("ts").cast(pa.int64()).to_numpy(), dup[idx]))
            _count_kept(rec["local"], name, t.column("msg_type").to_numpy(), ~dup[idx])
    line_no, raw_text = m.column("line_no"), m.column("raw")
    if len(good) < n:  # else every message is stored (the usual block): no copy of the raw text
        sel = np.zeros(n, bool)
        sel[good] = True
        sel = pa.array(sel)
        line_no = line_no.filter(sel)
        raw_text = raw_text.filter(sel) if cfg.ingest.keep_raw else None
    if not cfg.ingest.keep_raw:
        raw_text = pa.nulls(len(good), pa.string())
    raw = pa.Table.from_arrays([
        pa.array(keys[good], pa.int64()), pa.array(ts[good], pa.int64()).cast(S.TS),
        pa.array(np.full(len(good), sid, np.int32), pa.int32()), line_no, raw_text,
        pa.array(seq[good], pa.int64()), pa.array(dup[good], pa.bool_())], schema=P.part_schema("raw_messages"))
    buf.pending["raw_messages"].append((raw, P.bucket_of(mmsi[good], buckets, hash_name), ts[good], dup[good]))
    buf.messages += len(good)
    buf.pending_messages += len(good)
    if buf.pending_messages >= buf.sort_messages:
        _settle(buf)


_COUNT_KEY = {"positions": "positions", "statics": "statics", "other_messages": "other"}


def _count_kept(c: dict, table: str, msg_type: np.ndarray, kept: np.ndarray, sign: int = 1) -> None:
    """Add (``sign`` -1: remove) the kept rows of one table to an input's counts: rows per
    table, messages per type as the ingest summary counts them (types 19 and 21 once, in statics)."""
    key = _COUNT_KEY[table]
    c[key] = c.get(key, 0) + sign * int(kept.sum())
    types = np.asarray(msg_type, np.int64)[kept]
    if table == "positions":
        types = types[(types != 19) & (types != 21)]
    bt = c.setdefault("by_type", {})
    if len(types) and 0 <= types.min() and types.max() < 64:  # AIS types: counted without a sort
        n_of = np.bincount(types)
        vals = np.flatnonzero(n_of)
        pairs = zip(vals.tolist(), n_of[vals].tolist())
    else:
        pairs = zip(*np.unique(types, return_counts=True))
    for tv, n in pairs:
        k = "csv" if tv == 0 else str(int(tv))
        bt[k] = bt.get(k, 0) + sign * int(n)


def _flush(buf: _Buffers, writers: _PartWriters) -> None:
    wrote = False
    for name, items in buf.parts.items():
        _settle(buf, (name,))  # one table's sorted copy at a time
        if items:
            writers.write_pieces(name, items)
            items.clear()
            wrote = True
    buf.messages = 0
    if wrote:
        writers.end_flush()


class _RejectWriter:
    """A worker's rejects file. The rejects of a block are gathered until there are
    ``BUFFER_ROWS`` of them (or the file is closed) and written as one row group: a row group per
    block cost a zstd context and page per column each (~8 % of ``_take``'s CPU in a profile of
    one worker over 1.43M messages)."""

    BUFFER_ROWS = 16_384

    def __init__(self, path: Path) -> None:
        self.path, self.w, self.rows = path, None, 0
        self.pending: list[pa.Table] = []
        self.pending_rows = 0

    def write(self, t: pa.Table) -> None:
        self.pending.append(t.select(S.REJECTS.names).cast(S.REJECTS))
        self.pending_rows += t.num_rows
        self.rows += t.num_rows
        if self.pending_rows >= self.BUFFER_ROWS:
            self._write()

    def _write(self) -> None:
        import pyarrow.parquet as pq

        if not self.pending:
            return
        if self.w is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.w = pq.ParquetWriter(self.path, S.REJECTS, compression="zstd", compression_level=1)
        t = pa.concat_tables(self.pending)
        self.pending, self.pending_rows = [], 0
        self.w.write_table(t, row_group_size=max(1, t.num_rows))

    def close(self) -> str | None:
        self._write()
        if self.w is None:
            return None
        self.w.close()
        return str(self.path)


def _new_record(spec: dict) -> dict:
    return {"index": spec["index"], "source_id": spec["source_id"], "name": spec["name"], "status": "complete",
            "message": "", "format": "nmea", "lines": 0, "blank": 0, "headers": 0, "sentences": 0, "messages": 0,
            "rejects": 0, "bytes": 0, "seconds": 0.0, "rejects_by_reason": {}, "sha256": spec.get("sha256"),
            "local": {"positions": 0, "statics": 0, "other": 0, "by_type": {}}}


class _RangeReader(io.RawIOBase):
    """Bytes ``[start, end)`` of a plain file (``end`` None: to its end), as a binary stream."""

    def __init__(self, path: str, start: int, end: int | None) -> None:
        self.f = open(path, "rb")
        self.f.seek(start)
        self.left = None if end is None else max(0, end - start)

    def read(self, n: int = -1) -> bytes:
        if self.left is not None:
            if self.left <= 0:
                return b""
            n = self.left if n is None or n < 0 else min(n, self.left)
        b = self.f.read(n)
        if self.left is not None:
            self.left -= len(b)
        return b

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.f.close()
        super().close()


#: The state a range of an input starts with is made by framing the whole lines before it: at
#: least this many times ``ingest.fragment_ttl_lines`` of them (a fragment waits that long at
#: most once a later sentence is read), covering at least twice ``ingest.dedup_window_s`` of
#: message time (the kept messages the local repeat flags look back to), from at most this many
#: bytes back (from LOOKBACK_MIN_BYTES, four times more at each try). Whether that state is the
#: one the range before ends with is checked (see :func:`ingest_bulk`); the lookback only makes
#: the check pass.
LOOKBACK_TTLS = 4
LOOKBACK_MIN_BYTES = 1 << 18
LOOKBACK_MAX_BYTES = 1 << 25


def _lookback(path: str, start: int, nbytes: int) -> tuple[bytes, bool]:
    """The whole lines that end at byte ``start`` (a line start) within the ``nbytes`` bytes
    before it, and whether they reach the input's start."""
    take = min(start, nbytes)
    with open(path, "rb") as f:
        f.seek(start - take)
        data = f.read(take)
    if take < start:
        i = data.find(b"\n")
        data = data[i + 1:] if i >= 0 else b""  # the piece before the first newline is a line's end
    return data, take >= start


def _start_state(path: str, start: int, line_no: int, sid: int, cfg: Config, base_time):
    """(FastState, _SourceState) of the lines before byte ``start`` (line ``line_no``), framed from
    a fresh state: the waiting fragments, ``$PGHP`` header and kept keys a range starts with."""
    from .batch_store import ts_us
    from .fast import FastState, frame_and_decode

    w_us = int(round(float(cfg.ingest.dedup_window_s) * US))
    want = LOOKBACK_TTLS * int(cfg.ingest.fragment_ttl_lines) + 1
    nb = LOOKBACK_MIN_BYTES
    while True:
        data, at_start = _lookback(path, start, nb)
        more = not at_start and nb < LOOKBACK_MAX_BYTES
        n = data.count(b"\n")
        if n < want and more:
            nb *= 4
            continue
        st, sst = FastState.from_config(cfg, base_time), _SourceState()
        if not data:
            return st, sst
        fb = frame_and_decode(data, line_no - n, st, source_id=sid)
        good = np.asarray(fb.good, np.int64)
        keys = fb.messages.column("msg_key").to_numpy()[good]
        ts = ts_us(fb.messages.column("ts").to_numpy())[good]
        del fb
        if more and (not len(ts) or int(ts.max()) - int(ts.min()) < 2 * w_us):
            nb *= 4
            continue
        if len(ts):
            _local_repeats(keys, ts, sst, w_us)
        return st, sst


def _ingest_one(spec: dict, writers: _PartWriters, rej_writer: _RejectWriter, buf: _Buffers, cfg: Config,
                base_time, fmt: str, buckets: int, hash_name: str) -> dict:
    """One input, as ``pipeline._ingest_source`` reads it with the fast path; or, with
    ``spec["range"]``, one byte range of a plain input (:func:`ingest_bulk` cut it at line
    starts): lines numbered from the range's first line, messages from ``_seq`` = the range's
    start byte (a range holds fewer messages than bytes, so ``_seq`` grows from range to range
    in framer order); the range starts with the state of the lines before it
    (:func:`_start_state`, kept as ``start_state``), one that ends before the input's end keeps
    its state (``end_state``: its waiting fragments are the next range's) instead of reporting
    them as orphans, and only the first range checks the input's head (binary, CSV)."""
    from .. import pool
    from .batch_store import PeekedBlocks, iter_byte_blocks
    from .csvformats import looks_like_csv_header
    from .fast import FastState, flush, frame_and_decode
    from .pipeline import _text
    from .sources import OPEN_ERRORS, CountingReader, binary_reason

    rec = _new_record(spec)
    t0 = time.perf_counter()
    sid = int(spec["source_id"])
    rng = spec.get("range")
    head_of_input = rng is None or rng["start"] == 0
    try:
        if rng is None:
            stream = _source_of(spec["path"], spec["member"]).opener()
        else:
            stream = _RangeReader(spec["path"], rng["start"], rng["end"])
    except OPEN_ERRORS as exc:
        rec["status"], rec["message"] = "failed", f"cannot open: {exc}"
        return rec
    reader = CountingReader(stream)
    try:
        peeked = PeekedBlocks(iter_byte_blocks(reader, BULK_BLOCK_BYTES, None))
    except ValueError as exc:
        rec["status"], rec["message"] = "failed", f"cannot read: {exc}"
        return rec
    head, first_line, read_error = peeked.head, peeked.first_line, peeked.read_error
    if first_line is None and read_error is not None:
        from .batch_store import count_lines
        rec["lines"] = rec["blank"] = sum(count_lines(b) for b in head)
        rec["bytes"] = reader.bytes
        rec["status"], rec["message"] = "failed", f"cannot read: {read_error}"
        rec["seconds"] = time.perf_counter() - t0
        return rec
    why = binary_reason(head[0]) if head and head_of_input else None
    if why is not None:
        rec["bytes"] = reader.bytes
        rec["status"], rec["message"] = "failed", f"not ingested: {why}"
        rec["seconds"] = time.perf_counter() - t0
        return rec
    if (head_of_input and fmt == "auto" and first_line is not None
            and looks_like_csv_header(_text(first_line).lstrip("\ufeff"))):
        rec["status"] = "csv"  # read by the DuckDB path
        return rec
    if head_of_input:
        st, sst = FastState.from_config(cfg, base_time), _SourceState()
    else:
        try:
            st, sst = _start_state(spec["path"], rng["start"], rng["line"], sid, cfg, base_time)
        except OPEN_ERRORS as exc:  # the run then reads the input whole (and reports what that finds)
            rec["status"], rec["message"] = "failed", f"cannot read: {exc}"
            return rec
        rec["start_state"] = st.snapshot()
    line_no = 1
    if rng is not None:
        sst.seq = int(rng["seq"])
        line_no = int(rng["line"])
    seq0 = sst.seq
    last = 0
    flush_at = int(cfg.store.flush_messages)
    for block in peeked:
        fb = frame_and_decode(block, line_no, st, source_id=sid)
        line_no += fb.lines
        del block
        _take(fb, sid, sst, buf, rec, rej_writer, cfg, buckets, hash_name)
        del fb
        if buf.messages >= flush_at:
            _flush(buf, writers)
        if reader.bytes - last >= (1 << 23):
            pool.report("bytes", spec["index"], reader.bytes - last)
            last = reader.bytes
    if rng is None or rng["end"] is None:
        _take(flush(st, source_id=sid), sid, sst, buf, rec, rej_writer, cfg, buckets, hash_name)
    else:
        rec["end_state"] = st.snapshot()
    if rng is not None:
        stream.close()
        rec["range"] = dict(rng, seqs=sst.seq - seq0)
    pool.report("bytes", spec["index"], reader.bytes - last)
    rec["bytes"] = reader.bytes
    rec["seconds"] = time.perf_counter() - t0
    if peeked.read_error is not None:
        rec["status"] = "failed"
        rec["message"] = peeked.read_error_message(line_no - 1, reader.bytes)
    return rec


def _ingest_worker(wi: int | str, specs: list[dict], root: str, buckets: int, hash_name: str, run_id: str,
                   cfg: Config, base_time, fmt: str) -> dict:
    """Ingest ``specs`` (inputs, or byte ranges of inputs) in order into this worker's files
    (named by ``wi``); returns their records (one per spec) and the files written."""
    r = Path(root)
    name = f"{run_id}-w{wi}"
    writers = _PartWriters(r, buckets, hash_name, name, int(cfg.store.generation_flushes))
    rej = _RejectWriter(r / "_runs" / run_id / f"rejects-w{wi}.parquet")
    buf = _Buffers(buckets, int(cfg.store.sort_messages))
    records = []
    try:
        for spec in specs:
            records.append(_ingest_one(spec, writers, rej, buf, cfg, base_time, fmt, buckets, hash_name))
            if buf.messages >= int(cfg.store.flush_messages):
                _flush(buf, writers)
        _flush(buf, writers)
        files = writers.close()
        rej_path = rej.close()
    except BaseException:
        writers.abort()
        rej.close()
        raise
    del buf, writers
    _release_memory()
    return {"records": records, "files": files, "rejects": rej_path}


def _release_memory() -> None:
    """Give the memory freed by an ingest task back to the system (a worker may go on to detection)."""
    import ctypes
    import gc

    gc.collect()
    try:
        pa.default_memory_pool().release_unused()
    except Exception:  # noqa: BLE001 - an allocator without it
        pass
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


# ------------------------------------------------------------------------------ merge (per bucket)
#: How the merge reads part files (:func:`_read`, :func:`_read_kept`).
_READ = {"use_threads": False, "pre_buffer": False}


def _read(root: Path, rel: str, columns=None, filters=None) -> pa.Table:
    """A part file, read by this thread without pre-buffering: reading a 50M-message bucket's new
    rows (10 files, 765k rows, 20 MB of columns) with pyarrow's defaults (reader threads,
    pre-buffered column chunks) left the process 125 MB larger (Arrow's allocator keeps the pages
    other threads freed), this way 63 MB: the merge of that bucket peaked at 384 MB against
    446 MB, 1.07 CPU s against 1.38 (docs/benchmarks.md, 'Session 6: flat memory'). A merge
    task is one worker on one core anyway."""
    import pyarrow.parquet as pq

    return pq.read_table(root / rel, columns=columns, filters=filters, **_READ)


def _read_kept(root: Path, rels: list[str], columns=None) -> pa.Table | None:
    """:func:`seasentry.parts.read_files` (rows not flagged ``_dup``) read as :func:`_read` reads."""
    return P.read_files(root, rels, columns, **_READ)


def _stored_keys(root: Path, rels: list[str], lo: int, hi: int):
    """(msg_key, ts) of the kept messages of catalogued raw files within [lo, hi] (epoch us)."""
    import pyarrow.parquet as pq

    ks, ts = [], []
    lo_s, hi_s = pa.scalar(lo, pa.int64()).cast(S.TS), pa.scalar(hi, pa.int64()).cast(S.TS)
    for rel in rels:
        t = _read(root, rel, ["msg_key", "ts", "_dup"], [("ts", ">=", lo_s), ("ts", "<=", hi_s), ("_dup", "=", False)])
        if t.num_rows:
            ks.append(t.column("msg_key").to_numpy())
            ts.append(t.column("ts").cast(pa.int64()).to_numpy())
    if not ks:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(ks), np.concatenate(ts)


def stored_repeat_mask(keys: np.ndarray, ts: np.ndarray, st_keys: np.ndarray, st_ts: np.ndarray,
                       w_us: int) -> np.ndarray:
    """For each (key, ts): is a stored message with the same key within ``w_us`` of it? (the
    ``SEMI JOIN`` of ``Store._stored_repeats``, as an as-of join on sorted arrays)."""
    import polars as pl

    out = np.zeros(len(keys), bool)
    if not len(keys) or not len(st_keys):
        return out
    cand = np.isin(keys, st_keys)
    if not cand.any():
        return out
    ci = np.flatnonzero(cand)
    q = pl.DataFrame({"k": keys[ci], "t": ts[ci], "i": ci}).sort("t")
    s = pl.DataFrame({"k": st_keys, "t": st_ts, "t_st": st_ts}).sort("t")
    j = q.join_asof(s, on="t", by="k", strategy="nearest", tolerance=int(w_us))
    hit = j.filter(pl.col("t_st").is_not_null())["i"].to_numpy()
    out[hit] = True
    return out


def _distinct(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array: by a count of each value when they are small
    non-negative integers (source ids), else ``np.unique`` (a sort)."""
    if len(a) and 0 <= a.min() and a.max() < (1 << 20):
        return np.flatnonzero(np.bincount(a)).astype(a.dtype)
    return np.unique(a)


def _input_order(rank: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """``np.lexsort((seq, rank))``: rows by input rank, then message number. One stable sort of
    ``rank << 40 | seq`` when both fit (the rows of a bucket come in runs already in that order,
    which a stable sort merges: 155,000 rows, ~5 ms against ~20 for the lexsort)."""
    if len(seq) and 0 <= seq.min() and seq.max() < (1 << 40) and 0 <= rank.min() and rank.max() < (1 << 22):
        return np.argsort((rank.astype(np.int64) << 40) | seq.astype(np.int64), kind="stable")
    return np.lexsort((seq, rank))


def _merge_bucket(k: int, root: str, new: dict, old: dict, tail_keys, order: dict, w_us: int,
                  compact_files: int, run_id: str, files_stats: dict | None = None, cache: dict | None = None,
                  compact_rows: int = 1 << 62) -> dict:
    """De-duplicate bucket ``k``'s new rows exactly (see the module docstring), rewrite the new
    files whose flags change, count per input, compact the bucket's tables that hold too many
    files; ``latest``: per MMSI the newest position (and span) of the positions files it adds,
    what ``Store.fold_positions`` would compute of them (from the writers' candidates of the
    files kept as written). ``new``/``old``: table -> relative paths (this run's / catalogued);
    ``cache``: the writers' candidate files read so far (one per worker, for every bucket)."""
    from .batch_store import dedup_in_batch

    r = Path(root)
    out = {"bucket": k, "files": [], "removed": [], "delete": [], "counts": {}, "latest": None}
    raw_new = new.get("raw_messages", [])
    if not raw_new:
        return out
    # every new message of the bucket: key, time, input, order, local flag, file
    parts, fidx = [], []
    for i, rel in enumerate(raw_new):
        t = _read(r, rel, ["msg_key", "ts", "source_id", "_seq", "_dup"])
        parts.append(t)
        fidx.append(np.full(t.num_rows, i, np.int32))
    t = pa.concat_tables(parts)
    f_of = np.concatenate(fidx)
    keys = t.column("msg_key").to_numpy()
    ts = t.column("ts").cast(pa.int64()).to_numpy()
    sid = t.column("source_id").to_numpy().astype(np.int64)
    seq = t.column("_seq").to_numpy()
    local = t.column("_dup").to_numpy(zero_copy_only=False)
    sids = _distinct(sid)
    ordk = np.array([order.get(int(s), len(order)) for s in sids], np.int64)
    rank = ordk[np.searchsorted(sids, sid)]
    o = _input_order(rank, seq)  # inputs in the order given, messages in framer order
    # stored before this run: catalogued parts of the bucket and the DuckDB tables
    lo, hi = int(ts.min()) - w_us, int(ts.max()) + w_us
    sk, stt = _stored_keys(r, old.get("raw_messages", []), lo, hi)
    if tail_keys is not None and len(tail_keys[0]):
        sk, stt = np.concatenate([sk, tail_keys[0]]), np.concatenate([stt, tail_keys[1]])
    pre = stored_repeat_mask(keys[o], ts[o], sk, stt, w_us)
    keep_o = dedup_in_batch(keys[o], ts[o], w_us, pre)
    final = np.empty(len(keys), bool)
    final[o] = ~keep_o
    # files whose flags change are rewritten; files of repeats only are dropped
    name_of = {i: Path(rel).name for i, rel in enumerate(raw_new)}
    changed_names, dropped_names = set(), set()
    for i in range(len(raw_new)):
        sel = f_of == i
        if final[sel].all():
            dropped_names.add(name_of[i])
        elif (final[sel] != local[sel]).any():
            changed_names.add(name_of[i])
    sorted_flags = []  # (keys, flags) sorted by key: made for the first file rewritten, if any

    def flags_of(t):
        if not sorted_flags:
            ckey = (sid << 40) | seq
            srt = np.argsort(ckey)
            sorted_flags.extend((ckey[srt], final[srt]))
        ckey_s, final_s = sorted_flags
        q = (t.column("source_id").to_numpy().astype(np.int64) << 40) | t.column("_seq").to_numpy()
        return final_s[np.searchsorted(ckey_s, q)]

    counts: dict[int, dict] = {}

    def cnt(s_):
        return counts.setdefault(int(s_), {"stored": 0, "duplicates": 0, "positions": 0, "statics": 0, "other": 0,
                                           "by_type": {}, "first_ts": None, "last_ts": None})

    # per input: stored, repeats, time span of what it kept (the rows of the other tables are
    # counted by the workers; a file rewritten here adds the difference)
    for s_ in sids.tolist():
        m = sid == s_
        c = cnt(s_)
        kept = m & ~final
        c["stored"] += int(kept.sum())
        c["duplicates"] += int((m & final).sum())
        if kept.any():
            c["first_ts"], c["last_ts"] = int(ts[kept].min()), int(ts[kept].max())
    file_stats = {}
    for i, rel in enumerate(raw_new):
        sel = f_of == i
        fl = final[sel]
        tsv = ts[sel]
        file_stats[rel] = (len(tsv), int((~fl).sum()), int(tsv.min()), int(tsv.max()))
    stats_of = {rel: st for rel, st in (files_stats or {}).items()}
    kept_files: dict[str, list[str]] = {}
    latest = []  # per-MMSI candidates of the positions this bucket adds (_latest_rows)
    for table in P.TABLES:
        for rel in new.get(table, []):
            nm = Path(rel).name
            if table == "positions" and nm not in dropped_names and nm not in changed_names:
                c = _worker_latest(r, Path(rel).stem, k, cache)
                if c is not None:
                    latest.append(c)
            if nm in dropped_names or nm in changed_names:
                full = _read(r, rel)
                if table != "raw_messages":
                    local_fl = full.column("_dup").to_numpy(zero_copy_only=False)
                    fl = flags_of(full)
                    ms = full.column("source_id").to_numpy()
                    mt = full.column("msg_type").to_numpy()
                    for s_ in np.unique(ms).tolist():
                        w = ms == s_
                        _count_kept(cnt(s_), table, mt[w], ~local_fl[w], -1)
                        _count_kept(cnt(s_), table, mt[w], ~fl[w], 1)
                if nm in dropped_names:
                    out["delete"].append(rel)
                    continue
                fl = flags_of(full)
                full = full.set_column(full.schema.get_field_index("_dup"), "_dup", pa.array(fl, pa.bool_()))
                if table == "positions":
                    latest.append(_latest_rows(full, ~fl))
                _write_table(r / rel, full)
                tsv = full.column("ts").cast(pa.int64()).to_numpy()
                st = (full.num_rows, int((~fl).sum()), int(tsv.min()), int(tsv.max()))
            else:
                st = file_stats.get(rel) or stats_of.get(rel)
            kept_files.setdefault(table, []).append(rel)
            out["files"].append((table, k, rel, *st))
    out["counts"] = counts
    # the arrays of every new row are not held beside the compaction (~100 B per row)
    t = parts = fidx = f_of = keys = ts = sid = seq = local = rank = o = sk = stt = pre = keep_o = final = None
    sorted_flags = full = fl = tsv = None  # noqa: F841
    # compaction: a table of the bucket with too many files becomes one file
    for table in P.TABLES:
        olds = old.get(table, [])
        news = kept_files.get(table, [])
        if len(olds) + len(news) <= compact_files or not news:
            continue
        rel = P.rel_path(table, k, f"{run_id}-c.parquet")
        rows, lo_ts, hi_ts, cand = _compact(r, olds + news, table, r / rel, compact_rows,
                                            r / "_runs" / run_id / f"compact-{table}-{k}")
        out["files"] = [f for f in out["files"] if not (f[0] == table and f[2] in news)]
        out["files"].append((table, k, rel, rows, rows, lo_ts, hi_ts))
        out["removed"] += olds
        out["delete"] += news
        if table == "positions":  # the file added holds the bucket's earlier positions too
            latest = [cand]
    latest = [c for c in latest if c is not None]
    out["latest"] = (latest[0] if len(latest) == 1 else _latest_rows(pa.concat_tables(latest))) if latest else None
    return out


_COMPACT_SORT = {"raw_messages": ("ts",)}  # other tables: ("mmsi", "ts")


def _compact(root: Path, rels: list[str], table: str, path: Path, slice_rows: int,
             spill: Path) -> tuple[int, int | None, int | None, pa.Table | None]:
    """Rewrite the rows of ``rels`` (part files of one bucket and table, repeats dropped) as one
    file at ``path``, sorted by time (``raw_messages``) or MMSI and time, rows of equal keys in
    the order of ``rels`` and of their rows (a stable sort of their concatenation), ``_dup``
    false. Returns the rows, first and last time (epoch us, None if no row) and, for positions,
    the per-MMSI candidates of what the file holds (:func:`_latest_rows`).

    Memory: with more than ``slice_rows`` rows (``store.compact_rows``), only the sort keys of
    all rows are held; the output is made ``slice_rows`` rows at a time: the stable order of the
    keys gives each row its place in the file, one pass over the files (one row group at a time)
    spills every row to the slice its place falls in (Arrow IPC files under ``spill``), then each
    slice is read, put in order and appended to the file (one row group per slice)."""
    import pyarrow.parquet as pq

    keys = _COMPACT_SORT.get(table, ("mmsi", "ts"))
    kt = _read_kept(root, rels, columns=list(keys))
    n = 0 if kt is None else kt.num_rows
    if n <= slice_rows or any(kt.column(c).null_count for c in keys):  # small: all rows at once
        data = _read_kept(root, rels)
        data = data.append_column("_dup", pa.array(np.zeros(data.num_rows, bool)))
        data = data.sort_by([(c, "ascending") for c in keys])
        _write_table(path, data)
        tsv = data.column("ts").cast(pa.int64()).to_numpy()
        cand = _latest_rows(data) if table == "positions" else None
        return (data.num_rows, int(tsv.min()) if len(tsv) else None, int(tsv.max()) if len(tsv) else None, cand)
    ts = kt.column("ts").cast(pa.int64()).to_numpy()
    lo_ts, hi_ts = int(ts.min()), int(ts.max())
    cols = [kt.column(c).to_numpy() if c != "ts" else ts for c in keys]
    del kt
    order = np.lexsort(cols[::-1])  # stable: equal keys keep the order of the concatenation
    del cols, ts
    place = np.empty(n, np.int64)
    place[order] = np.arange(n, dtype=np.int64)
    del order
    where = place // slice_rows  # the slice of each row (rows in the order of the concatenation)
    slices = int(where.max()) + 1
    spill.mkdir(parents=True, exist_ok=True)
    out_sch = None
    sinks, writers = [], []
    try:
        at = 0
        for rel in rels:
            f = pq.ParquetFile(root / rel, pre_buffer=False)
            for g in range(f.num_row_groups):
                b = f.read_row_group(g, use_threads=False)
                b = P.without_dups(b)
                if not b.num_rows:
                    continue
                w = where[at:at + b.num_rows]
                at += b.num_rows
                if out_sch is None:
                    out_sch = b.schema
                    for j in range(slices):
                        sinks.append(pa.OSFile(str(spill / f"s{j}.arrow"), "wb"))
                        writers.append(pa.ipc.new_file(sinks[-1], out_sch))
                srt = np.argsort(w, kind="stable")
                cuts = np.searchsorted(w[srt], np.arange(slices + 1))
                bs = b.take(pa.array(srt))
                for j in np.flatnonzero(np.diff(cuts)).tolist():
                    writers[j].write_table(bs.slice(int(cuts[j]), int(cuts[j + 1] - cuts[j])))
                del b, bs
        assert at == n, (at, n)
        for wr, sk in zip(writers, sinks):
            wr.close()
            sk.close()
        writers, sinks = [], []
        tmp = path.with_name(path.name + ".tmp")
        cands = []
        with pq.ParquetWriter(tmp, out_sch.append(pa.field("_dup", pa.bool_())), **PARQUET) as pw:
            for j in range(slices):
                sp = spill / f"s{j}.arrow"
                with pa.OSFile(str(sp), "rb") as src:
                    t = pa.ipc.open_file(src).read_all()
                t = t.take(pa.array(np.argsort(place[where == j], kind="stable")))
                t = t.append_column("_dup", pa.array(np.zeros(t.num_rows, bool)))
                pw.write_table(t, row_group_size=t.num_rows)
                if table == "positions":
                    c = _latest_rows(t)
                    if c is not None:
                        cands.append(c)
                del t
                sp.unlink()
        os.replace(tmp, path)
    finally:
        for wr in writers:
            try:
                wr.close()
            except Exception:  # noqa: BLE001
                pass
        for sk in sinks:
            sk.close()
        import shutil

        shutil.rmtree(spill, ignore_errors=True)
    cand = None
    if cands:
        cand = cands[0] if len(cands) == 1 else _latest_rows(pa.concat_tables(cands))
    return n, lo_ts, hi_ts, cand


def _worker_latest(root: Path, name: str, k: int, cache: dict | None) -> pa.Table | None:
    """The candidates (:func:`_latest_rows`) of bucket ``k`` that the writers ``name`` kept."""
    cache = {} if cache is None else cache
    if name not in cache:
        path = latest_path(root, name)
        cache[name] = _read(path.parent, path.name) if path.exists() else None
    t = cache[name]
    if t is None:
        return None
    t = t.filter(pc.equal(t.column("_b"), k)).drop_columns(["_b"])
    return t if t.num_rows else None


def _merge_buckets(items: list, root: str, order: dict, w_us: int, compact_files: int, run_id: str,
                   compact_rows: int = 1 << 62) -> list[dict]:
    """:func:`_merge_bucket` for several buckets (one task)."""
    cache: dict = {}
    return [_merge_bucket(k, root, new, old, tail, order, w_us, compact_files, run_id, fstats, cache, compact_rows)
            for k, new, old, tail, fstats in items]


def _write_table(path: Path, t: pa.Table) -> None:
    import pyarrow.parquet as pq

    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(t, tmp, row_group_size=1 << 20, **PARQUET)
    os.replace(tmp, path)


# ------------------------------------------------------------------------------ driver (main)
@dataclass
class BulkResult:
    reports: dict = field(default_factory=dict)   # index of the source -> SourceReport
    fallback: list = field(default_factory=list)  # indices of sources the DuckDB path must read (CSV)
    seconds: dict = field(default_factory=dict)


#: :func:`_pieces` cuts more inputs while the plan leaves a worker more than this share over an even
#: split of the bytes.
BALANCE_SLACK = 0.02


def _pieces(sources: list, cfg: Config, workers: int) -> list[int]:
    """Into how many byte ranges each input is cut (1: not cut). Only a plain file (not
    compressed, not an archive member: their bytes cannot be read from an offset) of at least
    ``store.split_min_mb`` is cut, into at most one range per worker: one larger than a worker's
    share of all the inputs into ``ceil(size / max(share, split_min_mb))``; then, while the plan of
    the ranges (:func:`_split`, largest first to the least loaded) leaves a worker more than
    ``BALANCE_SLACK`` over an even share of the bytes, the input with the largest ranges that can
    be cut again into ranges of at least ``store.split_min_mb`` gets one range more. The run waits for its slowest worker: the four files of the 10M corpus (259, 256, 256
    and 128 MB) went whole to 2 workers as 387 and 512 MB, cut in two each as 450 and 450 MB."""
    from .sources import _COMPRESSED

    sizes = [int(s.size or 0) for s in sources]
    floor = float(cfg.store.split_min_mb) * 1e6
    share = max(sum(sizes) / max(1, workers), floor, 1.0)
    cuttable = [s.path is not None and s.member is None and workers > 1 and size >= floor
                and Path(s.path).suffix.lower() not in tuple(_COMPRESSED) + (".zip",) for s, size in zip(sources, sizes)]
    out = [max(1, min(workers, math.ceil(size / share))) if c else 1 for c, size in zip(cuttable, sizes)]
    even = sum(sizes) / max(1, workers)
    while workers > 1:
        units = [(i, size // n) for i, (size, n) in enumerate(zip(sizes, out)) for _ in range(n)]
        loads = [sum(units[j][1] for j in idx) for idx in _split([(j, u[1]) for j, u in enumerate(units)], workers)]
        if max(loads) <= even * (1 + BALANCE_SLACK):
            break
        more = [i for i, c in enumerate(cuttable) if c and out[i] < workers and sizes[i] / (out[i] + 1) >= floor]
        if not more:
            break
        out[max(more, key=lambda i: sizes[i] / out[i])] += 1
    return out


def _ranges(spec: dict) -> list[dict]:
    """The work items of one input: itself, or one per byte range between its cuts."""
    cuts = spec.get("cuts") or []
    if not cuts:
        return [spec]
    bounds = [(0, 0)] + [tuple(c) for c in cuts]
    out = []
    for k, (start, before) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else None
        rng = {"k": k, "n": len(bounds), "start": int(start), "end": end, "line": int(before) + 1, "seq": int(start)}
        out.append(dict(spec, range=rng, size=(spec["size"] if end is None else end) - int(start)))
    return out


def _joined(recs: list[dict]) -> tuple[dict, bool]:
    """One input's record from those of its ranges (in order), and whether the split read it as
    one worker would have: every range complete, each ended where the next began (its bytes),
    with the state the next range started from (waiting fragments, ``$PGHP`` header)."""
    if len(recs) == 1 and "range" not in recs[0]:
        return recs[0], True
    ok = all(r["status"] == "complete" and "range" in r for r in recs)
    ok = ok and [r["range"]["k"] for r in recs] == list(range(recs[0]["range"]["n"]))
    for a, b in zip(recs, recs[1:]):
        if not ok:
            break
        ok = (a["range"]["end"] == b["range"]["start"] and a["bytes"] == a["range"]["end"] - a["range"]["start"]
              and a.get("end_state") == b.get("start_state"))
    out = dict(recs[0])
    for kk in ("lines", "blank", "headers", "sentences", "messages", "rejects", "bytes"):
        out[kk] = sum(r[kk] for r in recs)
    out["seconds"] = max(r["seconds"] for r in recs)
    rbr: Counter = Counter()
    loc = {"positions": 0, "statics": 0, "other": 0, "by_type": {}}
    for r in recs:
        rbr.update(r["rejects_by_reason"])
        for kk in ("positions", "statics", "other"):
            loc[kk] += r["local"].get(kk, 0)
        for kk, v in r["local"].get("by_type", {}).items():
            loc["by_type"][kk] = loc["by_type"].get(kk, 0) + v
    out["rejects_by_reason"], out["local"] = dict(rbr), loc
    out["ranges"] = [r["range"] for r in recs]
    for kk in ("range", "start_state", "end_state"):
        out.pop(kk, None)
    return out, ok


def _seq_steps(records: dict) -> list[tuple[int, int, int]]:
    """(source_id, first ``_seq`` of a range, what to subtract) for every range after the first
    of a cut input: the ``_seq`` of those ranges count from the range's start byte; minus the
    shift they count the input's messages as one worker reading it whole would (0, 1, ...)."""
    out = []
    for rec in records.values():
        before = 0
        for r in rec.get("ranges") or []:
            if r["k"]:
                out.append((int(rec["source_id"]), int(r["seq"]), int(r["seq"]) - before))
            before += r["seqs"]
    return out


def _latest_of_run(cands: list, records: dict) -> pa.Table | None:
    """One row per MMSI from the merge's per-(MMSI, input) candidates: the newest report by
    (ts, the message's number in its input as one worker counts it), as ``Store.fold_positions``
    orders the positions of an input read whole, and the span of them all."""
    if not cands:
        return None
    t = pa.concat_tables(cands) if len(cands) > 1 else cands[0]
    seq = t.column("_seq").to_numpy().astype(np.int64, copy=True)
    steps = _seq_steps(records)
    if steps:
        sid = t.column("source_id").to_numpy()
        raw = seq.copy()
        for s_id, seq0, shift in sorted(steps, key=lambda x: x[1]):
            m = (sid == s_id) & (raw >= seq0)
            seq[m] = raw[m] - shift
    return _latest_rows(t, by=("mmsi",), seq=seq)


def _split(items: list[tuple[int, int]], workers: int) -> list[list[int]]:
    """(index, size) -> per worker the indices, largest first to the least loaded."""
    loads = [0] * workers
    out: list[list[int]] = [[] for _ in range(workers)]
    for i, size in sorted(items, key=lambda x: -x[1]):
        w = int(np.argmin(loads))
        out[w].append(i)
        loads[w] += max(1, size)
    return [o for o in out if o]


def ingest_bulk(store, sources: list, pool, *, base_time=None, fmt: str = "auto", force: bool = False,
                progress=None, decoder_name: str = "fast", after_workers=None, early: Early | None = None) -> BulkResult:
    """Ingest ``sources`` (files) into ``store``'s Parquet parts on ``pool`` (a
    :class:`seasentry.pool.Pool`); see the module docstring. ``after_workers(bytes)``: called
    once the workers' last task is done (before the commit) with the bytes of the inputs they
    read; by default the pool's processes are closed then. ``early``: the fingerprints
    :func:`start_early` submitted for these sources (on this pool), used instead of new ones."""
    from ..pool import mark
    from .pipeline import SourceReport

    cfg: Config = store.config
    layout = P.convert(store)
    res = BulkResult()
    run_id = P.new_run_id()
    t0 = time.perf_counter()
    # 1. fingerprints, then the ingest log (skip what is complete, read again what is partial)
    pieces = _pieces(sources, cfg, pool.workers)
    if early is not None and early.pieces == pieces and early.fmt == fmt and [
            (s.path, s.member) for s in early.sources] == [(s.path, s.member) for s in sources]:
        futs = early.futures
    else:
        futs = [pool.submit(_fingerprint, s.path, s.member, p, fmt) for s, p in zip(sources, pieces)]
    fps = pool.wait_all(futs)
    shas = [f[0] for f in fps]
    res.seconds["fingerprints"] = time.perf_counter() - t0
    mark("fingerprints_done")
    specs: list[dict] = []
    seen: dict[tuple, str] = {}
    for i, (src, sha) in enumerate(zip(sources, shas)):
        rep = SourceReport(src.name)
        key = (sha, src.member or "")
        if key in seen and not force:
            rep.status, rep.message = "skipped", f"already ingested as {seen[key]} (same SHA-256)"
            res.reports[i] = rep
            continue
        reuse = None
        prev = store.find_source(sha, src.member)
        if prev is not None:
            if prev["status"] == "complete" and not force:
                rep.status, rep.message = "skipped", f"already ingested as {prev['name']} (same SHA-256)"
                res.reports[i] = rep
                continue
            reuse = prev["source_id"]
        seen[key] = src.name
        sid = store.begin_source(src.name, src.path, src.member, sha, src.size, "nmea", decoder_name, base_time,
                                 reuse)
        specs.append({"index": i, "source_id": sid, "path": src.path, "member": src.member, "name": src.name,
                      "size": int(src.size or 0), "sha256": sha, "cuts": fps[i][1]})
    if not specs:
        return res
    # 2. workers: inputs and byte ranges of the large plain ones (largest first to the least loaded)
    t1 = time.perf_counter()
    done_bytes: dict[int, int] = {}
    by_index = {s["index"]: s for s in specs}

    def on_progress(items):
        if progress is None:
            return
        for it in items:
            if it and it[0] == "bytes":
                _, idx, nb = it
                done_bytes[idx] = done_bytes.get(idx, 0) + int(nb)
                s = by_index.get(idx)
                if s is not None:
                    total = s["size"] if not s["name"].endswith((".gz", ".bz2", ".xz")) and not s["member"] else None
                    progress(s["name"], done_bytes[idx], total)

    def run_workers(split: bool, tag: str):
        units = [u for s in specs for u in (_ranges(s) if split else [dict(s, cuts=[])])]
        plan = _split([(j, u["size"]) for j, u in enumerate(units)], pool.workers)
        futs = [pool.submit(_ingest_worker, f"{wi}{tag}", [units[j] for j in idx], str(layout.root), layout.buckets,
                            layout.hash, run_id, cfg, base_time, fmt) for wi, idx in enumerate(plan)]
        outs = pool.wait_all(futs, on_progress=on_progress)
        per: dict[int, list] = {}
        for o in outs:
            for rec in o["records"]:
                per.setdefault(rec["index"], []).append(rec)
        records, ok = {}, True
        for idx, recs in per.items():
            recs.sort(key=lambda r: r.get("range", {}).get("k", 0))
            records[idx], good = _joined(recs)
            ok = ok and good
        return outs, records, ok

    outs, records, ok = run_workers(True, "")
    if not ok:
        # a cut input was not read as one worker reads it (fragments waiting at a cut that the
        # next range's lookback did not see, a read error, a file that changed): its ranges'
        # files are dropped and every input is read again whole (nothing is committed yet)
        for o in outs:
            for (_table, _k, rel, *_st) in o["files"]:
                (layout.root / rel).unlink(missing_ok=True)
            if o["rejects"]:
                Path(o["rejects"]).unlink(missing_ok=True)
        done_bytes.clear()
        outs, records, ok = run_workers(False, "b")
    res.seconds["workers"] = time.perf_counter() - t1
    mark("workers_done")
    new_files: dict[int, dict[str, list[str]]] = {}
    for o in outs:
        for (table, k, rel, *_st) in o["files"]:
            new_files.setdefault(k, {}).setdefault(table, []).append(rel)
    reject_files = [o["rejects"] for o in outs if o["rejects"]]
    # 3. merge, bucket by bucket
    t2 = time.perf_counter()
    order = {s["source_id"]: j for j, s in enumerate(specs)}
    w_us = int(round(float(cfg.ingest.dedup_window_s) * US))
    old: dict[int, dict[str, list[str]]] = {}
    for tbl, b, path, *_ in P.catalogued(store.con):
        old.setdefault(int(b), {}).setdefault(tbl, []).append(path)
    tails = _tail_keys(store, new_files, layout)
    # buckets merged together up to a share of the new rows (a task has a fixed cost)
    rows_of = {}
    for o in outs:
        for (table, k, rel, rows, *_st) in o["files"]:
            if table == "raw_messages":
                rows_of[k] = rows_of.get(k, 0) + rows
    target = max(sum(rows_of.values()) // max(1, 3 * pool.workers), 200_000)
    groups, cur, n = [], [], 0
    for k in sorted(new_files):
        cur.append(k)
        n += rows_of.get(k, 0)
        if n >= target:
            groups.append(cur)
            cur, n = [], 0
    if cur:
        groups.append(cur)
    fstats = {}
    for o in outs:
        for (table, k, rel, *st) in o["files"]:
            fstats.setdefault(k, {})[rel] = tuple(st)
    mfuts = [pool.submit(_merge_buckets, [(k, new_files[k], old.get(k, {}), tails.get(k), fstats.get(k)) for k in g],
                         str(layout.root), order, w_us, int(cfg.store.compact_files), run_id,
                         int(cfg.store.compact_rows)) for g in groups]
    merged = [m for ms in pool.wait_all(mfuts) for m in ms]
    res.seconds["merge"] = time.perf_counter() - t2
    mark("merge_done")
    # the workers are done: by default their memory (decoder, write buffers: ~0.4-0.6 GB each
    # after a large ingest) is freed before the commit folds the new positions in this process,
    # so that the two peaks do not add up (10M messages: the tree peaked at 1.9 GB there,
    # benchmarks/bench_e2e.py --rss-log) and the next task starts new workers;
    # ``after_workers(bytes)`` (``seasentry run``) decides instead, while the commit runs
    if after_workers is not None:
        after_workers(sum(s["size"] for s in specs))
    else:
        pool.close()
    # 4. one transaction: files, rejects, ingest log
    t3 = time.perf_counter()
    added = [P.FileRec(*f) for m in merged for f in m["files"]]
    removed = [p for m in merged for p in m["removed"]]
    counts: dict[int, dict] = {}
    for m in merged:
        for s, c in m["counts"].items():
            a = counts.setdefault(int(s), {"stored": 0, "duplicates": 0, "positions": 0, "statics": 0, "other": 0,
                                           "by_type": Counter(), "first_ts": None, "last_ts": None})
            for kk in ("stored", "duplicates", "positions", "statics", "other"):
                a[kk] += c[kk]
            a["by_type"].update(c["by_type"])
            for kk, f in (("first_ts", min), ("last_ts", max)):
                if c[kk] is not None:
                    a[kk] = c[kk] if a[kk] is None else f(a[kk], c[kk])
    for s in specs:
        rec = records[s["index"]]
        if rec["status"] == "csv":
            res.fallback.append(s["index"])
            continue
        rep = SourceReport(s["name"])
        for kk in ("status", "message", "format", "lines", "blank", "headers", "sentences", "messages", "rejects",
                   "bytes", "seconds"):
            setattr(rep, kk, rec[kk])
        rep.rejects_by_reason = Counter(rec["rejects_by_reason"])
        c = counts.get(int(s["source_id"]))
        loc = rec.get("local", {})
        for kk in ("positions", "statics", "other"):
            setattr(rep, kk, int(loc.get(kk, 0)))
        rep.by_type = Counter(loc.get("by_type", {}))
        if c is not None:
            for kk in ("stored", "duplicates"):
                setattr(rep, kk, c[kk])
            for kk in ("positions", "statics", "other"):
                setattr(rep, kk, getattr(rep, kk) + c[kk])
            rep.by_type.update(c["by_type"])
            rep.by_type = Counter({kk: v for kk, v in rep.by_type.items() if v})
            rep.first_ts = None if c["first_ts"] is None else c["first_ts"] / US
            rep.last_ts = None if c["last_ts"] is None else c["last_ts"] / US
        res.reports[s["index"]] = rep

    def in_txn(c):
        for f in reject_files:
            c.execute(f"INSERT INTO rejects SELECT * FROM read_parquet({P.sql_str(f)})")
        for s in specs:
            rep = res.reports.get(s["index"])
            if rep is not None and rep.status == "complete":
                store.finish_source(s["source_id"], s["sha256"], rep.counts(), rep.seconds, rep.format)

    latest = _latest_of_run([m["latest"] for m in merged if m["latest"] is not None], records)
    P.commit(store, added, removed, in_txn, latest=[latest] if latest is not None else [])
    for m in merged:
        for rel in m["delete"]:
            try:
                (layout.root / rel).unlink()
            except FileNotFoundError:
                pass
    _remove_run_dir(layout.root / "_runs" / run_id)
    res.seconds["commit"] = time.perf_counter() - t3
    return res


def _remove_run_dir(d: Path) -> None:
    import shutil

    shutil.rmtree(d, ignore_errors=True)
    try:
        d.parent.rmdir()
    except OSError:
        pass


def _tail_keys(store, new_files: dict, layout) -> dict:
    """(msg_key, ts) of the messages in the DuckDB tables, per bucket (they are stored before
    anything this run adds)."""
    c = store.con
    t = layout.table
    n = c.execute(f"SELECT count(*) FROM {t('raw_messages')}").fetchone()[0]
    if not n:
        return {}
    bsql = P.bucket_sql("mmsi", layout.buckets, layout.hash)
    tab = c.execute(f"""SELECT DISTINCT {bsql} AS b, msg_key, epoch_us(ts) AS ts FROM (
        SELECT mmsi, msg_key, ts FROM {t('positions')} UNION ALL SELECT mmsi, msg_key, ts FROM {t('statics')}
        UNION ALL SELECT mmsi, msg_key, ts FROM {t('other_messages')})""").fetchnumpy()
    out = {}
    b = np.asarray(tab["b"], np.int64)
    for k in np.unique(b).tolist():
        if k in new_files:
            m = b == k
            out[int(k)] = (np.asarray(tab["msg_key"], np.int64)[m], np.asarray(tab["ts"], np.int64)[m])
    return out


def report_json(res: BulkResult) -> str:
    return json.dumps({k: round(v, 3) for k, v in res.seconds.items()})
