"""The store side of the live path: journaled chunks -> framing -> decoding -> store -> checkpoint.

Runs in one worker thread (the only user of the DuckDB connection); the asyncio side hands
it :class:`Chunk` lists. It reuses the batch ingest unchanged: one
:class:`~seasentry.ingest.nmea.NmeaFramer` per connection (so multipart messages split
across packets reassemble and fragments of different sources or senders never mix), the
:class:`~seasentry.ingest.decode.Decoder`, and ``pipeline._write_nmea`` (cleaning, in-batch
de-duplication, ``Store.write_batch`` with its anti-join against what is stored: the same
message heard by several stations is stored once).

Live specifics:

* A message without its own time (no tag block ``c:``, trailing epoch, ``$PGHP`` or leading
  column) gets the arrival time of the packet that completed it, with
  ``time_source = 'arrival'``; a message without a tag-block station gets the source name
  as ``station``.
* Each named source is one row of the ``sources`` table (``name = 'live:NAME'``, format
  ``nmea-live``) and numbers its lines 1, 2, 3 ... for ever: rejects and stored messages
  point at the journal line (``line_no``) they came from.
* After each committed batch the checkpoint records, per source, the last line committed
  and the first line still needed (fragments of unfinished multipart messages). Recovery
  replays the journal from there; messages wholly made of lines up to ``committed`` are
  known to be stored and are skipped, the others are looked up in the store by
  (source, line) (the process may have died between the store commit and the checkpoint)
  and written only if absent; rejects are idempotent in the store. So nothing is lost and
  nothing is stored twice, without relying on the content de-duplication alone.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl
import pyarrow as pa

from ..config import Config
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


def _pending_first_line(framer: NmeaFramer) -> int | None:
    """Lowest line a framer still holds (fragments waiting for siblings, a $PGHP header)."""
    lines = [fr.line_no for p in framer._pending.values() for fr in p.parts.values()]
    if framer._pghp is not None:
        lines.append(framer._pghp[1])
    return min(lines) if lines else None


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
                 decoder: str | Decoder = "pyais", on_batch=None) -> None:
        self.store = store
        self.cfg = cfg or store.config
        self.journal = journal
        self.decoder = get_decoder(decoder) if isinstance(decoder, str) else decoder
        self.on_batch = on_batch
        self.framers: dict[tuple[str, int], NmeaFramer] = {}
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
    def register_source(self, name: str, url: str | None = None) -> int:
        """The ``sources`` row of a named live source (created on first use, reused after)."""
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
    def _framer(self, key: tuple[str, int]) -> NmeaFramer:
        fr = self.framers.get(key)
        if fr is None:
            ic = self.cfg.ingest
            fr = NmeaFramer(ttl_lines=ic.fragment_ttl_lines, ttl_s=ic.fragment_ttl_s,
                            max_line_length=ic.max_line_length)
            self.framers[key] = fr
        return fr

    def frame(self, chunks: list[Chunk]) -> tuple[dict[str, FramedBatch], dict[str, int]]:
        """Frame chunks in order; per source: the framed batch and the last line seen."""
        per: dict[str, list[FramedBatch]] = defaultdict(list)
        last: dict[str, int] = {}
        for ch in chunks:
            key = (ch.source, ch.conn)
            if ch.kind == KIND_EOF:
                fr = self.framers.pop(key, None)
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
        out = {}
        for src, fbs in per.items():
            fb = merge_batches(fbs)
            fb.time_source = ["arrival" if t == "base" else t for t in fb.time_source]
            fb.station = [src if s is None else s for s in fb.station]
            out[src] = fb
        return out, last

    def commit(self, chunks: list[Chunk], recovering: bool = False) -> BatchResult:
        """Frame, decode and store ``chunks`` (already journaled), then checkpoint."""
        t0 = time.perf_counter()
        res = BatchResult(lines=sum(c.n for c in chunks))
        res.max_arrival_us = max((c.arrival_us for c in chunks), default=0)
        framed, last = self.frame(chunks)
        if self.journal is not None and self.journal.fsync_policy == "batch":
            self.journal.sync()
        keys_sid: list[int] = []
        keys_line: list[int] = []
        ts_lo = ts_hi = None
        for src, fb in framed.items():
            sid = self.register_source(src) if src not in self.source_ids else self.source_ids[src]
            if recovering and fb.payload:
                fb = self._drop_committed(src, sid, fb, res)
            rep = self.reports[src]
            before = (rep.messages, rep.stored, rep.duplicates, rep.rejects)
            _write_nmea(self.store, self.decoder, fb, sid, rep)
            res.messages += rep.messages - before[0]
            res.stored += rep.stored - before[1]
            res.duplicates += rep.duplicates - before[2]
            res.rejects += rep.rejects - before[3]
            if fb.payload:
                keys_sid += [sid] * len(fb.line_no)
                keys_line += fb.line_no
                lo, hi = min(fb.ts), max(fb.ts)
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

    def _drop_committed(self, src: str, sid: int, fb: FramedBatch, res: BatchResult) -> FramedBatch:
        committed = int(self._recover_committed.get(src, 0))
        keep = [max(fl) > committed for fl in fb.frag_lines]
        res.skipped_committed += keep.count(False)
        cand = [ln for ln, k in zip(fb.line_no, keep) if k]
        if cand:
            con = self.store.con
            con.register("q_lines", pa.table({"line_no": pa.array(cand, pa.int64())}))
            try:
                found = {r[0] for r in con.execute(
                    "SELECT DISTINCT line_no FROM raw_messages r SEMI JOIN q_lines q USING (line_no) "
                    "WHERE r.source_id = ?", [sid]).fetchall()}
            finally:
                con.unregister("q_lines")
            if found:
                keep = [k and (ln not in found) for ln, k in zip(fb.line_no, keep)]
                res.found_in_store += len(found)
        return select_messages(fb, keep)

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
        for (src, _), fr in self.framers.items():
            p = _pending_first_line(fr)
            if p is not None:
                pend[src] = min(pend.get(src, p), p)
        for src, ln in last.items():
            st = ck.sources.setdefault(src, {"committed": 0, "resume": 1, "last_line": 0})
            st["committed"] = max(int(st.get("committed", 0)), ln)
            st["last_line"] = max(int(st.get("last_line", 0)), ln)
        for src, st in ck.sources.items():
            st["resume"] = min(pend.get(src, st["committed"] + 1), st["committed"] + 1)
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
        resume = {s: int(st.get("resume", 1)) for s, st in ck.sources.items()}
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
        # every connection of the crashed run is gone: close its framers (orphans -> rejects)
        chunks += [Chunk(s, c, KIND_EOF, 0, 0) for (s, c) in list(self.framers)]
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
