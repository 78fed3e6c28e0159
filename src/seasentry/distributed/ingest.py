"""Ingest raw NMEA straight into the Parquet archive: national scale, flat memory, all cores.

The embedded store (DuckDB) de-duplicates against what it holds inside each transaction; that
costs a few microseconds per message and runs on one core. For a day of national or global
traffic the archive is written directly instead:

* input files, and the byte ranges of large plain ones (cut as the store's bulk ingest cuts
  them: :func:`_cut`), are spread over ``workers`` processes (largest first); each frames and decodes its
  files block by block with the compiled fast path (:mod:`seasentry.ingest.fast`), so memory
  stays that of a block plus one flush buffer whatever the input size;
* positions and static reports are buffered up to ``flush_messages``, grouped by MMSI bucket
  (input order kept within a bucket; the engine sorts) and appended as one row group per bucket to that worker's file of the bucket
  (``positions/bucket=0007/part-<tag>.parquet``): a bucket ends up with a few files, each
  holding all of that worker's rows of the bucket for one *rotation*;
* the input itself (every line verbatim, in ZSTD-compressed blocks: the chain of custody for
  case files), the rejects (with line number and reason) and the other message types are
  written per input file under ``raw/``, ``rejects/`` and ``other/``;
* every reception is kept, with its arrival (``_arrival``: the input's rank in the order the
  inputs were given, counted across the archive's ingest runs, and the message's number in its
  input in framer order): the same payload heard twice is de-duplicated when a bucket is read
  (:func:`seasentry.distributed.archive.read_bucket`), by the store's rule (the first copy to
  arrive is kept, same window), so the archive gives the store's positions and events.

Crash safety (kill -9, Ctrl-C, power loss): files are written under ``.tmp`` names. A rotation
(a group of whole input files of one worker) is committed by renaming its files and then
writing ``_rotations/<tag>.json`` atomically; an input file counts as ingested only when the
rotation it was written into is committed (its record in ``_sources/`` names the rotation). On
the next run, files of uncommitted rotations are deleted and their input files read again, so
every message is stored once. An input file already ingested (same SHA-256) is skipped.

CSV exports (:func:`input_kind`, as the store decides) are read whole by one worker with the
store's CSV code (``pipeline.csv_batches``), each record taking the next ``_arrival``.

Limits: local archive directories only for writing (the engine reads local paths and fsspec URLs).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .. import schema as S
from ..config import Config
from . import archive as A

#: The input itself, verbatim (chain of custody): one row per block of whole lines, the bytes
#: ZSTD-compressed. A message's original text is found from its ``source_id`` and ``line_no``
#: (:func:`raw_lines`); concatenating the blocks of a source gives back the file, byte for byte.
RAW_BLOCKS = pa.schema([("source_id", pa.int32()), ("first_line", pa.int64()), ("lines", pa.int64()),
                        ("size", pa.int64()), ("zstd", pa.binary())])

_SRC_DIR, _ROT_DIR = "_sources", "_rotations"
_COMPRESSION = "zstd"
_LEVEL = 1
_DICT_COLUMNS = ["station", "time_source", "reason"]  # dictionary-encode only low-cardinality text


class ArchiveIngestError(RuntimeError):
    pass


@dataclass
class ArchiveIngestReport:
    archive: str
    buckets: int
    workers: int
    sources: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def total(self) -> dict:
        keys = ("lines", "messages", "positions", "statics", "other", "rejects", "bytes")
        t = {k: sum(int(s.get(k, 0) or 0) for s in self.sources if s["status"] != "skipped") for k in keys}
        t["sources"] = len(self.sources)
        t["skipped"] = sum(1 for s in self.sources if s["status"] == "skipped")
        t["failed"] = sum(1 for s in self.sources if s["status"] == "failed")
        t["rejects_by_reason"] = {}
        for s in self.sources:
            for k, v in (s.get("rejects_by_reason") or {}).items():
                t["rejects_by_reason"][k] = t["rejects_by_reason"].get(k, 0) + v
        return t


# ------------------------------------------------------------------------------ archive set-up
def _atomic_json(path: Path, obj: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(obj, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


def prepare_archive(root: str | os.PathLike, buckets: int | None, expected_positions: int) -> int:
    """Create the archive (manifest) if needed; recover from an interrupted run (delete the files
    of uncommitted rotations). Returns the bucket count (the manifest's, if the archive exists)."""
    if not A.is_local(str(root)):
        raise ArchiveIngestError(f"{root}: archive ingest writes local directories only "
                                 f"(copy the archive to object storage afterwards)")
    r = Path(str(root)[7:] if str(root).startswith("file://") else root)
    man = r / A.MANIFEST
    if man.exists():
        m = json.loads(man.read_text(encoding="utf-8"))
        if m.get("format") != A.FORMAT:
            raise ArchiveIngestError(f"{r}: not a seasentry Parquet archive")
        if int(m.get("version", 0)) > A.VERSION:
            raise ArchiveIngestError(f"{r}: archive format version {m.get('version')} is newer than this seasentry's "
                                     f"({A.VERSION})")
        if not m.get("deduplicated") and int(m.get("version", 0)) < 2:
            raise ArchiveIngestError(f"{r} " + A.REBUILD.format(v=A.VERSION))
        b = int(m["buckets"])
        if buckets and int(buckets) != b:
            raise ArchiveIngestError(f"{r} has {b} buckets; --buckets {buckets} cannot change that")
        if m.get("deduplicated"):  # an exported archive: what ingest adds may repeat its messages
            # (its rows, without _arrival, count as stored before anything ingested into it)
            m["deduplicated"] = False
            m["version"] = A.VERSION
            _atomic_json(man, m)
    else:
        if r.exists() and any(r.iterdir()):
            raise ArchiveIngestError(f"{r} exists, is not empty and is not a seasentry archive")
        b = int(buckets) if buckets else A.auto_buckets(expected_positions)
        r.mkdir(parents=True, exist_ok=True)
        _atomic_json(man, {"format": A.FORMAT, "version": A.VERSION, "buckets": b, "hash": A.HASH_NAME,
                           "hash_expr": A.HASH_EXPR[A.HASH_NAME],
                           "sort": ["mmsi", "ts"], "writer": "seasentry ingest --archive",
                           "dedup": "on read, the store's rule: in _arrival order, a message is a repeat when a "
                                    "copy of the same mmsi and msg_key kept before it lies within "
                                    "ingest.dedup_window_s",
                           "next_rank": 0,
                           "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    for d in (_SRC_DIR, _ROT_DIR):
        (r / d).mkdir(exist_ok=True)
    recover(r)
    return b


def recover(r: Path) -> list[str]:
    """Delete temporary files and every file of a rotation that was never committed.
    Returns the tags of the rotations removed."""
    for p in r.rglob("*.tmp"):
        p.unlink()
    committed = {p.stem for p in (r / _ROT_DIR).glob("*.json")}
    removed = set()
    joined = {sp.stem for sp in (r / _SRC_DIR).glob("*.json") if "~" not in sp.stem}
    for sp in (r / _SRC_DIR).glob("*~*.json"):
        # a byte range of a cut input: the run that wrote it never joined its input's ranges (or
        # stopped before deleting them): unless the joined record exists, the range's rotation
        # (which holds that range only) is removed, committed or not, and the input read again
        rec = json.loads(sp.read_text(encoding="utf-8"))
        tag = rec.get("rotation")
        if sp.stem.split("~")[0] not in joined or json.loads(
                (r / _SRC_DIR / f"{sp.stem.split('~')[0]}.json").read_text(encoding="utf-8")).get("status") != "complete":
            if tag:
                removed.add(tag)
                committed.discard(tag)
        sp.unlink()
    for sp in (r / _SRC_DIR).glob("*.json"):
        rec = json.loads(sp.read_text(encoding="utf-8"))
        tag = rec.get("rotation")
        if rec.get("status") == "complete" or not tag:
            continue
        if tag in committed:
            rec["status"] = rec.pop("final_status", "complete")
            _atomic_json(sp, rec)
            continue
        removed.add(tag)
        sp.unlink()  # read again by the next ingest, with the rank its run reserved (reserve_ranks)
    for tag in removed:
        _drop_rotation(r, tag)
    return sorted(removed)


def _drop_rotation(r: Path, tag: str) -> None:
    """Delete a rotation's record and every file it wrote."""
    (r / _ROT_DIR / f"{tag}.json").unlink(missing_ok=True)
    for p in r.glob(f"*/**/part-{tag}*.parquet"):
        p.unlink()


def _archive_hash(r: Path) -> str:
    """The bucket hash named by the archive's manifest (``knuth32`` for archives made before ``fib32``)."""
    m = json.loads((r / A.MANIFEST).read_text(encoding="utf-8"))
    return str(m.get("hash") or "knuth32")


def _source_records(r: Path) -> dict[str, dict]:
    """The record of every input by SHA-256 (not those of the byte ranges of a cut input, named
    ``<sha>~<rank>-<k>``: its joined record, written once every range is, stands for them)."""
    out = {}
    for sp in (r / _SRC_DIR).glob("*.json"):
        if "~" in sp.stem:
            continue
        rec = json.loads(sp.read_text(encoding="utf-8"))
        out[rec["sha256"]] = rec
    return out


def _plan_key(path: str, member, size: int) -> str:
    return f"{path}|{member or ''}|{int(size)}"


def reserve_ranks(r: Path, items: list[tuple]) -> list[int]:
    """The rank of each input ``(path, member, size)`` of this run, in the order given (ranks grow
    across the archive's ingest runs; reserved in the manifest before any worker starts, so a run
    interrupted after committing some inputs never shares its ranks with a later run). The ranks
    of a run stay in the manifest (``pending_ranks``) until its inputs are ingested: an input of an
    interrupted run, read again by a later one, keeps the rank it had, so the copies of a repeated
    message are told apart by arrival as in a run that was never interrupted."""
    man = r / A.MANIFEST
    m = json.loads(man.read_text(encoding="utf-8"))
    pending = dict(m.get("pending_ranks") or {})
    nxt = int(m.get("next_rank", 0))
    ranks = []
    for path, member, size in items:
        k = _plan_key(path, member, size)
        if k not in pending:
            pending[k] = nxt
            nxt += 1
        ranks.append(int(pending[k]))
    m["next_rank"], m["pending_ranks"] = nxt, pending
    _atomic_json(man, m)
    return ranks


def _release_ranks(r: Path, sources: list[dict]) -> None:
    """Forget the pending ranks of the inputs this run ingested or found ingested already."""
    man = r / A.MANIFEST
    m = json.loads(man.read_text(encoding="utf-8"))
    pending = dict(m.get("pending_ranks") or {})
    for s in sources:
        if s.get("status") in ("complete", "skipped"):
            pending.pop(_plan_key(s.get("path") or s.get("name"), s.get("member"), int(s.get("size") or 0)), None)
    m["pending_ranks"] = pending
    _atomic_json(man, m)


def _source_id(sha: str) -> int:
    """A stable int32 id for a source (the first 31 bits of its SHA-256)."""
    return int(sha[:8], 16) & 0x7FFFFFFF


# ------------------------------------------------------------------------------ worker side
class _BucketWriters:
    """One Parquet file per (table, bucket) for a rotation; each flush appends row groups."""

    def __init__(self, root: Path, buckets: int, tag: str, hash_name: str = A.HASH_NAME) -> None:
        self.root, self.buckets, self.tag, self.hash = root, buckets, tag, hash_name
        self.w: dict[tuple[str, int], pq.ParquetWriter] = {}
        self.paths: list[Path] = []
        self.rows = 0
        self.row_groups = 0

    def _writer(self, table: str, b: int, schema: pa.Schema) -> pq.ParquetWriter:
        key = (table, b)
        if key not in self.w:
            d = self.root / table / f"bucket={b:04d}"
            d.mkdir(parents=True, exist_ok=True)
            p = d / f"part-{self.tag}.parquet.tmp"
            self.w[key] = pq.ParquetWriter(p, schema, compression=_COMPRESSION, compression_level=_LEVEL,
                                           use_dictionary=_DICT_COLUMNS)
            self.paths.append(p)
        return self.w[key]

    def write(self, table: str, t: pa.Table) -> None:
        if t.num_rows == 0:
            return
        bk = A.mmsi_bucket(t.column("mmsi").to_numpy(), self.buckets, self.hash)
        order = np.argsort(bk, kind="stable")  # rows of a bucket stay in input order
        t = t.take(pa.array(order))
        bs = bk[order]
        cuts = np.flatnonzero(np.diff(bs)) + 1
        starts = np.concatenate([[0], cuts])
        ends = np.concatenate([cuts, [len(bs)]])
        for a, e in zip(starts.tolist(), ends.tolist()):
            self._writer(table, int(bs[a]), t.schema).write_table(t.slice(a, e - a), row_group_size=e - a)
        self.rows += t.num_rows
        self.row_groups += len(starts)

    def commit(self) -> list[str]:
        """Close and rename; returns the final paths (relative to the root)."""
        for w in self.w.values():
            w.close()
        out = []
        for p in self.paths:
            final = p.with_name(p.name[:-4])
            os.replace(p, final)
            out.append(str(final.relative_to(self.root)))
        self.w.clear()
        return out

    def abort(self) -> None:
        for w in self.w.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001
                pass


class _TableFile:
    """A streaming Parquet file for one input's raw text, rejects or other messages."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path, self.schema = path, schema
        self.tmp = path.with_name(path.name + ".tmp")
        self.w: pq.ParquetWriter | None = None
        self.rows = 0

    def write(self, t: pa.Table) -> None:
        if t.num_rows == 0:
            return
        if self.w is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.w = pq.ParquetWriter(self.tmp, self.schema, compression=_COMPRESSION, compression_level=_LEVEL,
                                      use_dictionary=_DICT_COLUMNS)
        self.w.write_table(t.select(self.schema.names).cast(self.schema))
        self.rows += t.num_rows

    def close(self) -> None:
        if self.w is not None:
            self.w.close()
            os.replace(self.tmp, self.path)


def _source_of(path: str, member: str | None):
    from ..ingest.sources import _file_sources

    for s in _file_sources(Path(path)):
        if s.member == member:
            return s
    raise ArchiveIngestError(f"{path}!{member}: not found")


def _worker(wi: int, items: list[tuple], root: str, buckets: int, cfg: Config, base_time,
            flush_messages: int, rotate_messages: int, run_id: str, progress_q) -> list[dict]:
    """Ingest ``items`` (path, zip member, input rank[, byte range]) in order; returns one record
    per item. A byte range (:func:`ingest_archive` cut the input with the store's bulk ingest:
    ``seasentry.ingest.bulk._pieces`` / ``_fingerprint`` / ``_ranges``) is read as the bulk
    ingest reads one: from the framer state of the lines before it (``bulk._start_state``, kept as
    ``start_state``), lines numbered from its first line, ``_arrival`` from ``rank << 40 |`` its
    start byte (a range holds fewer messages than bytes: arrival order is kept across ranges);
    one that ends before the input's end keeps its waiting fragments (``end_state``) for the next
    range instead of reporting them as orphans. A range is a rotation of its own, recorded as
    ``_sources/<sha>~<rank>-<k>.json`` until the driver joins the ranges of its input."""
    import resource

    from ..ingest.batch_store import BLOCK_BYTES, iter_byte_blocks
    from ..ingest.bulk import _RangeReader, _start_state
    from ..ingest.csvformats import CsvFormatError
    from ..ingest.fast import FastState, flush, frame_and_decode
    from ..ingest.sources import OPEN_ERRORS, CountingReader, binary_reason
    from ..pool import report

    # progress: to the queue of a ProcessPoolExecutor run, else (a seasentry Pool) to the pool's
    put = progress_q.put if progress_q is not None else (lambda item: report("archive", *item))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:  # a rotation keeps two files open per bucket
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    r = Path(root)
    rotate_row_groups = int(cfg.ingest.archive_rotate_row_groups)
    done: dict[str, dict] = _source_records(r)
    records: list[dict] = []
    rot = 0
    tag = f"{run_id}-w{wi}-r{rot:04d}"
    hash_name = _archive_hash(r)
    bw = _BucketWriters(r, buckets, tag, hash_name)
    in_rotation: list[tuple[Path, dict]] = []
    buf_pos: list[pa.Table] = []
    buf_sta: list[pa.Table] = []
    buffered = 0

    def flush_buffers():
        nonlocal buffered
        if buf_pos:
            bw.write("positions", pa.concat_tables(buf_pos))
        if buf_sta:
            bw.write("statics", pa.concat_tables(buf_sta))
        buf_pos.clear()
        buf_sta.clear()
        buffered = 0

    def add_buffered(n: int) -> None:
        nonlocal buffered
        buffered += n
        if buffered >= flush_messages:
            flush_buffers()

    def commit_rotation():
        nonlocal rot, tag, bw
        flush_buffers()
        files = bw.commit()
        _atomic_json(r / _ROT_DIR / f"{tag}.json", {"tag": tag, "files": files, "sources": [
            rec["sha256"] for _, rec in in_rotation], "committed": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                                  time.gmtime())})
        for sp, rec in in_rotation:
            rec["status"] = rec.pop("final_status", "complete")
            _atomic_json(sp, rec)
        in_rotation.clear()
        rot += 1
        tag = f"{run_id}-w{wi}-r{rot:04d}"
        bw = _BucketWriters(r, buckets, tag, hash_name)

    try:
        for item in items:
            path, member, rank = item[:3]
            rng = item[3] if len(item) > 3 else None
            csvo = item[4] if len(item) > 4 else None  # a CSV export, read whole (ingest_archive)
            src = _source_of(path, member)
            t0 = time.perf_counter()
            rec = {"name": src.name, "path": src.path, "member": member, "size": src.size, "status": "partial"}
            if rng is not None:
                rec["range"] = {k: rng[k] for k in ("k", "n", "start", "end", "line")}
                if in_rotation:  # a range is a rotation of its own (dropped whole if its input is read again)
                    commit_rotation()
            try:
                sha = src.sha256() if rng is None else rng["sha"]
            except OSError as exc:
                records.append(rec | {"status": "failed", "message": f"cannot read: {exc}"})
                continue
            rec["sha256"] = sha
            if rng is None and sha in done and done[sha].get("status") == "complete":
                records.append(rec | {"status": "skipped",
                                      "message": f"already ingested as {done[sha]['name']} (same SHA-256)"})
                continue
            sid = _source_id(sha)
            rec |= {"source_id": sid, "rank": int(rank), "rotation": tag, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            key = sha[:16] if rng is None else f"{sha[:16]}~{int(rank)}-{rng['k']}"
            sp = r / _SRC_DIR / f"{key}.json"
            _atomic_json(sp, rec)
            raw_f = _TableFile(r / "raw" / f"part-{tag}-{key}.parquet", RAW_BLOCKS)
            rej_f = _TableFile(r / "rejects" / f"part-{tag}-{key}.parquet", S.REJECTS)
            oth_f = _TableFile(r / "other" / f"part-{tag}-{key}.parquet", S.OTHER)
            cnt = dict(lines=0, blank=0, messages=0, positions=0, statics=0, other=0, rejects=0, bytes=0)
            by_reason: dict[str, int] = {}
            by_type: dict[str, int] = {}
            stream = st = None
            try:
                if rng is None or rng["start"] == 0:
                    st = FastState.from_config(cfg, base_time)
                else:
                    st = _start_state(path, rng["start"], rng["line"], sid, cfg, base_time)[0]
                    rec["start_state"] = st.snapshot()
                stream = CountingReader(src.opener() if rng is None else _RangeReader(path, rng["start"], rng["end"]))
                first = 0 if rng is None else int(rng["start"])  # < 2**40: see ingest_archive
                arrival = [int(rank) << A.ARRIVAL_SEQ_BITS | first]  # the next message's _arrival
                line = 1 if rng is None else int(rng["line"])
                last_report = 0
                refused = None
                if csvo is not None:
                    rec["format"] = _csv_input(stream, csvo, cfg, sid, cnt, by_reason, by_type, buf_pos, buf_sta,
                                               rej_f, oth_f, raw_f, arrival, add_buffered)
                for block in (() if csvo is not None else iter_byte_blocks(stream, BLOCK_BYTES)):  # no line cap
                    if line == 1 and (refused := binary_reason(block)) is not None:
                        # not text (a program, a picture, a store): refused whole, as the store's
                        # ingest does, instead of filling the rejects with binary garbage
                        break
                    fb = frame_and_decode(block, line, st, source_id=sid)
                    raw_f.write(pa.table({"source_id": pa.array([sid], pa.int32()), "first_line": [line],
                                          "lines": [fb.lines], "size": [len(block)],
                                          "zstd": pa.array([pa.compress(block, "zstd", asbytes=True)],
                                                           pa.binary())}))
                    line += fb.lines
                    _take(fb, sid, cnt, by_reason, by_type, buf_pos, buf_sta, rej_f, oth_f, arrival)
                    buffered += len(fb.good)
                    if buffered >= flush_messages:
                        flush_buffers()
                    if stream.bytes - last_report > (1 << 24):
                        put((wi, src.name, stream.bytes - last_report))
                        last_report = stream.bytes
                if refused is not None:
                    cnt["bytes"] = stream.bytes
                    rec["final_status"] = "failed"
                    rec["message"] = f"not ingested: {refused}"
                elif rng is not None and rng["end"] is not None:
                    rec["end_state"] = st.snapshot()  # its waiting fragments are the next range's
                else:
                    fb = flush(st, source_id=sid)
                    _take(fb, sid, cnt, by_reason, by_type, buf_pos, buf_sta, rej_f, oth_f, arrival)
                put((wi, src.name, stream.bytes - last_report))
                cnt["bytes"] = stream.bytes
                if rng is not None:
                    stream.raw.close()
                raw_f.close()
                rej_f.close()
                oth_f.close()
            except CsvFormatError as exc:  # a CSV export whose columns are not mapped: as the store
                for f in (raw_f, rej_f, oth_f):
                    f.close()
                if stream is not None:
                    cnt["bytes"] = stream.bytes
                rec["final_status"] = "failed"
                rec["message"] = str(exc)
            except OPEN_ERRORS as exc:
                # corrupt or truncated input: what was read before the error is kept (as the store
                # does; multipart messages left incomplete become orphan_fragment rejects); the
                # source stays 'failed', so a later run reads it again (repeats are de-duplicated
                # when the archive is read)
                if st is not None:
                    _take(flush(st, source_id=sid), sid, cnt, by_reason, by_type, buf_pos, buf_sta, rej_f, oth_f,
                          arrival)
                if stream is not None:
                    cnt["bytes"] = stream.bytes
                for f in (raw_f, rej_f, oth_f):
                    f.close()
                rec["final_status"] = "failed"
                what = "read error" if stream is not None else "cannot open"
                rec["message"] = f"{what} after {stream.bytes if stream else 0:,} bytes: {exc} (data before it is stored)"
            rec |= cnt | {"seconds": round(time.perf_counter() - t0, 3), "rejects_by_reason": by_reason,
                          "by_type": by_type}
            _atomic_json(sp, rec)
            in_rotation.append((sp, rec))
            records.append(rec)
            # the buffer, once flushed, adds up to one row group per bucket and table
            if rng is not None or bw.rows + buffered >= rotate_messages or bw.row_groups + min(buffered, 2 * buckets) >= rotate_row_groups:
                commit_rotation()
        if in_rotation:
            commit_rotation()
        else:
            bw.abort()
    except BaseException:
        bw.abort()
        raise
    # the worker goes on to detection (``seasentry run --archive`` on the pool): the memory the
    # ingest freed goes back to the system first, as the bulk ingest's workers do
    from ..ingest.bulk import _release_memory

    del buf_pos, buf_sta, bw
    _release_memory()
    return records


def _csv_input(stream, csvo: dict, cfg: Config, sid: int, cnt: dict, by_reason: dict, by_type: dict, buf_pos: list,
               buf_sta: list, rej_f, oth_f, raw_f, arrival: list, add_buffered) -> str:
    """A CSV export read as the store's ingest reads it (``pipeline``: blocks of at most
    ``ingest.chunk_lines`` lines, leading blank blocks counted, then ``csv_batches``, the store's
    CSV code): its records written as messages are, each with the next ``_arrival`` (record order,
    the store's order), the rejects and other records into the input's files, every block into
    ``raw/``. Returns the format (``csv:<name>``); ``CsvFormatError`` (columns not mapped) is
    raised to the caller."""

    from ..ingest.batch_store import BLOCK_BYTES, iter_byte_blocks, line_lists
    from ..ingest.pipeline import SourceReport, csv_batches

    chunk = int(cfg.ingest.chunk_lines)
    line = [1]

    def raw_blocks():
        for b in iter_byte_blocks(stream, BLOCK_BYTES, chunk):
            n = b.count(b"\n") + (0 if b.endswith(b"\n") else 1)
            raw_f.write(pa.table({"source_id": pa.array([sid], pa.int32()), "first_line": [line[0]], "lines": [n],
                                  "size": [len(b)], "zstd": pa.array([pa.compress(b, "zstd", asbytes=True)],
                                                                     pa.binary())}))
            line[0] += n
            yield b

    rep = SourceReport("")
    sid_col = lambda n: pa.array(np.full(n, sid, np.int32), pa.int32())  # noqa: E731
    try:
        for batch in csv_batches(line_lists(raw_blocks(), chunk), 1, csvo.get("columns"), csvo.get("time_format"),
                                 sid, rep):
            if batch is None:
                continue
            pos, sta, oth, _meta, good, rej = batch
            if rej["line_no"]:
                rj = pa.table({"source_id": sid_col(len(rej["line_no"])), "line_no": pa.array(rej["line_no"], pa.int64()),
                               "reason": pa.array(rej["reason"], pa.string()),
                               "detail": pa.array(rej["detail"], pa.string()),
                               "raw": pa.array(rej["raw"], pa.string())}, schema=S.REJECTS)
                rej_f.write(rj)
                cnt["rejects"] += rj.num_rows
                for k in rej["reason"]:
                    by_reason[k] = by_reason.get(k, 0) + 1
            if not good:
                continue
            base = arrival[0]
            arrival[0] += len(good)
            cnt["messages"] += len(good)
            for df, buf, key, sch in ((pos, buf_pos, "positions", S.POSITIONS), (sta, buf_sta, "statics", S.STATICS)):
                if df is not None and df.height:
                    cnt[key] += df.height
                    arr = pa.array(base + df["_idx"].to_numpy().astype(np.int64), pa.int64())
                    buf.append(df.select(sch.names).to_arrow().cast(sch).append_column(A.ARRIVAL, arr))
            n_oth = oth.height if oth is not None else 0
            if n_oth:
                cnt["other"] += n_oth
                oth_f.write(oth.select(S.OTHER.names).to_arrow().cast(S.OTHER))
            by_type["csv"] = by_type.get("csv", 0) + len(good) - n_oth
            add_buffered(len(good))
    finally:
        cnt["lines"] += rep.lines
        cnt["blank"] += rep.blank
        cnt["headers"] = cnt.get("headers", 0) + rep.headers
    return rep.format if rep.format.startswith("csv") else "csv"


def _take(fb, sid, cnt, by_reason, by_type, buf_pos, buf_sta, rej_f, oth_f, arrival: list) -> None:
    """Counts and buffers of one FastBatch; ``arrival[0]``: the ``_arrival`` of its first message
    (advanced by the batch's messages, framer order: the store parts' ``_seq``)."""
    base = arrival[0]
    arrival[0] += fb.n_messages
    cnt["lines"] += fb.lines
    cnt["blank"] += fb.blank
    n_good = len(fb.good)
    cnt["messages"] += n_good
    rj = fb.rejects
    if rj.num_rows:
        cnt["rejects"] += rj.num_rows
        for k, v in zip(*np.unique(np.asarray(rj.column("reason").to_pylist(), dtype=object), return_counts=True)):
            by_reason[str(k)] = by_reason.get(str(k), 0) + int(v)
        rej_f.write(rj)
    if not n_good:
        return
    mt = fb.messages.column("msg_type").to_numpy()[fb.good]
    for t, v in zip(*np.unique(mt, return_counts=True)):
        by_type[str(int(t))] = by_type.get(str(int(t)), 0) + int(v)
    sid_col = lambda n: pa.array(np.full(n, sid, np.int32), pa.int32())  # noqa: E731
    for t, buf, key in ((fb.positions, buf_pos, "positions"), (fb.statics, buf_sta, "statics")):
        if t.num_rows:
            cnt[key] += t.num_rows
            arr = pa.array(base + t.column("_idx").to_numpy().astype(np.int64), pa.int64())
            t = t.drop_columns(["_idx"]).set_column(t.schema.get_field_index("source_id"), "source_id",
                                                    sid_col(t.num_rows))
            buf.append(t.cast(S.POSITIONS if key == "positions" else S.STATICS).append_column(A.ARRIVAL, arr))
    if fb.other.num_rows:
        cnt["other"] += fb.other.num_rows
        oth_f.write(fb.other.drop_columns(["_idx"]).set_column(fb.other.schema.get_field_index("source_id"),
                                                               "source_id", sid_col(fb.other.num_rows)))


# ------------------------------------------------------------------------------ driver
def _cut(sources: list, ranks: list[int], r: Path, cfg: Config, workers: int, pool,
         csv_inputs: dict | None = None) -> list[tuple[tuple, int]]:
    """The work items (path, member, rank[, range]) and their sizes: the inputs cut into byte
    ranges as the store's bulk ingest cuts them (``bulk._pieces``: a plain file larger than a
    worker's share, or whose cut evens the workers' shares, at line starts found with the SHA-256
    by ``bulk._fingerprint``; ``bulk._ranges``), the others whole. An input already ingested
    (same SHA-256) is not cut (its worker skips it), nor a CSV export (``csv_inputs``: index ->
    its options, the item's fifth element)."""
    from ..ingest import bulk as B

    csv_inputs = csv_inputs or {}
    pieces = B._pieces(sources, cfg, workers)
    cut = [i for i, n in enumerate(pieces) if n > 1 and int(sources[i].size or 0) < (1 << A.ARRIVAL_SEQ_BITS)
           and i not in csv_inputs]
    fps = {}
    if cut:
        args = [(sources[i].path, sources[i].member, pieces[i], "nmea") for i in cut]
        got = (pool.wait_all([pool.submit(B._fingerprint, *a) for a in args]) if pool is not None
               else [B._fingerprint(*a) for a in args])
        fps = dict(zip(cut, got))
    done = _source_records(r)
    out = []
    for i, (s, rank) in enumerate(zip(sources, ranks)):
        sha, cuts = fps.get(i, (None, []))
        if i in csv_inputs:
            out.append(((s.path, s.member, rank, None, csv_inputs[i]), int(s.size or 0)))
            continue
        if not cuts or (sha in done and done[sha].get("status") == "complete"):
            out.append(((s.path, s.member, rank), int(s.size or 0)))
            continue
        for u in B._ranges({"size": int(s.size or 0), "cuts": cuts}):
            out.append(((s.path, s.member, rank, dict(u["range"], sha=sha)), int(u["size"])))
    return out


def _join(r: Path, recs: list[dict]) -> dict | None:
    """One input's record from those of its byte ranges (in order), written as its record in
    ``_sources/`` (the ranges' records deleted); None, with the ranges' rotations removed, when
    the ranges were not read as one worker reads the input (a range failed, or did not end with
    the framer state the next began from: fragments waiting since before its lookback, a file
    changed meanwhile): the input is then read again whole."""
    sha, rank = recs[0]["sha256"], recs[0]["rank"]
    ok = all(x["status"] == "complete" for x in recs) and [x["range"]["k"] for x in recs] == list(
        range(recs[0]["range"]["n"]))
    for a, b in zip(recs, recs[1:]):
        ok = ok and (a["range"]["end"] == b["range"]["start"] and a["bytes"] == a["range"]["end"] - a["range"]["start"]
                     and a.get("end_state") == b.get("start_state"))
    paths = [r / _SRC_DIR / f"{sha[:16]}~{rank}-{x['range']['k']}.json" for x in recs]
    if not ok:
        for x in recs:
            if x.get("rotation"):
                _drop_rotation(r, x["rotation"])
        for p in paths:
            p.unlink(missing_ok=True)
        return None
    out = {k: v for k, v in recs[0].items() if k not in ("range", "start_state", "end_state")}
    for k in ("lines", "blank", "messages", "positions", "statics", "other", "rejects", "bytes"):
        out[k] = sum(int(x.get(k, 0) or 0) for x in recs)
    out["seconds"] = round(max(float(x.get("seconds", 0)) for x in recs), 3)
    for k in ("rejects_by_reason", "by_type"):
        d: dict = {}
        for x in recs:
            for kk, v in (x.get(k) or {}).items():
                d[kk] = d.get(kk, 0) + int(v)
        out[k] = d
    out["rotations"] = [x["rotation"] for x in recs]
    out["ranges"] = [x["range"] for x in recs]
    _atomic_json(r / _SRC_DIR / f"{sha[:16]}.json", out)
    for p in paths:
        p.unlink(missing_ok=True)
    return out


def input_kind(src, fmt: str = "auto", columns: dict | None = None) -> str:
    """"csv" or "nmea", as the store's ingest decides it (``pipeline._ingest_source``): ``fmt``
    when given, else CSV with ``columns`` or when the first non-blank line is a CSV header
    (``looks_like_csv_header``). An input that cannot be opened, or is not text, is "nmea" whatever
    ``fmt`` and ``columns`` say: the worker refuses or reports it as for any NMEA input, as the
    store's ingest does before it looks at the format."""
    from ..ingest.csvformats import looks_like_csv_header
    from ..ingest.sources import OPEN_ERRORS, binary_reason

    if fmt == "nmea":
        return fmt
    try:
        fh = src.opener()
        try:
            head = fh.read(1 << 16)
        finally:
            fh.close()
    except (*OPEN_ERRORS, ValueError):
        return "nmea"
    if head and binary_reason(head) is not None:
        return "nmea"
    if fmt == "csv" or columns:
        return "csv"
    if not head:
        return "nmea"
    for ln in head.split(b"\n")[:-1] if b"\n" in head else [head]:
        if ln.strip():
            try:
                text = ln.decode("utf-8")
            except UnicodeDecodeError:
                text = ln.decode("latin-1")
            return "csv" if looks_like_csv_header(text.rstrip("\r").lstrip("\ufeff")) else "nmea"
    return "nmea"


def ingest_archive(inputs: list[str], archive: str, cfg: Config | None = None, workers: int | None = None,
                   buckets: int | None = None, base_time: float | None = None, progress=None,
                   flush_messages: int | None = None, rotate_messages: int | None = None,
                   pool=None, fmt: str = "auto", columns: dict | None = None,
                   time_format: str | None = None) -> ArchiveIngestReport:
    """Ingest NMEA ``inputs`` (files, directories, .gz/.bz2/.xz, .zip) into the archive at ``archive``.

    ``workers``: processes (default: one per core, at most one per input). ``buckets``: MMSI
    buckets of a new archive (default from the input size: about 400k positions each).
    ``progress(name, bytes_done, bytes_total)`` is called from this process. ``pool``: a
    :class:`seasentry.pool.Pool` whose processes run the workers (``workers`` is then the pool's;
    ``seasentry run --archive`` goes on to detection on the same pool), else a process pool of
    its own. ``fmt``, ``columns``, ``time_format``: as for the store's ingest; CSV exports
    (:func:`input_kind`) are read whole by one worker with the store's CSV code
    (``pipeline.csv_batches``), their records numbered in ``_arrival`` as messages are.
    """
    from ..ingest.sources import InputError, discover

    cfg = cfg or Config()
    flush_messages = int(flush_messages or cfg.ingest.archive_flush_messages)
    rotate_messages = int(rotate_messages or cfg.ingest.archive_rotate_messages)
    t0 = time.perf_counter()
    items, sources, csv_inputs = [], [], {}
    csv_opts = {"columns": columns, "time_format": time_format}
    for s in discover(inputs):
        if s.path is None:
            raise InputError("archive ingest reads files, not standard input")
        if input_kind(s, fmt, columns) == "csv":
            csv_inputs[len(items)] = csv_opts
        items.append((s.path, s.member, int(s.size or 0)))
        sources.append(s)
    if not items:
        raise InputError(f"no input files found in {inputs}")
    total_bytes = sum(x[2] for x in items)
    comp = sum(x[2] for x in items if x[0].endswith((".gz", ".bz2", ".xz", ".zip")))
    expected = int(((total_bytes - comp) + 5 * comp) / 80 * 0.8)  # ~80 bytes a line, 80 % positions
    b = prepare_archive(archive, buckets, expected)
    root = str(Path(str(archive)[7:] if str(archive).startswith("file://") else archive))
    ranks = reserve_ranks(Path(root), items)  # inputs in the order given (the store's order)
    nw = max(1, int(pool.workers if pool is not None else workers or os.cpu_count() or 1))
    units = _cut(sources, ranks, Path(root), cfg, nw, pool, csv_inputs)
    nw = min(nw, len(units))
    from ..ingest.bulk import _split as split_units

    plan = [[units[j][0] for j in idx] for idx in split_units([(j, u[1]) for j, u in enumerate(units)], nw)]
    run_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)
    rep = ArchiveIngestReport(str(archive), b, len(plan))

    def execute(plan: list, rid: str) -> list[dict]:
        out: list[dict] = []
        if pool is not None:
            done_bytes = [0]

            def on_progress(items_):
                for it in items_:
                    if progress is not None and it and it[0] == "archive":
                        done_bytes[0] += int(it[3])
                        progress(it[2], done_bytes[0], total_bytes)

            futs = [pool.submit(_worker, i, p, root, b, cfg, base_time, flush_messages, rotate_messages, rid, None)
                    for i, p in enumerate(plan)]
            for recs in pool.wait_all(futs, on_progress=on_progress):
                out += recs
        elif len(plan) == 1:
            out = _worker(0, plan[0], root, b, cfg, base_time, flush_messages, rotate_messages, rid, None)
            if progress:
                progress("", total_bytes, total_bytes)
        else:
            ctx = mp.get_context("spawn")
            q = ctx.Manager().Queue() if progress else None
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(len(plan), mp_context=ctx) as ex:
                futs = [ex.submit(_worker, i, p, root, b, cfg, base_time, flush_messages, rotate_messages, rid, q)
                        for i, p in enumerate(plan)]
                done_bytes = 0
                while not all(f.done() for f in futs):
                    if q is not None:
                        try:
                            _, name, nb = q.get(timeout=0.25)
                            done_bytes += nb
                            progress(name, done_bytes, total_bytes)
                        except queue.Empty:
                            pass
                    else:
                        time.sleep(0.1)
                for f in futs:
                    out += f.result()
        return out

    got = execute(plan, run_id)
    # the records of a cut input's ranges joined into one (in input order); an input whose ranges
    # were not read as one worker reads it is read again whole (its ranges' files removed first)
    whole, ranged = [], {}
    for x in got:
        if "range" in x:
            ranged.setdefault(int(x["rank"]), []).append(x)
        else:
            whole.append(x)
    again, joined = [], []
    for rank, recs in ranged.items():
        recs.sort(key=lambda x: x["range"]["k"])
        j = _join(Path(root), recs)
        if j is None:
            again.append(((recs[0]["path"], recs[0]["member"], rank), int(recs[0]["size"] or 0)))
        else:
            joined.append(j)
    if again:
        plan2 = [[again[j][0] for j in idx] for idx in split_units([(j, u[1]) for j, u in enumerate(again)],
                                                                  min(nw, len(again)))]
        joined += execute(plan2, run_id + "b")
    rep.sources = whole + joined
    _release_ranks(Path(root), rep.sources)
    _update_manifest(Path(root))
    rep.seconds = time.perf_counter() - t0
    return rep


def _update_manifest(r: Path) -> None:
    """Totals of every ingested source into the manifest (positions/statics include repeats
    heard by several receivers; the engine de-duplicates when it reads)."""
    man = r / A.MANIFEST
    m = json.loads(man.read_text(encoding="utf-8"))
    recs = [x for x in _source_records(r).values() if x.get("status") == "complete"]
    for k in ("positions", "statics", "messages", "rejects", "other", "lines"):
        m[k] = int(sum(int(x.get(k, 0)) for x in recs))
    m["sources"] = len(recs)
    _atomic_json(man, m)


def archive_sources(archive: str) -> list[dict]:
    """The ingest log of an archive (one record per input file)."""
    r = Path(str(archive)[7:] if str(archive).startswith("file://") else archive)
    return sorted(_source_records(r).values(), key=lambda x: (x.get("started") or "", x.get("name") or ""))


def raw_lines(archive: str, source_id: int, line_nos) -> dict[int, str]:
    """Original text of lines ``line_nos`` of source ``source_id`` (from the ``raw/`` blocks)."""
    r = Path(str(archive)[7:] if str(archive).startswith("file://") else archive)
    want = np.unique(np.asarray(list(line_nos), np.int64))
    out: dict[int, str] = {}
    if not len(want):
        return out
    for f in sorted((r / "raw").glob("part-*.parquet")):
        t = pq.read_table(f, columns=["source_id", "first_line", "lines"])
        sid = t.column("source_id").to_numpy()
        fl = t.column("first_line").to_numpy()
        nl = t.column("lines").to_numpy()
        for k in np.flatnonzero(sid == source_id).tolist():
            sel = want[(want >= fl[k]) & (want < fl[k] + nl[k])]
            if not len(sel):
                continue
            row = pq.ParquetFile(f).read_row_group(k)  # one block per row group
            data = pa.decompress(row.column("zstd")[0].as_py(), decompressed_size=int(row.column("size")[0].as_py()),
                                 codec="zstd", asbytes=True)
            lines = data.split(b"\n")
            for ln in sel.tolist():
                out[ln] = lines[ln - int(fl[k])].rstrip(b"\r").decode("utf-8", "replace")
    return out


def _sentence_head(line: bytes):
    """(count, number, sequence id) of a ``!xxVDM`` sentence, or None."""
    i = line.find(b"!")
    if i < 0:
        return None
    f = line[i:].split(b",")
    if len(f) < 4 or not f[1].isdigit() or not f[2].isdigit():
        return None
    return int(f[1]), int(f[2]), f[3]


def materialise(store, archive: str, mmsis, cfg: Config | None = None) -> dict:
    """Copy the positions, static reports, original lines and source records of ``mmsis`` from
    an archive written by ``ingest --archive`` into ``store`` (de-duplicated as usual), so that
    store-based tools (``seasentry case``, ``track``, the web page) work for those vessels.
    Returns counts. The store's ``vessels`` table is left as it is."""
    from datetime import datetime

    cfg = cfg or store.config
    arch = A.open_archive(str(archive))
    r = Path(arch.path[7:] if arch.path.startswith("file://") else arch.path)
    mm = np.unique(np.asarray(list(mmsis), np.int64))
    want_b = set(A.mmsi_bucket(mm, arch.buckets, arch.hash).tolist())
    pos_parts, sta_parts = [], []
    for part in arch.parts:
        if part.bucket not in want_b:
            continue
        for files, sink, sch in ((part.positions, pos_parts, S.POSITIONS), (part.statics, sta_parts, S.STATICS)):
            for f in files:
                t = pq.read_table(f, filters=[("mmsi", "in", mm.tolist())])
                if t.num_rows:
                    for f_ in sch:  # parts written before a column was added (rot_raw, ship_category): null
                        if f_.name not in t.column_names:
                            t = t.append_column(f_.name, pa.nulls(t.num_rows, f_.type))
                    arr = (t.column(A.ARRIVAL).cast(pa.int64()) if A.ARRIVAL in t.column_names
                           else pa.nulls(t.num_rows, pa.int64()))  # exported rows: stored first
                    sink.append(t.select(sch.names).cast(sch).append_column(A.ARRIVAL, arr))
    import polars as pl

    def frame(parts, sch):
        if not parts:
            return sch.empty_table()
        d = A.dedup_receptions(pl.from_arrow(pa.concat_tables(parts)), cfg.ingest.dedup_window_s)
        return d.drop(A.ARRIVAL).to_arrow().cast(sch)

    pos, sta = frame(pos_parts, S.POSITIONS), frame(sta_parts, S.STATICS)
    # source records (the store's ingest log) for every source these rows come from
    recs = {x["source_id"]: x for x in _source_records(r).values() if "source_id" in x}
    sids = set(pos.column("source_id").to_pylist()) | set(sta.column("source_id").to_pylist())
    known = {x[0] for x in store.con.execute("SELECT source_id FROM sources").fetchall()}
    for sid in sorted(sids - known):
        x = recs.get(sid)
        if x is None:
            continue
        store.con.execute(
            "INSERT INTO sources (source_id, name, path, member, sha256, size, format, status, started, finished, "
            "lines, messages, rejects, decoder, counts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [sid, x["name"], x.get("path"), x.get("member"), x["sha256"], x.get("size"), x.get("format") or "nmea", x["status"],
             datetime.now(), datetime.now(), x.get("lines"), x.get("messages"), x.get("rejects"), "fast",
             json.dumps({"archive": arch.path, "rotation": x.get("rotation")})])
    # original text: one line per position report; static reports may span several sentences
    raws = []
    for t, multi in ((pos, False), (sta, True)):
        if not t.num_rows:
            continue
        sid_a = t.column("source_id").to_numpy()
        ln_a = t.column("line_no").to_numpy()
        text = np.empty(len(ln_a), object)
        for sid in np.unique(sid_a).tolist():
            rows = np.flatnonzero(sid_a == sid)
            need = ln_a[rows]
            if multi:
                need = np.unique(np.concatenate([need + k for k in range(4)]))
            got = raw_lines(str(r), sid, need)
            for i in rows.tolist():
                ln = int(ln_a[i])
                first = got.get(ln)
                if first is None:
                    continue
                head = _sentence_head(first.encode()) if multi else None
                if head and head[0] > 1:
                    parts, k = [first], ln + 1
                    while len(parts) < head[0] and k in got:
                        h = _sentence_head(got[k].encode())
                        if h and h[0] == head[0] and h[1] == len(parts) + 1 and h[2] == head[2]:
                            parts.append(got[k])
                        k += 1
                    first = "\n".join(parts)
                text[i] = first
        raws.append(pa.table({"msg_key": t.column("msg_key"), "ts": t.column("ts"), "source_id": t.column("source_id"),
                              "line_no": t.column("line_no"), "raw": pa.array(text.tolist(), pa.string())}))
    raw = pa.concat_tables(raws) if raws else S.RAW.empty_table()
    if raw.num_rows:  # one raw row per (msg_key, ts)
        d = pl.from_arrow(raw).unique(["msg_key", "ts"], keep="first", maintain_order=True)
        raw = d.to_arrow().cast(S.RAW)
    stored, dups = store.write_batch(pos, sta, S.OTHER.empty_table(), raw, S.REJECTS.empty_table())
    return {"positions": pos.num_rows, "statics": sta.num_rows, "stored": stored, "already_in_store": dups,
            "sources": len(sids)}
