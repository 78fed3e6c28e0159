"""Store a :class:`~seasentry.ingest.fast.FastBatch`: de-duplication, selection and counts on
Arrow/NumPy, and the DuckDB writes on one writer thread that overlaps with decoding.

:func:`prepare_fast_batch` applies to a fast batch exactly the rules that the reference
``pipeline._store`` applies to a framed batch, without Python objects per message; the
de-duplication is decided when the batch is written (:func:`write_prepared`), against the store
as it is then:

* de-duplication (:func:`repeats`): a message is a repeat when a message with the same
  ``msg_key`` (XXH64 of the payload) that was kept -- stored before, or kept earlier in this
  batch, in the order the framer completed them -- lies within ``ingest.dedup_window_s`` of it
  (GFW ais-tools rule: the same payload heard by several receivers; see
  :class:`~seasentry.config.IngestConfig`). Comparing with kept messages only makes the result
  the same whatever the batch boundaries (a batch ingest and a live stream of the same lines,
  with any packet and batch sizes, store the same messages); of repeats with the same time the
  first one read is kept;
* the position, static and other tables are selected with one boolean mask each (their
  ``_idx`` column indexes the batch's messages), the ``raw_messages`` rows with one mask over
  the messages;
* the rejects are ``FastBatch.rejects`` as they are (framing, decode and cleaning rejects, in
  the reference order); the counts per type come from ``np.bincount``, the first/last times
  from NumPy.

:class:`StoreWriter` runs ``Store.write_batch`` (the de-duplication against the store and the
atomic commit of each batch) on a thread of its own, with a bounded queue, while the calling
thread decodes the next batch: DuckDB releases the GIL while it executes, and so do the numba
kernels (``nogil=True``). Only the writer thread uses the store's connection while it
runs; an error in the writer is raised again in the caller; on an interruption the writer
finishes (or rolls back) the batch it is writing and stops, so every committed batch is whole.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import schema as S
from .sources import READ_ERRORS

US = 1_000_000
#: a batch (decoded and written in one transaction) is ``ingest.chunk_lines`` lines, or fewer when
#: this many bytes were read first: 8 MB (about 100,000 lines of tag-blocked NMEA) overlapped
#: decoding and writing better than 200,000-line batches and needs less memory; see
#: docs/benchmarks.md, "Ingest (end to end)"
BLOCK_BYTES = 1 << 23


@dataclass
class PreparedBatch:
    """The tables one batch writes (store schemas) before de-duplication: every message that
    passed cleaning, with the message index of each row (``*_idx``; ``raw_idx`` the messages
    in framer order)."""

    positions: pa.Table
    statics: pa.Table
    other: pa.Table
    raw: pa.Table
    rejects: pa.Table
    pos_idx: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    sta_idx: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    oth_idx: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    raw_idx: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @property
    def empty(self) -> bool:
        return self.raw.num_rows == 0 and self.rejects.num_rows == 0


def count_lines(buf: bytes) -> int:
    """Lines of a block as ``sources.iter_line_blocks`` makes them: split on newline; a final
    newline ends a line, a final piece without one is a line too."""
    if not buf:
        return 0
    n = buf.count(b"\n")
    return n if buf.endswith(b"\n") else n + 1


def iter_byte_blocks(stream, block_bytes: int = BLOCK_BYTES, max_lines: int | None = None,
                     read_bytes: int | None = None):
    """Batches of whole lines (bytes) from a binary stream, read ``read_bytes`` (default
    ``block_bytes``) at a time.

    The one block reader of the store path (``pipeline``, lines capped at ``ingest.chunk_lines``)
    and of the archive ingest (``distributed.ingest``, ``max_lines=None``: no line count, blocks
    of about ``block_bytes``):

    * a batch holds ``max_lines`` lines, or fewer when ``block_bytes`` were read first (it is
      then cut after its last newline) or the input ended; with ``max_lines=None`` only the
      size cuts, and (``read_bytes`` being ``block_bytes``) each read of the input gives one batch;
    * every batch but the last ends with a newline; a final piece without one is the last line,
      as in ``sources.iter_line_blocks``; lines are split on LF only (a CR before it stays in
      the line, the framers strip it); an empty input gives no batch; a line longer than
      ``block_bytes`` is read on until its newline;
    * a read error (``sources.READ_ERRORS``: a truncated or corrupt compressed input, an I/O
      error) ends the batches: the whole lines read before it are yielded first (with
      :class:`~seasentry.ingest.sources.CountingReader` that is everything the decompressor
      gave before the error), then the error is raised; the piece after the last newline is
      dropped, as the line it begins was cut.
    """
    read_bytes = read_bytes or block_bytes
    data = b""
    eof = False
    error: BaseException | None = None
    while not eof:
        try:
            chunk = stream.read(read_bytes)
        except READ_ERRORS as exc:
            error, chunk = exc, b""
            data = data[:data.rfind(b"\n") + 1]  # the cut line is not a line
        if chunk:
            if max_lines is None and len(data) + len(chunk) >= block_bytes:
                cut = chunk.rfind(b"\n") + 1
                if cut:
                    # the batch in one copy: the piece carried over and the chunk to its last newline
                    yield b"".join((data, memoryview(chunk)[:cut]))
                    data = chunk[cut:]
                    continue
            data = data + chunk if data else chunk
        else:
            eof = True
        # newline offsets, once per read, when lines are counted (one pass, cheaper than bytes.count)
        nl = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10) if max_lines is not None else None
        start = k = 0  # data[:start] is yielded; nl[k:] are the newlines after it
        while start < len(data):
            if nl is not None and len(nl) - k >= max_lines:
                k += max_lines
                cut = int(nl[k - 1]) + 1
            elif eof:
                cut = len(data)
            elif len(data) - start >= block_bytes:
                cut = data.rfind(b"\n", start) + 1
                if cut <= start:
                    break  # a line longer than block_bytes: read on
                k = len(nl) if nl is not None else 0
            else:
                break
            yield data if start == 0 and cut == len(data) else data[start:cut]
            start = cut
        data = data[start:] if start else data
    if error is not None:
        raise error


def first_nonblank_line(buf: bytes) -> bytes | None:
    """The first line of ``buf`` holding something other than ASCII white space (without its
    newline), or None."""
    stripped = buf.lstrip()
    if not stripped:
        return None
    at = len(buf) - len(stripped)
    start = buf.rfind(b"\n", 0, at) + 1
    end = buf.find(b"\n", at)
    return buf[start:end if end >= 0 else len(buf)]


class PeekedBlocks:
    """An input's byte blocks with its first non-blank line peeked (to choose NMEA or CSV and to
    refuse binary input), then all of them in order, the peeked ones first.

    A read error (truncated or corrupt compressed input, I/O error) ends the blocks where it
    happens, in the peek or in any later block: :func:`iter_byte_blocks` yields the whole lines
    read before it, which are decoded and stored as usual, and the error is kept in
    ``read_error`` for the input's report. ``bytes_read`` counts the bytes handed on (their lines
    are the decoder's). A ValueError of the peek (an archive member that cannot be opened) is
    raised to the caller."""

    def __init__(self, blocks) -> None:
        from .sources import READ_ERRORS

        self._blocks = blocks
        self.head: list[bytes] = []
        self.first_line: bytes | None = None
        self.read_error: BaseException | None = None
        self.bytes_read = 0
        try:
            for b in blocks:
                self.head.append(b)
                self.first_line = first_nonblank_line(b)
                if self.first_line is not None:
                    break
        except READ_ERRORS as exc:
            self.read_error = exc

    def __iter__(self):
        from .sources import READ_ERRORS

        while self.head:
            b = self.head.pop(0)
            self.bytes_read += len(b)
            yield b
        if self.read_error is not None:
            return
        try:
            for b in self._blocks:
                self.bytes_read += len(b)
                yield b
        except READ_ERRORS as exc:
            self.read_error = exc

    def read_error_message(self, lines: int, input_bytes: int) -> str:
        """The report of an input that a read error ended after ``lines`` lines, when
        ``input_bytes`` had been read from it (the cut line after the last whole one is lost)."""
        cut = input_bytes - self.bytes_read
        return (f"read error after line {lines:,} ({self.bytes_read:,} bytes): {self.read_error}; "
                "the lines before it are stored"
                + (f", the cut line after it ({cut:,} bytes) is not" if cut else ""))


def line_lists(blocks, max_lines: int):
    """Byte blocks of whole lines -> lists of at most ``max_lines`` lines (without the newline),
    the shape the reference and CSV paths read (``sources.iter_line_blocks``)."""
    for b in blocks:
        lines = b.split(b"\n")
        if b.endswith(b"\n"):
            lines.pop()
        for i in range(0, len(lines), max_lines):
            yield lines[i:i + max_lines]


def ts_us(ts: np.ndarray) -> np.ndarray:
    """Float epoch seconds -> int64 epoch microseconds, rounded (as ``pipeline._ts_us``)."""
    return np.round(np.asarray(ts, dtype=np.float64) * US).astype(np.int64)


def dedup_in_batch(keys: np.ndarray, ts: np.ndarray, window_us: int, stored: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of the rows to keep (rows in framer order): a row is a repeat when it
    repeats a stored message (``stored``) or a row kept before it with the same key lies within
    ``window_us`` of it (compiled: ``_kernels.greedy_repeats``, a hash table of the keys)."""
    from . import _kernels as K
    n = len(keys)
    pre = np.zeros(n, dtype=bool) if stored is None else np.asarray(stored, dtype=bool)
    if n < 2:
        return ~pre
    return ~K.greedy_repeats(np.ascontiguousarray(keys, dtype=np.int64), np.ascontiguousarray(ts, dtype=np.int64),
                             pre, int(window_us))


def repeats(store, keys: np.ndarray, ts: np.ndarray) -> np.ndarray:
    """Which of a batch's messages (in framer order; ``ts`` epoch microseconds) are repeats:
    of a stored message, or of one kept earlier in the batch, within ``ingest.dedup_window_s``
    (see the module docstring)."""
    w_us = int(round(float(store.config.ingest.dedup_window_s) * US))
    stored = None
    if len(keys):
        con = store.con
        views: list[str] = []

        def reg(name, table):
            con.register(name, table)
            views.append(name)
            return name
        try:
            stored = store._stored_repeats(pa.table({"msg_key": pa.array(keys, pa.int64()),
                                                     "ts": pa.array(ts, pa.int64()).cast(S.TS)}), w_us, reg)
        finally:
            for v in views:
                con.unregister(v)
    return ~dedup_in_batch(keys, ts, w_us, stored)


def _with_source(t: pa.Table, sch: pa.Schema, source_id: int) -> pa.Table:
    """Schema columns in schema order, ``source_id`` set, types exactly the schema's."""
    cols = []
    for f in sch:
        if f.name == "source_id":
            cols.append(pa.array(np.full(t.num_rows, source_id, np.int32), pa.int32()))
        else:
            col = t.column(f.name)
            cols.append(col if col.type == f.type else col.cast(f.type))
    return pa.Table.from_arrays(cols, schema=sch)


def _select(t: pa.Table, keep_msg: np.ndarray) -> pa.Table:
    """Rows of a decoded table whose message (``_idx``) is kept."""
    if t.num_rows == 0:
        return t
    idx = t.column("_idx").to_numpy()
    m = keep_msg[idx]
    return t if m.all() else t.filter(pa.array(m))


def _type_counts(*cols: np.ndarray) -> dict[str, int]:
    """Messages per AIS type, as ``SourceReport.by_type`` keys ('csv' for type 0)."""
    vals = np.concatenate([np.asarray(c, dtype=np.int64) for c in cols]) if cols else np.zeros(0, np.int64)
    if not len(vals):
        return {}
    counts = np.bincount(vals - vals.min(), minlength=1)
    base = int(vals.min())
    return {("csv" if k + base == 0 else str(k + base)): int(v) for k, v in enumerate(counts.tolist()) if v}


def prepare_fast_batch(fb, source_id: int, rep, config) -> PreparedBatch | None:
    """Counts of ``fb`` into ``rep`` (all but ``stored`` and ``duplicates``, which the write
    decides) and the tables to write; None when the batch has nothing to write."""
    rep.lines += fb.lines
    rep.blank += fb.blank
    rep.headers += fb.headers
    rep.sentences += fb.sentences
    rej = fb.rejects
    if rej.num_rows:
        rej = _with_source(rej, S.REJECTS, source_id)
        rep.rejects += rej.num_rows
        vc = pc.value_counts(rej.column("reason"))
        rep.rejects_by_reason.update(dict(zip(vc.field("values").to_pylist(), vc.field("counts").to_pylist())))
    else:
        rej = S.REJECTS.empty_table()
    good = np.asarray(fb.good, dtype=np.int64)
    if fb.n_messages == 0 or len(good) == 0:
        pb = PreparedBatch(S.POSITIONS.empty_table(), S.STATICS.empty_table(), S.OTHER.empty_table(),
                           S.RAW.empty_table(), rej)
        return None if pb.empty else pb
    ic = config.ingest
    m = fb.messages
    keys_all = m.column("msg_key").to_numpy()
    ts_all = ts_us(m.column("ts").to_numpy())
    rep.messages += len(good)
    keep_msg = np.zeros(fb.n_messages, dtype=bool)
    keep_msg[good] = True
    pos = _select(fb.positions, keep_msg)
    sta = _select(fb.statics, keep_msg)
    oth = _select(fb.other, keep_msg)
    n = len(good)
    sel = pa.array(keep_msg)  # a filter keeps framer order (and is cheaper than a take)
    raw_text = m.column("raw").filter(sel) if ic.keep_raw else pa.nulls(n, pa.string())
    raw = pa.Table.from_arrays([
        pa.array(keys_all[good], pa.int64()),
        pa.array(ts_all[good], pa.int64()).cast(S.TS),
        pa.array(np.full(n, source_id, np.int32), pa.int32()),
        m.column("line_no").filter(sel),
        raw_text,
    ], schema=S.RAW)
    idx = lambda t: t.column("_idx").to_numpy() if t.num_rows else np.zeros(0, np.int64)  # noqa: E731
    return PreparedBatch(_with_source(pos, S.POSITIONS, source_id), _with_source(sta, S.STATICS, source_id),
                         _with_source(oth, S.OTHER, source_id), raw, rej, idx(pos), idx(sta), idx(oth), good)


def _keep(t: pa.Table, idx: np.ndarray, keep_msg: np.ndarray) -> pa.Table:
    if t.num_rows == 0:
        return t
    m = keep_msg[idx]
    return t if m.all() else t.filter(pa.array(m))


def write_prepared(store, pb: PreparedBatch | None, rep) -> None:
    """De-duplication against the store and inside the batch (:func:`repeats`), then one atomic
    store write; adds ``stored``, ``duplicates`` and the counts of what is stored to ``rep``."""
    if pb is None or pb.empty:
        return
    n = pb.raw.num_rows
    pos, sta, oth, raw = pb.positions, pb.statics, pb.other, pb.raw
    if n:
        keys = raw.column("msg_key").to_numpy()
        ts = raw.column("ts").cast(pa.int64()).to_numpy()
        rep_mask = repeats(store, keys, ts)
        if rep_mask.any():
            size = int(max(pb.raw_idx.max(), *(a.max() for a in (pb.pos_idx, pb.sta_idx, pb.oth_idx) if len(a)))) + 1
            keep_msg = np.zeros(size, dtype=bool)
            keep_msg[pb.raw_idx[~rep_mask]] = True
            pos, sta, oth = _keep(pos, pb.pos_idx, keep_msg), _keep(sta, pb.sta_idx, keep_msg), _keep(oth, pb.oth_idx,
                                                                                                   keep_msg)
            raw = raw.filter(pa.array(~rep_mask))
    stored, dups = store.write_batch(pos, sta, oth, raw, pb.rejects)
    rep.stored += stored
    rep.duplicates += dups + (n - raw.num_rows)
    if raw.num_rows:
        rep.positions += pos.num_rows
        rep.statics += sta.num_rows
        rep.other += oth.num_rows
        pt = pos.column("msg_type").to_numpy(zero_copy_only=False)
        rep.by_type.update(_type_counts(pt[(pt != 19) & (pt != 21)],
                                        sta.column("msg_type").to_numpy(zero_copy_only=False),
                                        oth.column("msg_type").to_numpy(zero_copy_only=False)))
        kt = raw.column("ts").cast(pa.int64()).to_numpy()
        for attr, v, f in (("first_ts", int(kt.min()) / US, min), ("last_ts", int(kt.max()) / US, max)):
            cur = getattr(rep, attr)
            setattr(rep, attr, v if cur is None else f(cur, v))


def store_fast_batch(store, fb, source_id: int, rep) -> None:
    """Counts + de-duplication + store write of a :class:`~seasentry.ingest.fast.FastBatch`, in
    the calling thread (what ``pipeline._write_nmea`` does for a framed batch)."""
    write_prepared(store, prepare_fast_batch(fb, source_id, rep, store.config), rep)


class StoreWriter:
    """Writes prepared batches to ``store`` on one thread, at most ``depth`` waiting.

    ``submit`` blocks while the queue is full and raises the writer's error, if any; ``close``
    waits for every submitted batch and raises the writer's error; ``abort`` (for an
    interruption or an error in the caller) drops the waiting batches, lets the batch being
    written commit or roll back, and waits for the thread. Batches are written in order."""

    _STOP = object()

    def __init__(self, store, rep, depth: int = 2) -> None:
        self.store = store
        self.rep = rep
        self.error: BaseException | None = None
        self._q: queue.Queue = queue.Queue(maxsize=max(1, depth))
        self._cancel = threading.Event()
        self._t = threading.Thread(target=self._run, name="seasentry-store-writer", daemon=True)
        self._t.start()

    def _run(self) -> None:
        while True:
            item = self._q.get()
            if item is self._STOP:
                return
            if self._cancel.is_set() or self.error is not None:
                continue  # drain: the caller is stopping
            try:
                write_prepared(self.store, item, self.rep)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                self.error = exc
            item = None  # free the batch while waiting for the next one

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def submit(self, pb: PreparedBatch | None) -> None:
        self._raise()
        if pb is None or pb.empty:
            return
        while True:
            try:
                self._q.put(pb, timeout=0.1)
                return
            except queue.Full:
                self._raise()
                if not self._t.is_alive():
                    raise RuntimeError("store writer stopped")

    def _stop_and_join(self) -> None:
        while self._t.is_alive():
            try:
                self._q.put(self._STOP, timeout=0.1)
                break
            except queue.Full:
                continue
        while self._t.is_alive():
            self._t.join(timeout=0.1)

    def close(self) -> None:
        """Wait until every submitted batch is written; raise the writer's error if any."""
        self._stop_and_join()
        self._raise()

    def abort(self) -> None:
        """Stop after the batch being written; waiting batches are dropped (not committed)."""
        self._cancel.set()
        try:
            while True:
                self._q.get_nowait()
        except queue.Empty:
            pass
        self._stop_and_join()


__all__ = [
    "BLOCK_BYTES",
    "PreparedBatch",
    "StoreWriter",
    "count_lines",
    "dedup_in_batch",
    "first_nonblank_line",
    "iter_byte_blocks",
    "line_lists",
    "prepare_fast_batch",
    "repeats",
    "store_fast_batch",
    "ts_us",
    "write_prepared",
]
