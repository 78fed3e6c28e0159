"""Ingest: sources -> framing/CSV parsing -> decoding -> cleaning -> de-duplication -> store.

Each batch of lines is written in one transaction, so an interrupted ingest leaves whole
batches; the next run sees the source as 'partial', reads it again and the store's
anti-join skips what is already there: every message ends up stored exactly once.
A source whose fingerprint is already 'complete' in the ingest log is skipped.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timezone
from typing import BinaryIO, Callable

import numpy as np
import polars as pl
import pyarrow as pa

from .. import schema as S
from ..config import Config
from .batch_store import (BLOCK_BYTES, PeekedBlocks, StoreWriter, count_lines, iter_byte_blocks, line_lists,
                          prepare_fast_batch, repeats)
from .clean import INVALID_MMSI_DETAIL, clean_positions, clean_statics, invalid_mmsi_expr, invalid_position_mask
from .csvformats import CsvFormat, CsvFormatError, detect_format, looks_like_csv_header, parse_block
from .decode import Decoder, get_decoder
from .nmea import NmeaFramer
from .sources import OPEN_ERRORS, READ_ERRORS, CountingReader, InputError, Source, binary_reason, discover

US = 1_000_000


def stable_hash64(items: list[str]) -> np.ndarray:
    """Content hash stable across runs, versions and machines: XXH64 (seed 0, xxHash
    specification https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md) of the latin-1
    bytes, its 64-bit value reinterpreted as signed int64 (the same key the compiled kernel
    ``seasentry.ingest._kernels.xxh64`` gives the fast path)."""
    import xxhash
    h = xxhash.xxh64_intdigest
    return np.fromiter((h(s.encode("latin-1", "replace")) for s in items), dtype=np.uint64,
                       count=len(items)).view(np.int64)


@dataclass
class SourceReport:
    name: str
    format: str = "nmea"
    status: str = "complete"  # complete | skipped | failed
    message: str = ""
    lines: int = 0
    blank: int = 0
    headers: int = 0
    sentences: int = 0
    messages: int = 0
    stored: int = 0
    duplicates: int = 0
    positions: int = 0
    statics: int = 0
    other: int = 0
    rejects: int = 0
    bytes: int = 0
    seconds: float = 0.0
    by_type: Counter = field(default_factory=Counter)
    rejects_by_reason: Counter = field(default_factory=Counter)
    first_ts: float | None = None
    last_ts: float | None = None

    def counts(self) -> dict:
        return {k: getattr(self, k) for k in ("lines", "blank", "headers", "sentences", "messages", "stored",
                                               "duplicates", "positions", "statics", "other", "rejects", "bytes")} | {
            "by_type": dict(self.by_type), "rejects_by_reason": dict(self.rejects_by_reason)}


@dataclass
class IngestReport:
    sources: list[SourceReport] = field(default_factory=list)
    seconds: float = 0.0
    bulk_seconds: dict = field(default_factory=dict)  # stages of a bulk ingest (ingest.bulk), if any

    def total(self) -> SourceReport:
        t = SourceReport("total")
        for s in self.sources:
            for k in ("lines", "blank", "headers", "sentences", "messages", "stored", "duplicates", "positions",
                      "statics", "other", "rejects", "bytes"):
                setattr(t, k, getattr(t, k) + getattr(s, k))
            t.by_type.update(s.by_type)
            t.rejects_by_reason.update(s.rejects_by_reason)
            for a, f in (("first_ts", min), ("last_ts", max)):
                v = getattr(s, a)
                if v is not None:
                    cur = getattr(t, a)
                    setattr(t, a, v if cur is None else f(cur, v))
        t.seconds = self.seconds
        return t


Progress = Callable[[str, int, int | None], None]  # (source name, bytes done, bytes total)


def ingest(store, inputs: list[str], *, base_time: float | str | None = None, fmt: str = "auto",
           columns: dict[str, str] | None = None, time_format: str | None = None,
           decoder: str | Decoder = "fast", force: bool = False, progress: Progress | None = None,
           stdin: BinaryIO | None = None, refresh: bool = True, pool=None, bulk: bool | None = None,
           after_bulk=None, early=None) -> IngestReport:
    """Ingest ``inputs`` (files, directories, archives, ``-``) into ``store``.

    NMEA files that together reach ``store.bulk_min_mb`` are written by worker processes
    (``pool``, a :class:`seasentry.pool.Pool`; one is made when None) straight into the store's
    Parquet parts (:mod:`.bulk`); everything else goes through the DuckDB tables here.
    ``bulk`` forces (True) or forbids (False) the first way. ``after_bulk(bytes)``: called when
    the workers of a bulk ingest on a given ``pool`` are done (before its commit), with the bytes
    they read; without it the pool's processes are closed then. ``early``: what
    :func:`.bulk.start_early` began on ``pool`` for the same ``inputs`` (their sources, listed
    then, and fingerprints)."""
    cfg: Config = store.config
    if isinstance(base_time, str):
        base_time = store._time(base_time).replace(tzinfo=timezone.utc).timestamp()
    dec = get_decoder(decoder) if isinstance(decoder, str) else decoder
    report = IngestReport()
    t0 = time.perf_counter()
    if early is not None and early.inputs == list(inputs) and early.fmt == fmt and pool is not None:
        sources = list(early.sources)
    else:
        early = None
        sources = list(discover(inputs, stdin=stdin))
    if not sources:
        raise InputError(f"no input files found in {inputs}")
    from . import bulk as B

    use_bulk = B.eligible(sources, fmt, columns, dec, cfg) if bulk is None else (
        bool(bulk) and B.eligible(sources, fmt, columns, dec, cfg.copy_with("store.bulk_min_mb", 0)))
    reports: dict[int, SourceReport] = {}
    rest = list(range(len(sources)))
    if use_bulk:
        from ..pool import Pool

        own = pool is None
        pool = Pool(cfg.store.workers) if own else pool
        try:
            res = B.ingest_bulk(store, sources, pool, base_time=base_time, fmt=fmt, force=force, progress=progress,
                                decoder_name=dec.name, after_workers=None if own else after_bulk,
                                early=None if own else early)
        finally:
            if own:
                pool.close()
        reports.update(res.reports)
        report.bulk_seconds = res.seconds
        rest = sorted(res.fallback)
    for i in rest:
        reports[i] = _ingest_source(store, sources[i], cfg, dec, base_time, fmt, columns, time_format, force,
                                    progress)
    report.sources = [reports[i] for i in sorted(reports)]
    report.seconds = time.perf_counter() - t0
    if refresh:
        t1 = time.perf_counter()
        store.refresh_vessels()
        if use_bulk:
            report.bulk_seconds["vessels"] = time.perf_counter() - t1
    return report


def _ingest_source(store, src: Source, cfg: Config, dec: Decoder, base_time, fmt, columns, time_format,
                   force, progress) -> SourceReport:
    rep = SourceReport(src.name)
    t0 = time.perf_counter()
    sha = src.sha256()
    reuse = None
    if sha is not None:
        prev = store.find_source(sha, src.member)
        if prev is not None:
            if prev["status"] == "complete" and not force:
                rep.status = "skipped"
                rep.message = f"already ingested as {prev['name']} (same SHA-256)"
                return rep
            reuse = prev["source_id"]
    try:
        raw_stream = src.opener()
    except OPEN_ERRORS as exc:
        rep.status, rep.message = "failed", f"cannot open: {exc}"
        return rep
    reader = CountingReader(raw_stream, hash_it=sha is None)
    # a read error ends the input where it happens (PeekedBlocks): the lines before it are stored
    # (pending multipart messages become orphan rejects, as at the end of an input), and the source
    # is reported failed with the error
    try:
        peeked = PeekedBlocks(iter_byte_blocks(reader, BLOCK_BYTES, cfg.ingest.chunk_lines))
    except ValueError as exc:  # e.g. an archive member that cannot be opened
        rep.status, rep.message = "failed", f"cannot read: {exc}"
        return rep
    head, first_line, read_error = peeked.head, peeked.first_line, peeked.read_error
    if first_line is None and read_error is not None:
        # nothing but blank lines before the error: nothing to store
        rep.lines = rep.blank = sum(count_lines(b) for b in head)
        rep.bytes = reader.bytes
        rep.status, rep.message = "failed", f"cannot read: {read_error}"
        rep.seconds = time.perf_counter() - t0
        return rep
    # an input that is not text (a program, a picture, a store, an archive without its name) is
    # refused whole: its "lines" would only fill the rejects with binary garbage
    why = binary_reason(head[0]) if head else None
    if why is not None:
        rep.bytes = reader.bytes
        rep.status = "failed"
        rep.message = f"not ingested: {why}"
        rep.seconds = time.perf_counter() - t0
        return rep
    first_text = _text(first_line) if first_line is not None else ""
    kind = fmt
    if kind == "auto":
        kind = "csv" if (columns or looks_like_csv_header(first_text.lstrip("\ufeff"))) else "nmea"
    rep.format = kind
    source_id = store.begin_source(src.name, src.path, src.member, sha, src.size, kind, dec.name, base_time, reuse)

    def progress_total():
        return src.size if not src.name.endswith((".gz", ".bz2", ".xz")) and not src.member else None

    fast_path = kind == "nmea" and getattr(dec, "fast_path", False)
    line_no = 1
    try:
        if fast_path:
            # compiled framing + decoding (seasentry.ingest.fast) of whole byte blocks, the same output
            # as the reference path; the store writes run on a writer thread while the next block decodes
            from .fast import FastState, flush, frame_and_decode

            st = FastState.from_config(cfg, base_time)
            writer = StoreWriter(store, rep, depth=2)
            try:
                for block in peeked:
                    fb = frame_and_decode(block, line_no, st, source_id=source_id)
                    line_no += fb.lines  # the framer counted them (count_lines once more would re-read the block)
                    pb = prepare_fast_batch(fb, source_id, rep, cfg)
                    del fb, block  # only the prepared tables stay alive while the next batch decodes
                    writer.submit(pb)
                    del pb
                    if progress:
                        progress(src.name, reader.bytes, progress_total())
                writer.submit(prepare_fast_batch(flush(st, source_id=source_id), source_id, rep, cfg))
                writer.close()
            except BaseException:
                writer.abort()  # no-op when closed; else the batch being written commits or rolls back
                raise
        else:
            # the reference and CSV paths read lists of lines; leading blocks of blank lines are counted here
            blocks = line_lists(peeked, cfg.ingest.chunk_lines)
            first_block: list[bytes] = []
            for b in blocks:
                if any(x.strip() for x in b):
                    first_block = b
                    break
                rep.lines += len(b)
                rep.blank += len(b)
            line_no = rep.lines + 1

            def all_blocks():
                if first_block:
                    yield first_block
                yield from blocks

            if kind == "nmea":
                framer = NmeaFramer(base_time=base_time, ttl_lines=cfg.ingest.fragment_ttl_lines,
                                    ttl_s=cfg.ingest.fragment_ttl_s, max_line_length=cfg.ingest.max_line_length)
                for block in all_blocks():
                    fb = framer.feed([_text(x) for x in block], line_no)
                    line_no += len(block)
                    _write_nmea(store, dec, fb, source_id, rep)
                    if progress:
                        progress(src.name, reader.bytes, progress_total())
                _write_nmea(store, dec, framer.flush(), source_id, rep)
            else:
                for batch in csv_batches(all_blocks(), line_no, columns, time_format, source_id, rep):
                    if batch is not None:
                        _store(store, *batch, source_id, rep, is_csv=True)
                    if progress:
                        progress(src.name, reader.bytes, src.size)
    except CsvFormatError as exc:
        rep.status, rep.message = "failed", str(exc)
        return rep
    except READ_ERRORS as exc:  # not from the input (iter_byte_blocks' errors end PeekedBlocks)
        rep.status, rep.message = "failed", f"error after line {line_no - 1:,}: {exc} (data before it is stored)"
        return rep
    rep.bytes = reader.bytes
    if sha is None and reader.h is not None:
        sha = reader.h.hexdigest()
    rep.seconds = time.perf_counter() - t0
    if peeked.read_error is not None:
        # the ingest log keeps the source 'partial': a later run reads it again, and what this
        # run stored is not stored twice
        rep.status = "failed"
        rep.message = peeked.read_error_message(line_no - 1, reader.bytes)
        return rep
    store.finish_source(source_id, sha, rep.counts(), rep.seconds, rep.format)
    return rep


def _text(b: bytes) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def _ts_us(ts: list[float]) -> np.ndarray:
    return np.round(np.asarray(ts, dtype=np.float64) * US).astype(np.int64)


def _write_nmea(store, dec: Decoder, fb, source_id: int, rep: SourceReport) -> None:
    rep.lines += fb.lines
    rep.blank += fb.blank
    rep.headers += fb.headers
    rep.sentences += fb.sentences
    n = len(fb.payload)
    rej = {"line_no": list(fb.rej_line_no), "reason": list(fb.rej_reason), "detail": list(fb.rej_detail),
           "raw": list(fb.rej_raw)}
    if n:
        d = dec.decode(fb.payload, fb.fill_bits)
        for i, why, det in zip(d.err_idx, d.err_reason, d.err_detail):
            for ln, rl in _lines_of(fb.frag_lines[i], fb.raw[i]):
                rej["line_no"].append(ln)
                rej["reason"].append(why)
                rej["detail"].append(det)
                rej["raw"].append(rl)
        keys = stable_hash64(fb.payload)
        ts = _ts_us(fb.ts)
        meta = pl.DataFrame({
            "ts": pl.Series(ts, dtype=pl.Int64).cast(pl.Datetime("us")),
            "station": pl.Series(fb.station, dtype=pl.String),
            "time_source": pl.Series(fb.time_source, dtype=pl.String),
            "source_id": pl.repeat(source_id, n, dtype=pl.Int32, eager=True),
            "line_no": pl.Series(fb.line_no, dtype=pl.Int64),
            "msg_key": pl.Series(keys, dtype=pl.Int64),
            "raw": pl.Series(fb.raw, dtype=pl.String),
            "frags": pl.Series(fb.frags, dtype=pl.Int32),
        })
        pos = _frame(d.pos, d.pos_idx, meta, S.POSITIONS)
        sta = _frame(d.sta, d.sta_idx, meta, S.STATICS)
        oth = _frame(d.oth, d.oth_idx, meta, S.OTHER)
        # cleaning; messages with an invalid MMSI or position are rejected whole
        pos = clean_positions(pos)
        bad_idx: dict[int, str] = {}
        for frame, is_pos in ((pos, True), (sta, False), (oth, False)):
            if frame.height == 0:
                continue
            bm = frame.filter(invalid_mmsi_expr())["_idx"].to_list()
            bad_idx.update({i: "invalid_mmsi" for i in bm})
            if is_pos:
                bp = frame.filter(invalid_position_mask(frame))["_idx"].to_list()
                bad_idx.update({i: "invalid_position" for i in bp if i not in bad_idx})
        for i, why in bad_idx.items():
            for ln, rl in _lines_of(fb.frag_lines[i], fb.raw[i]):
                rej["line_no"].append(ln)
                rej["reason"].append(why)
                rej["detail"].append(_why_detail(why, pos, i))
                rej["raw"].append(rl)
        decoded = set(d.pos_idx) | set(d.sta_idx) | set(d.oth_idx)
        good = sorted(decoded - set(bad_idx))
        sta = clean_statics(sta)
        _store(store, pos, sta, oth, meta, good, rej, source_id, rep)
    else:
        _store(store, None, None, None, None, [], rej, source_id, rep)


def _why_detail(why: str, pos: pl.DataFrame, i: int) -> str:
    if why == "invalid_position":
        r = pos.filter(pl.col("_idx") == i).row(0, named=True)
        return f"lat {r['lat']}, lon {r['lon']}"
    return INVALID_MMSI_DETAIL


def _lines_of(line_nos: tuple, raw: str):
    """(line_no, text) of each sentence of a message, for rejects."""
    parts = raw.split("\n")
    if len(parts) != len(line_nos):
        return [(line_nos[0], raw)]
    return list(zip(line_nos, parts))


def _frame(cols: dict, idx: list[int], meta: pl.DataFrame, sch: pa.Schema) -> pl.DataFrame:
    """Decoded columns + per-message metadata -> frame with the schema's columns and ``_idx``."""
    n = len(idx)
    base = {}
    for f in sch:
        if f.name in cols:
            base[f.name] = pl.Series(f.name, cols[f.name], dtype=_pl_type(f.type), strict=False)
    df = pl.DataFrame(base) if n else pl.DataFrame(schema={k: v.dtype for k, v in base.items()})
    if n:
        m = meta[idx]
    else:
        m = meta.clear()
    df = df.hstack(m.select([f.name for f in sch if f.name not in cols and f.name in m.columns]))
    # columns the cleaning rules derive (statics.ship_category): null until then
    df = df.with_columns([pl.lit(None, _pl_type(f.type)).alias(f.name) for f in sch if f.name not in df.columns])
    return df.with_columns(pl.Series("_idx", idx, dtype=pl.Int64))


def _pl_type(t: pa.DataType):
    return pl.from_arrow(pa.array([], type=t)).dtype


def _dedup_batch(meta: pl.DataFrame, window_s: float) -> pl.DataFrame:
    """The de-duplication rule of ``batch_store.repeats`` inside one batch, written plainly (the
    reference the compiled ``batch_store.dedup_in_batch`` is tested against): rows in order, a
    row is a repeat when a row kept before it has the same msg_key and lies within ``window_s``."""
    w = int(window_s * US)
    kept: dict[int, list[int]] = {}
    keep = []
    for k, t in zip(meta["msg_key"].to_list(), meta["ts"].cast(pl.Int64).to_list()):
        ts = kept.setdefault(k, [])
        hit = any(abs(t - x) <= w for x in ts)
        if not hit:
            ts.append(t)
        keep.append(not hit)
    return meta.filter(pl.Series(keep, dtype=pl.Boolean))


def _store(store, pos, sta, oth, meta, good: list[int], rej: dict, source_id: int, rep: SourceReport,
           is_csv: bool = False) -> None:
    rej_tab = pa.table({
        "source_id": pa.array([source_id] * len(rej["line_no"]), pa.int32()),
        "line_no": pa.array(rej["line_no"], pa.int64()),
        "reason": pa.array(rej["reason"], pa.string()),
        "detail": pa.array(rej["detail"], pa.string()),
        "raw": pa.array(rej["raw"], pa.string()),
    }, schema=S.REJECTS)
    rep.rejects += rej_tab.num_rows
    rep.rejects_by_reason.update(rej["reason"])
    if meta is None or not good:
        empty = lambda sch: sch.empty_table()  # noqa: E731
        store.write_batch(empty(S.POSITIONS), empty(S.STATICS), empty(S.OTHER), empty(S.RAW), rej_tab)
        return
    keep = meta.with_row_index("_idx").filter(pl.col("_idx").is_in(good))
    rep.messages += keep.height
    # repeats of stored messages and of messages kept earlier in the batch (batch_store.repeats)
    dup = repeats(store, keep["msg_key"].to_numpy(), keep["ts"].cast(pl.Int64).to_numpy())
    uniq = keep.filter(pl.Series(~dup))
    in_batch_dups = keep.height - uniq.height
    kept_idx = uniq["_idx"]
    sel = lambda f: f.filter(pl.col("_idx").is_in(kept_idx.implode())) if f is not None else None  # noqa: E731
    pos, sta, oth = sel(pos), sel(sta), sel(oth)
    raw_df = uniq.select("msg_key", "ts", "source_id", "line_no", "raw")
    if not store.config.ingest.keep_raw:
        raw_df = raw_df.with_columns(raw=pl.lit(None, pl.String))
    stored, dups = store.write_batch(_arrow(pos, S.POSITIONS), _arrow(sta, S.STATICS), _arrow(oth, S.OTHER),
                                     _arrow(raw_df, S.RAW), rej_tab)
    rep.stored += stored
    rep.duplicates += dups + in_batch_dups
    parts = []
    for f, attr in ((pos, "positions"), (sta, "statics"), (oth, "other")):
        if f is not None:
            setattr(rep, attr, getattr(rep, attr) + f.height)
            t = f.select(pl.col("msg_type").cast(pl.Int8))
            parts.append(t.filter(~pl.col("msg_type").is_in([19, 21])) if f is pos else t)
    types = pl.concat(parts)
    if is_csv:
        rep.by_type["csv"] += stored - (oth.height if oth is not None else 0)
        if oth is not None and oth.height:
            rep.by_type.update({str(k): v for k, v in oth["msg_type"].value_counts().iter_rows()})
    else:
        rep.by_type.update({("csv" if k == 0 else str(k)): v
                        for k, v in types["msg_type"].value_counts().iter_rows()})
    tmin, tmax = uniq["ts"].min(), uniq["ts"].max()
    for attr, v, f in (("first_ts", tmin, min), ("last_ts", tmax, max)):
        if v is not None:
            e = v.replace(tzinfo=timezone.utc).timestamp()
            cur = getattr(rep, attr)
            setattr(rep, attr, e if cur is None else f(cur, e))


def _arrow(df: pl.DataFrame | None, sch: pa.Schema) -> pa.Table:
    if df is None or df.height == 0:
        return sch.empty_table()
    return df.select([f.name for f in sch]).to_arrow().cast(sch)


# ---- CSV -----------------------------------------------------------------------------------

def csv_batches(blocks, line_no: int, columns, time_format, source_id: int, rep: SourceReport):
    """The CSV path over ``blocks`` (lists of lines without newline; ``line_no``: the number of
    the first one's first line): blocks of blank lines before the header are counted as blank,
    the header is the first non-blank line (its format: :func:`~seasentry.ingest.csvformats.detect_format`, which raises
    CsvFormatError for unknown columns), then per block the tables :func:`_csv_tables` gives
    (None for a block without records), counted in ``rep``. The store's ingest writes each with
    :func:`_store`, the archive ingest (``seasentry.distributed.ingest``) into its files."""
    header: list[str] | None = None
    csvfmt: CsvFormat | None = None
    for block in blocks:
        texts = [_text(x).rstrip("\r") for x in block]
        start_no = line_no
        line_no += len(block)
        if header is None:
            # the header is the first non-empty line; blocks of blank lines before it are counted
            k = next((i for i, s in enumerate(texts) if s.strip()), None)
            if k is None:
                rep.lines += len(texts)
                rep.blank += len(texts)
                continue
            rep.lines += k + 1
            rep.blank += k
            rep.headers += 1
            try:
                header = next(csv.reader([texts[k].lstrip("\ufeff")]))
            except csv.Error as exc:  # the source fails with the reason, as for unmapped columns
                raise CsvFormatError(f"CSV header on line {start_no + k:,} not readable: {exc}") from None
            csvfmt = detect_format(header, columns, time_format)
            rep.format = f"csv:{csvfmt.name}"
            start_no += k + 1
            texts = texts[k + 1:]
        yield _csv_tables(header, texts, start_no, csvfmt, source_id, rep)


def _csv_tables(header: list[str], texts: list[str], first_line_no: int, fmt: CsvFormat, source_id: int,
                rep: SourceReport):
    """One block of CSV records -> (positions, statics, other, meta, good, rejects) as
    :func:`_store` takes them (None when the block holds no record); counts lines in ``rep``."""
    rep.lines += len(texts)
    nonblank = [i for i, s in enumerate(texts) if s.strip()]
    rep.blank += len(texts) - len(nonblank)
    lines = [texts[i] for i in nonblank]
    line_nos = [first_line_no + i for i in nonblank]
    rej = {"line_no": [], "reason": [], "detail": [], "raw": []}
    if not lines:
        return None
    df, unreadable = parse_block(header, lines, fmt)
    df = df.with_columns(pl.Series("line_no", line_nos, dtype=pl.Int64), pl.Series("raw", lines, dtype=pl.String),
                         pl.Series("_idx", range(len(lines)), dtype=pl.Int64))
    has_pos = pl.col("lat").is_not_null() & pl.col("lon").is_not_null()
    has_id = pl.any_horizontal([pl.col(c).is_not_null() for c in ("name", "callsign", "imo", "ship_type")])
    why = (pl.when(pl.col("mmsi").is_null()).then(pl.lit("bad_record:MMSI not a number"))
           .when(invalid_mmsi_expr()).then(pl.lit(f"invalid_mmsi:{INVALID_MMSI_DETAIL}"))
           .when(pl.col("ts").is_null()).then(pl.lit("bad_record:time not readable"))
           .when((pl.col("lat").abs() > 90) | (pl.col("lon").abs() > 180)).then(pl.lit("invalid_position:out of range"))
           .when(~has_pos & ~has_id & (pl.col("msg_type") == 0))
           .then(pl.lit("bad_record:no position and no identity"))
           .otherwise(None))
    if unreadable:  # records the csv module cannot read: rejects with its reason, the block goes on
        over: list[str | None] = [None] * len(lines)
        for i, msg in unreadable:
            over[i] = f"bad_record:CSV record not readable ({msg})"
        why = pl.coalesce(pl.lit(pl.Series(over, dtype=pl.String)), why)
    df = df.with_columns(_why=why)
    bad = df.filter(pl.col("_why").is_not_null())
    for ln, w, raw, rt in bad.select("line_no", "_why", "raw", "_raw_time").iter_rows():
        reason, _, detail = w.partition(":")
        if reason == "bad_record" and detail == "time not readable":
            detail = f"time {rt!r} not readable (use --time-format)"
        rej["line_no"].append(ln)
        rej["reason"].append(reason)
        rej["detail"].append(detail)
        rej["raw"].append(raw)
    good = df.filter(pl.col("_why").is_null())
    keys = stable_hash64([f"{a}|{b}|{c}|{d}" for a, b, c, d in good.select(
        "mmsi", pl.col("ts").cast(pl.Int64), "lat", "lon").iter_rows()])
    good = good.with_columns(
        msg_key=pl.Series(keys, dtype=pl.Int64), source_id=pl.lit(source_id, pl.Int32),
        station=pl.lit(None, pl.String), time_source=pl.lit("csv"),
        accuracy=pl.lit(None, pl.Boolean), second=pl.lit(None, pl.Int8), rot_raw=pl.lit(None, pl.Int8),
        part=pl.lit(None, pl.Int8), eta=pl.lit(None, pl.String))
    pos = clean_positions(good.filter(has_pos).with_columns(
        sog=pl.col("sog").cast(pl.Float32), cog=pl.col("cog").cast(pl.Float32), rot=pl.col("rot").cast(pl.Float32)))
    sta = good.filter(has_id).sort("mmsi", "ts")
    ident = ["name", "callsign", "imo", "ship_type", "dim_bow", "dim_stern", "dim_port", "dim_starboard"]
    if sta.height:
        changed = pl.any_horizontal([pl.col(c).ne_missing(pl.col(c).shift(1).over("mmsi")) for c in ident]) | \
            (pl.col("mmsi") != pl.col("mmsi").shift(1)).fill_null(True)
        last = pl.any_horizontal([pl.col(c).ne_missing(pl.col(c).shift(-1).over("mmsi")) for c in ident]) | \
            (pl.col("mmsi") != pl.col("mmsi").shift(-1)).fill_null(True)
        sta = sta.filter(changed | last)
    sta = clean_statics(sta.with_columns(draught=pl.col("draught").cast(pl.Float32)))
    # records of other message types (satellite exports) are kept whole, like NMEA 'other' messages
    oth = good.filter(~has_pos & ~has_id).with_columns(payload=pl.col("raw"), fill_bits=pl.lit(None, pl.Int8))
    meta = good.select("ts", "station", "time_source", "source_id", "line_no", "msg_key", "raw")
    meta = meta.with_columns(frags=pl.lit(1, pl.Int32))
    # meta row order == good row order; _idx in pos/sta refer to df rows -> remap to meta positions
    remap = {int(v): k for k, v in enumerate(good["_idx"].to_list())}
    pos = pos.with_columns(_idx=pl.col("_idx").replace_strict(remap, return_dtype=pl.Int64))
    sta = sta.with_columns(_idx=pl.col("_idx").replace_strict(remap, return_dtype=pl.Int64))
    oth = oth.with_columns(_idx=pl.col("_idx").replace_strict(remap, return_dtype=pl.Int64))
    return pos, sta, oth, meta, list(range(good.height)), rej
