"""The store side of the live path: journaled chunks -> framing -> decoding -> store -> checkpoint.

Runs in one worker thread (the only user of the DuckDB connection); the asyncio side hands
it :class:`Chunk` lists. It is the batch ingest, with the same code and the same state rules:

* one assembler (framing + multipart reassembly) per feed, of the kind ``seasentry ingest``
  uses with the same decoder: the compiled :class:`~seasentry.ingest.fast.FastState` of the
  fast path (default), or :class:`~seasentry.ingest.nmea.NmeaFramer` with ``decoder="pyais"``.
  A ``tcp`` source (a receiver or aggregator this process connects to) is one feed: its
  assembler is kept across reads, batches, reconnections and restarts, so a multipart message
  split by a packet, a batch or a restart is rebuilt as a file ingest of the same lines
  rebuilds it. A ``listen`` or ``udp`` source has one assembler per connection or sender (their
  fragments never mix), closed when the connection ends;
* multipart time-to-live is checked at every sentence (never at block ends) and
  de-duplication compares with kept messages only (``batch_store.repeats``), so the store does
  not depend on packet or batch boundaries: a live store equals ``seasentry ingest`` of the
  same lines (``tests/test_live_equals_batch.py``);
* the fast path's ``prepare_fast_batch`` / ``write_prepared`` (or ``pipeline._write_nmea``):
  cleaning, de-duplication against the store and inside the batch, ``Store.write_batch``.

Live specifics:

* A message without its own time (no tag block ``c:``, trailing epoch, ``$PGHP`` or leading
  column) gets the arrival time of the packet that completed it, with
  ``time_source = 'arrival'``; a message without a tag-block station gets the source name
  as ``station``.
* Each named source is one row of the ``sources`` table (``name = 'live:NAME'``, format
  ``nmea-live``) and numbers its lines 1, 2, 3 ... for ever: rejects and stored messages
  point at the journal line (``line_no``) they came from.
* After each committed batch the checkpoint records, per source, the last line committed,
  the first line still needed (``resume``: the oldest waiting fragment) and the assemblers'
  waiting fragments themselves (``assemblers``: the pending multipart state, journaled). After
  a crash or ``kill -9`` recovery restores those assemblers and replays the journal from the
  line after ``committed``; messages wholly made of lines up to ``committed`` are known to be
  stored and are skipped, the others are looked up in the store by (source, line) (the
  process may have died between the store commit and the checkpoint) and written only if
  absent; rejects are idempotent in the store. So nothing is lost and nothing is stored
  twice, without relying on the content de-duplication alone. (A checkpoint written before
  ``assemblers`` existed is replayed from ``resume``, as then.)
* A clean stop (Ctrl-C, SIGTERM, ``--duration``, ``--idle-exit``) ends every feed as the end
  of a file does: waiting fragments become ``orphan_fragment`` rejects.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from ..config import Config
from ..ingest.batch_store import prepare_fast_batch, write_prepared
from ..ingest.decode import Decoder, get_decoder
from ..ingest.nmea import FramedBatch, NmeaFramer
from ..ingest.pipeline import SourceReport, _write_nmea
from .journal import KIND_EOF, Checkpoint, Journal

LIVE_FORMAT = "nmea-live"


@dataclass
class Chunk:
    """Consecutive lines of one connection that arrived together (or the end of a connection)."""

    source: str
    conn: int
    kind: int  # journal.KIND_LINE or KIND_EOF
    first_line: int
    arrival_us: int
    lines: list[bytes] = field(default_factory=list)
    orig_lens: list[int] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.lines)


@dataclass
class BatchResult:
    lines: int = 0
    messages: int = 0
    stored: int = 0
    duplicates: int = 0
    rejects: int = 0
    skipped_committed: int = 0
    found_in_store: int = 0
    positions: pl.DataFrame | None = None
    statics: pl.DataFrame | None = None
    max_arrival_us: int = 0
    seconds: float = 0.0


def _text(b: bytes) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def _live_tables(fb, source: str) -> None:
    """A fast batch's rows as the live path stores them: the source name as the station of
    messages without a tag-block ``s:``, ``time_source = 'arrival'`` for the base (arrival) time."""
    for name in ("positions", "statics", "other"):
        t = getattr(fb, name)
        if not t.num_rows:
            continue
        i = t.schema.get_field_index("station")
        t = t.set_column(i, "station", pc.fill_null(t.column(i), source))
        j = t.schema.get_field_index("time_source")
        col = t.column(j)
        t = t.set_column(j, "time_source", pc.if_else(pc.equal(col, "base"), pa.scalar("arrival"), col))
        setattr(fb, name, t)


def merge_batches(fbs: list[FramedBatch]) -> FramedBatch:
    if len(fbs) == 1:
        return fbs[0]
    out = FramedBatch()
    for fb in fbs:
        for k in ("payload", "fill_bits", "ts", "time_source", "station", "line_no", "raw", "rej_line_no",
                  "rej_reason", "rej_detail", "rej_raw", "frags", "frag_lines"):
            getattr(out, k).extend(getattr(fb, k))
        for k in ("lines", "units", "blank", "headers", "sentences"):
            setattr(out, k, getattr(out, k) + getattr(fb, k))
    return out


def select_messages(fb: FramedBatch, keep: list[bool]) -> FramedBatch:
    """The same batch with only the messages where ``keep`` is true (rejects unchanged)."""
    out = FramedBatch()
    for k in ("rej_line_no", "rej_reason", "rej_detail", "rej_raw"):
        setattr(out, k, getattr(fb, k))
    for k in ("lines", "units", "blank", "headers", "sentences"):
        setattr(out, k, getattr(fb, k))
    for k in ("payload", "fill_bits", "ts", "time_source", "station", "line_no", "raw", "frags", "frag_lines"):
        setattr(out, k, [v for v, w in zip(getattr(fb, k), keep) if w])
    return out


class LiveProcessor:
    """Framing, decoding and storing of journaled chunks; checkpointing; recovery."""

    def __init__(self, store, cfg: Config | None = None, journal: Journal | None = None,
                 decoder: str | Decoder = "fast", on_batch=None) -> None:
        self.store = store
        self.cfg = cfg or store.config
        self.journal = journal
        self.decoder = get_decoder(decoder) if isinstance(decoder, str) else decoder
        self.fast = bool(getattr(self.decoder, "fast_path", False))
        self.on_batch = on_batch
        #: assembler per feed: (source, 0) for a tcp source (one feed across connections and
        #: restarts), (source, connection) for listen / udp sources
        self.assemblers: dict[tuple[str, int], object] = {}
        self.continuous: set[str] = set()
        self.reports: dict[str, SourceReport] = {}
        self.source_ids: dict[str, int] = {}
        self._prev_counts: dict[str, dict] = {}
        self.ckpt = Checkpoint.load(journal.checkpoint_path) if journal is not None else Checkpoint()
        self.batches = 0
        self.totals = BatchResult()
        self.recovery: dict = {}
        self.started = time.time()
        self.last_commit_s = 0.0
        self._recover_committed: dict[str, int] = {}

    # ------------------------------------------------------------------ sources
    @property
    def framers(self) -> dict:
        """The assemblers (earlier name)."""
        return self.assemblers

    def warm_up(self) -> None:
        """Load the compiled kernels before the first batch (fast path)."""
        if self.fast:
            from ..ingest.fast import warm_up
            warm_up()

    def register_source(self, name: str, url: str | None = None) -> int:
        """The ``sources`` row of a named live source (created on first use, reused after). A
        ``tcp://`` source is one feed: one assembler across its connections and restarts."""
        if url is not None and url.startswith("tcp://"):
            self.continuous.add(name)
        if name in self.source_ids:
            return self.source_ids[name]
        con = self.store.con
        row = con.execute("SELECT source_id, counts FROM sources WHERE name = ? AND format = ? "
                          "ORDER BY source_id LIMIT 1", [f"live:{name}", LIVE_FORMAT]).fetchone()
        if row is None:
            sid = self.store.begin_source(f"live:{name}", url, None, None, None, LIVE_FORMAT, self.decoder.name, None)
            prev = {}
        else:
            sid = int(row[0])
            try:
                prev = json.loads(row[1]) if row[1] else {}
            except ValueError:
                prev = {}
            con.execute("UPDATE sources SET status = 'partial', path = coalesce(?, path) WHERE source_id = ?",
                        [url, sid])
        self.source_ids[name] = sid
        self._prev_counts[name] = prev
        self.reports[name] = SourceReport(f"live:{name}", format=LIVE_FORMAT)
        st = self.ckpt.sources.setdefault(name, {"committed": 0, "resume": 1, "last_line": 0})
        st["source_id"] = sid
        return sid

    def next_line(self, name: str) -> int:
        st = self.ckpt.sources.get(name) or {}
        return int(st.get("last_line", 0)) + 1

    # ------------------------------------------------------------------ one batch
    def _akey(self, source: str, conn: int) -> tuple[str, int]:
        return (source, 0) if source in self.continuous else (source, conn)

    def _framer(self, key: tuple[str, int]):
        """The assembler of a feed (made on first use)."""
        fr = self.assemblers.get(key)
        if fr is None:
            ic = self.cfg.ingest
            if self.fast:
                from ..ingest.fast import FastState
                fr = FastState(ttl_lines=ic.fragment_ttl_lines, ttl_s=ic.fragment_ttl_s,
                               max_line_length=ic.max_line_length)
            else:
                fr = NmeaFramer(ttl_lines=ic.fragment_ttl_lines, ttl_s=ic.fragment_ttl_s,
                                max_line_length=ic.max_line_length)
            self.assemblers[key] = fr
        return fr

    def frame(self, chunks: list[Chunk], final: bool = False) -> tuple[dict[str, list], dict[str, int]]:
        """Frame chunks in order; per source: the framed batches (``FramedBatch`` or, fast path,
        ``FastBatch``) and the last line seen. ``final``: every feed ends (a clean stop)."""
        if self.fast:
            return self._frame_fast(chunks, final)
        per: dict[str, list[FramedBatch]] = defaultdict(list)
        last: dict[str, int] = {}
        for ch in chunks:
            key = self._akey(ch.source, ch.conn)
            if ch.kind == KIND_EOF:
                if key[1] != 0 or ch.source not in self.continuous:
                    fr = self.assemblers.pop(key, None)
                    if fr is not None:
                        per[ch.source].append(fr.flush())
                continue
            if not ch.lines:
                continue
            fr = self._framer(key)
            fr.base_time = ch.arrival_us / 1e6
            texts = [_text(b) for b in ch.lines]
            i, n = 0, len(texts)
            for j in range(n):
                full = ch.orig_lens[j] if ch.orig_lens else len(ch.lines[j])
                if full > len(ch.lines[j]):  # cut by the line splitter: never framed
                    if j > i:
                        per[ch.source].append(fr.feed(texts[i:j], ch.first_line + i))
                    fb = FramedBatch()
                    fb.lines = fb.units = 1
                    fb.reject(ch.first_line + j, "line_too_long",
                              f"{full} bytes, only the first {len(ch.lines[j])} kept", texts[j])
                    per[ch.source].append(fb)
                    i = j + 1
            if i < n:
                per[ch.source].append(fr.feed(texts[i:], ch.first_line + i))
            last[ch.source] = max(last.get(ch.source, 0), ch.first_line + n - 1)
        if final:
            for key in list(self.assemblers):
                per[key[0]].append(self.assemblers.pop(key).flush())
        out = {}
        for src, fbs in per.items():
            fb = merge_batches(fbs)
            fb.time_source = ["arrival" if t == "base" else t for t in fb.time_source]
            fb.station = [src if s is None else s for s in fb.station]
            out[src] = [fb]
        return out, last

    def _frame_fast(self, chunks: list[Chunk], final: bool) -> tuple[dict[str, list], dict[str, int]]:
        """The fast path: the chunks of each feed in one compiled framing call per run of
        consecutive lines (a line cut by the splitter is a ``line_too_long`` reject between
        runs); each line's arrival time is the time of messages without their own."""
        from ..ingest.fast import flush, frame_and_decode, rejects_batch
        per: dict[str, list] = defaultdict(list)
        last: dict[str, int] = {}
        groups: dict[tuple[str, int], list[Chunk]] = {}
        ended: list[tuple[str, int]] = []
        for ch in chunks:
            key = self._akey(ch.source, ch.conn)
            if ch.kind == KIND_EOF:
                if ch.source not in self.continuous:
                    groups.setdefault(key, [])
                    ended.append(key)
                continue
            if ch.lines:
                groups.setdefault(key, []).append(ch)
                last[ch.source] = max(last.get(ch.source, 0), ch.first_line + ch.n - 1)
        for key, chs in groups.items():
            src = key[0]
            sid = self.source_ids.get(src, 0)
            if chs:
                st = self._framer(key)
                run: list[bytes] = []
                times: list[float] = []
                first = None

                def emit():
                    nonlocal run, times, first
                    if run:
                        buf = b"\n".join(run) + b"\n"
                        fb = frame_and_decode(buf, first, st, source_id=sid,
                                              line_time=np.asarray(times, np.float64))
                        _live_tables(fb, src)
                        per[src].append(fb)
                    run, times, first = [], [], None

                for ch in chs:
                    if first is not None and first + len(run) != ch.first_line:
                        emit()
                    t = ch.arrival_us / 1e6
                    for j, data in enumerate(ch.lines):
                        full = ch.orig_lens[j] if ch.orig_lens else len(data)
                        if full > len(data):  # cut by the line splitter: never framed
                            emit()
                            per[src].append(rejects_batch(
                                [ch.first_line + j], ["line_too_long"],
                                [f"{full} bytes, only the first {len(data)} kept"],
                                [data.decode("utf-8", "replace")], lines=1, source_id=sid))
                            continue
                        if first is None:
                            first = ch.first_line + j
                        run.append(data)
                        times.append(t)
                emit()
            if key in ended and key in self.assemblers:
                per[src].append(flush(self.assemblers.pop(key), source_id=sid))
        if final:
            for key in list(self.assemblers):
                per[key[0]].append(flush(self.assemblers.pop(key), source_id=self.source_ids.get(key[0], 0)))
        return per, last

    def commit(self, chunks: list[Chunk], recovering: bool = False, final: bool = False) -> BatchResult:
        """Frame, decode and store ``chunks`` (already journaled), then checkpoint. ``final``:
        the stream stops, every feed ends (waiting fragments become orphans)."""
        t0 = time.perf_counter()
        res = BatchResult(lines=sum(c.n for c in chunks))
        res.max_arrival_us = max((c.arrival_us for c in chunks), default=0)
        for src in {c.source for c in chunks}:
            if src not in self.source_ids:
                self.register_source(src)
        framed, last = self.frame(chunks, final)
        if self.journal is not None and self.journal.fsync_policy == "batch":
            self.journal.sync()
        keys_sid: list[int] = []
        keys_line: list[int] = []
        ts_lo = ts_hi = None
        for src, fbs in framed.items():
            sid = self.register_source(src) if src not in self.source_ids else self.source_ids[src]
            rep = self.reports[src]
            for fb in fbs:
                before = (rep.messages, rep.stored, rep.duplicates, rep.rejects)
                if self.fast:
                    if recovering and fb.n_messages:
                        self._drop_committed_fast(src, sid, fb, res)
                    write_prepared(self.store, prepare_fast_batch(fb, sid, rep, self.cfg), rep)
                    good = np.asarray(fb.good, np.int64)
                    lines = fb.messages.column("line_no").to_numpy()[good].tolist() if len(good) else []
                    tss = fb.messages.column("ts").to_numpy()[good] if len(good) else []
                else:
                    if recovering and fb.payload:
                        fb = self._drop_committed(src, sid, fb, res)
                    _write_nmea(self.store, self.decoder, fb, sid, rep)
                    lines, tss = fb.line_no, fb.ts
                res.messages += rep.messages - before[0]
                res.stored += rep.stored - before[1]
                res.duplicates += rep.duplicates - before[2]
                res.rejects += rep.rejects - before[3]
                if len(lines):
                    keys_sid += [sid] * len(lines)
                    keys_line += list(lines)
                    lo, hi = float(min(tss)), float(max(tss))
                    ts_lo = lo if ts_lo is None else min(ts_lo, lo)
                    ts_hi = hi if ts_hi is None else max(ts_hi, hi)
        if keys_sid and res.stored and self.on_batch is not None:
            res.positions, res.statics = self._new_rows(keys_sid, keys_line, ts_lo, ts_hi)
        self._checkpoint(last)
        res.seconds = time.perf_counter() - t0
        self.last_commit_s = res.seconds
        self.batches += 1
        for k in ("lines", "messages", "stored", "duplicates", "rejects", "skipped_committed", "found_in_store"):
            setattr(self.totals, k, getattr(self.totals, k) + getattr(res, k))
        if self.on_batch is not None and res.positions is not None:
            self.on_batch(self.store, res.positions, res.statics)
        return res

    def _stored_lines(self, sid: int, cand: list[int]) -> set[int]:
        if not cand:
            return set()
        con = self.store.con
        con.register("q_lines", pa.table({"line_no": pa.array(cand, pa.int64())}))
        try:
            return {r[0] for r in con.execute(
                "SELECT DISTINCT line_no FROM raw_messages r SEMI JOIN q_lines q USING (line_no) "
                "WHERE r.source_id = ?", [sid]).fetchall()}
        finally:
            con.unregister("q_lines")

    def _drop_committed(self, src: str, sid: int, fb: FramedBatch, res: BatchResult) -> FramedBatch:
        committed = int(self._recover_committed.get(src, 0))
        keep = [max(fl) > committed for fl in fb.frag_lines]
        res.skipped_committed += keep.count(False)
        found = self._stored_lines(sid, [ln for ln, k in zip(fb.line_no, keep) if k])
        if found:
            keep = [k and (ln not in found) for ln, k in zip(fb.line_no, keep)]
            res.found_in_store += len(found)
        return select_messages(fb, keep)

    def _drop_committed_fast(self, src: str, sid: int, fb, res: BatchResult) -> None:
        """As :meth:`_drop_committed`, on a fast batch: its accepted messages (``good``) less
        those known to be stored."""
        committed = int(self._recover_committed.get(src, 0))
        n = fb.n_messages
        last_line = np.maximum.reduceat(fb.frag_line_no, fb.frag_ptr[:-1]) if n else np.zeros(0, np.int64)
        keep = last_line > committed
        good = np.asarray(fb.good, np.int64)
        res.skipped_committed += int((~keep[good]).sum())
        line_no = fb.messages.column("line_no").to_numpy()
        found = self._stored_lines(sid, line_no[good[keep[good]]].tolist())
        if found:
            keep &= ~np.isin(line_no, np.fromiter(found, np.int64, len(found)))
            res.found_in_store += len(found)
        fb.good = good[keep[good]]

    def _new_rows(self, sids: list[int], lines: list[int], ts_lo: float, ts_hi: float):
        con = self.store.con
        con.register("q_new", pa.table({"source_id": pa.array(sids, pa.int32()),
                                        "line_no": pa.array(lines, pa.int64())}))
        lo = pl.Series([int(ts_lo * 1e6)]).cast(pl.Datetime("us"))[0]
        hi = pl.Series([int(ts_hi * 1e6) + 1]).cast(pl.Datetime("us"))[0]
        try:
            pos = con.execute("SELECT p.* FROM positions p SEMI JOIN q_new q "
                              "ON p.source_id = q.source_id AND p.line_no = q.line_no "
                              "WHERE p.ts BETWEEN ? AND ?", [lo, hi]).pl()
            sta = con.execute("SELECT s.* FROM statics s SEMI JOIN q_new q "
                              "ON s.source_id = q.source_id AND s.line_no = q.line_no "
                              "WHERE s.ts BETWEEN ? AND ?", [lo, hi]).pl()
        finally:
            con.unregister("q_new")
        return pos, sta

    def _checkpoint(self, last: dict[str, int]) -> None:
        ck = self.ckpt
        pend: dict[str, int] = {}
        snaps: dict[str, dict] = {}
        for (src, conn), fr in self.assemblers.items():
            p = fr.first_line()
            if p is not None:
                pend[src] = min(pend.get(src, p), p)
                snaps.setdefault(src, {})[str(conn)] = fr.snapshot()
        for src, ln in last.items():
            st = ck.sources.setdefault(src, {"committed": 0, "resume": 1, "last_line": 0})
            st["committed"] = max(int(st.get("committed", 0)), ln)
            st["last_line"] = max(int(st.get("last_line", 0)), ln)
        for src, st in ck.sources.items():
            st["resume"] = min(pend.get(src, st["committed"] + 1), st["committed"] + 1)
            # the waiting multipart fragments themselves: a restart goes on from them (see recover)
            st["assemblers"] = snaps.get(src, {})
            st["decoder"] = "fast" if self.fast else "pyais"
            if src in self.source_ids:
                st["source_id"] = self.source_ids[src]
        ck.batches += 1
        if self.journal is not None:
            ck.save(self.journal.checkpoint_path)
            self.journal.remove_committed({s: st["resume"] for s, st in ck.sources.items()})

    def note_lines(self, source: str, last_line: int) -> None:
        """Lines numbered (journaled) but not yet committed: keep ``last_line`` monotonic."""
        st = self.ckpt.sources.setdefault(source, {"committed": 0, "resume": 1, "last_line": 0})
        st["last_line"] = max(int(st.get("last_line", 0)), last_line)

    # ------------------------------------------------------------------ recovery
    def recover(self, batch_lines: int | None = None) -> dict:
        """Replay the journal after the checkpoint (after a crash or kill -9); see module doc."""
        t0 = time.perf_counter()
        batch_lines = batch_lines or self.cfg.live.batch_max_lines
        ck = self.ckpt
        self._recover_committed = {s: int(st.get("committed", 0)) for s, st in ck.sources.items()}
        resume = {}
        mine = "fast" if self.fast else "pyais"
        for s, st in ck.sources.items():
            snaps = st.get("assemblers")
            if snaps is not None and st.get("decoder", mine) == mine:
                # the waiting fragments were journaled in the checkpoint: restore them and go on
                # from the first line after those committed
                for conn, snap in snaps.items():
                    self._framer((s, int(conn))).restore(snap)
                resume[s] = int(st.get("committed", 0)) + 1
            else:  # an older checkpoint (or another decoder's): rebuild them from the journal
                resume[s] = int(st.get("resume", 1))
        chunks: list[Chunk] = []
        pending = 0
        n_records = replayed = 0
        max_line: dict[str, int] = {}
        max_conn = 0
        before = (self.totals.stored, self.totals.skipped_committed, self.totals.found_in_store,
                  self.totals.rejects)
        cur: Chunk | None = None
        for r in self.journal.recover():
            n_records += 1
            max_conn = max(max_conn, r.conn)
            if r.kind == KIND_EOF:
                chunks.append(Chunk(r.source, r.conn, KIND_EOF, r.line_no, r.arrival_us))
                cur = None
                continue
            max_line[r.source] = max(max_line.get(r.source, 0), r.line_no)
            if r.line_no < resume.get(r.source, 1):
                continue
            replayed += 1
            if (cur is not None and cur.source == r.source and cur.conn == r.conn
                    and cur.arrival_us == r.arrival_us and cur.first_line + cur.n == r.line_no):
                cur.lines.append(r.data)
                cur.orig_lens.append(r.orig_len)
            else:
                cur = Chunk(r.source, r.conn, 0, r.line_no, r.arrival_us, [r.data], [r.orig_len])
                chunks.append(cur)
            pending += 1
            if r.source not in self.source_ids:
                self.register_source(r.source)
            if pending >= batch_lines:
                self.commit(chunks, recovering=True)
                chunks, pending, cur = [], 0, None
        # every connection of the crashed run is gone: close their assemblers (orphans -> rejects);
        # a tcp source's feed goes on with the next connection
        chunks += [Chunk(s, c, KIND_EOF, 0, 0) for (s, c) in list(self.assemblers) if s not in self.continuous]
        for s in max_line:
            if s not in self.source_ids:
                self.register_source(s)
        for s, ln in max_line.items():
            self.note_lines(s, ln)
        self.commit(chunks, recovering=True)
        ck.next_conn = max(ck.next_conn, max_conn + 1)
        self._recover_committed = {}
        self.recovery = {
            "journal_records": n_records, "lines_replayed": replayed,
            "stored": self.totals.stored - before[0],
            "skipped_committed": self.totals.skipped_committed - before[1],
            "found_in_store": self.totals.found_in_store - before[2],
            "rejects": self.totals.rejects - before[3],
            "torn_records_cut": self.journal.torn_records_cut, "seconds": round(time.perf_counter() - t0, 3),
        }
        return self.recovery

    # ------------------------------------------------------------------ shutdown
    def close_sources(self, seconds: float | None = None) -> None:
        """Write cumulative counts to each source's row (status 'complete': nothing in flight)."""
        dt = seconds if seconds is not None else time.time() - self.started
        for name, sid in self.source_ids.items():
            counts = self.reports[name].counts()
            prev = self._prev_counts.get(name) or {}
            total = {}
            for k, v in counts.items():
                if isinstance(v, dict):
                    d = dict(prev.get(k) or {})
                    for kk, vv in v.items():
                        d[kk] = d.get(kk, 0) + vv
                    total[k] = d
                else:
                    total[k] = int(prev.get(k, 0) or 0) + v
            self.store.finish_source(sid, None, total, dt, LIVE_FORMAT)
