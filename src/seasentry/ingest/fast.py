"""Fast AIS path: raw NMEA bytes -> framed, decoded, cleaned Arrow columns in compiled code.

:func:`frame_and_decode` does in one call what the reference path does with
:class:`~seasentry.ingest.nmea.NmeaFramer` + :class:`~seasentry.ingest.decode.PyaisDecoder` +
the rules of :mod:`seasentry.ingest.clean` (as applied in ``pipeline._write_nmea``), with the
same messages, fields, times, stations, line numbers, raw text and rejects (same reasons,
details and order). The differential tests (``tests/test_fast_decoder.py``) hold it to that.

How it is fast (see ``benchmarks/bench_decode.py`` and ``docs/benchmarks.md``):

* the common line shapes (optional tag block, one ``!xxVDM`` sentence, checksum, trailing
  epoch) are framed by a numba kernel working on the bytes of the whole block
  (:func:`seasentry.ingest._kernels.scan_lines`);
* the rare shapes -- non-ASCII bytes, ``$PGHP`` headers, leading time columns, several
  sentences on a line, tag blocks or numbers that only Python's parsers define -- are framed
  line by line by the reference functions of :mod:`seasentry.ingest.nmea` and merged into the
  same sentence table;
* multipart reassembly, ``$PGHP`` timing and orphan expiry run in a second compiled pass
  (:func:`~seasentry.ingest._kernels.assemble`) with state carried between blocks in a
  :class:`FastState`;
* payload bits are decoded (:func:`~seasentry.ingest._kernels.decode_payloads`) and hashed
  (XXH64, identical to ``pipeline.stable_hash64``) in compiled loops; the cleaning rules
  are NumPy expressions; Arrow arrays are built from the buffers without Python objects.

Integration: see :func:`seasentry.ingest.batch_store.store_fast_batch` (what
``pipeline._write_nmea`` does, for a :class:`FastBatch`) and :class:`FastDecoder` (the ``Decoder`` interface, for ``get_decoder``).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from .. import schema as S_
from . import _kernels as K
from .clean import INVALID_MMSI_DETAIL, MMSI_MAX, MMSI_MIN
from .decode import Decoded, eta_text
from .nmea import (_AIS_HEAD, _SENTENCE_START, _VALID_PAYLOAD, _parse_leading_time, _parse_pghp,
                   _parse_tagblock, nmea_checksum, sentence_time)

US = 1_000_000

REASONS = ("not_ais", "bad_checksum", "bad_format", "bad_tagblock", "empty_payload", "bad_payload",
           "bad_bitcount", "decode_error", "orphan_fragment", "no_timestamp", "invalid_mmsi",
           "invalid_position", "line_too_long")
_REASON_CODE = {r: i for i, r in enumerate(REASONS)}
TIME_SOURCES = (None, "tagblock", "trailing", "pghp", "column", "base")
_TSRC_CODE = {v: i for i, v in enumerate(TIME_SOURCES)}
_WHY = ("a new message reused its sequence id before all parts arrived", "other parts did not arrive in time",
        "input ended before all parts arrived")
_NO_TS = "no tag block c:, trailing epoch, $PGHP or leading time; pass --base-time"
_MIN_BITS = {1: 168, 2: 168, 3: 168, 4: 168, 5: 420, 9: 168, 18: 168, 19: 312, 21: 272, 24: 160, 27: 96}


def _tables():
    """Lookup tables of the value conversions, shared with the reference decoder: rate of turn
    of every ROT_AIS value (``decode.rot_from_raw``, ITU-R M.1371-5 Table 48; NaN for the flags
    -128 and +-127) and the navigation status, the identity on 0..15 as pyais' enum gives it
    (tests/test_fast_decoder.py checks it against pyais; not imported here: ~0.06 CPU s of every
    ingest worker's start-up)."""
    from .decode import rot_from_raw

    rot = np.array([np.nan if rot_from_raw(r) is None else rot_from_raw(r) for r in range(-128, 128)],
                   dtype=np.float64)
    nav = np.arange(16, dtype=np.int64)
    return rot, nav


ROT_TABLE, NAV_TABLE = _tables()


def _ship_category(codes: np.ndarray, valid: np.ndarray) -> pa.Array:
    """``ship_category`` column: the ITU category of each code (null where ``valid`` is false or
    the code has none), gathered by one kernel (:func:`~seasentry.ingest._kernels.take_rows`)."""
    codes = np.asarray(codes, np.int64) & 255
    return _coded_buffers(codes, np.asarray(valid, bool) & _SHIP_NAMES_VALID[codes], _SHIP_NAMES)


# ==============================================================================================
# state and results
# ==============================================================================================

@dataclass
class _Frag:
    num: int
    payload: bytes
    fill: int
    line_no: int
    raw: bytes
    ts: float  # NaN = none
    tsrc: int
    station: bytes | None


@dataclass
class _Group:
    kind: int  # 1 = tag-block group id, 2 = (channel, sequence id, count)
    gid: bytes
    chan: bytes
    seq: bytes
    keycnt: int
    count: int
    first_line: int
    first_ts: float  # NaN = none
    parts: list[_Frag]


@dataclass
class FastState:
    """Framing state of one source, carried from block to block (like one ``NmeaFramer``)."""

    base_time: float | None = None
    ttl_lines: int = 1000
    ttl_s: float = 120.0
    max_line_length: int = 4096
    pending: list[_Group] = field(default_factory=list)
    pghp: tuple[float, int, bytes] | None = None  # (time, line_no, raw)
    # scratch arrays reused from block to block (the sentence table, decoded columns): fresh
    # ones of tens of MB per block cost more in page faults than the kernels that fill them
    _scratch: dict = field(default_factory=dict, repr=False, compare=False)

    def scratch(self, name: str, size: int, dtype) -> np.ndarray:
        """A 64-byte aligned 1-d array of at least ``size`` items kept for the next block."""
        a = self._scratch.get(name)
        if a is None or a.shape[0] < size or a.dtype != dtype:
            n = max(size, int(size * 1.25), 1024)
            raw = np.empty(n + 64 // np.dtype(dtype).itemsize, dtype)
            k = (-raw.ctypes.data % 64) // raw.itemsize
            a = raw[k:k + n]
            self._scratch[name] = a
        return a[:size]

    def output_buffer(self, name: str, size: int) -> np.ndarray:
        """A uint8 buffer of at least ``size`` bytes for string data that a FastBatch will point
        into: the one of the previous block when nothing references it any more (the caller
        dropped that batch), else a new one. Fresh memory of this size costs page faults."""
        pool = self._scratch.setdefault(name, [])
        for a in pool:
            # references: the list, ``a`` and getrefcount's argument; more = a batch uses it
            if a.shape[0] >= size and sys.getrefcount(a) <= 3:
                return a
        a = np.empty(max(size, int(size * 1.25), 1024), np.uint8)
        pool.append(a)
        if len(pool) > 3:  # a caller keeping its batches: forget the oldest (the batch owns it)
            del pool[0]
        return a

    def snapshot(self) -> dict:
        """The waiting fragments and ``$PGHP`` header as JSON-able data (:meth:`restore` takes it
        back): what a live stream writes into its checkpoint so that a restart goes on with the
        same state. Bytes travel as Latin-1 text (exact), NaN times as null."""
        def b(x):
            return None if x is None else x.decode("latin-1")

        def f(x):
            return None if x != x else x
        return {"pending": [{"kind": g.kind, "gid": b(g.gid), "chan": b(g.chan), "seq": b(g.seq), "keycnt": g.keycnt,
                             "count": g.count, "first_line": g.first_line, "first_ts": f(g.first_ts),
                             "parts": [[p.num, b(p.payload), p.fill, p.line_no, b(p.raw), f(p.ts), p.tsrc, b(p.station)]
                                       for p in g.parts]} for g in self.pending],
                "pghp": None if self.pghp is None else [self.pghp[0], self.pghp[1], b(self.pghp[2])]}

    def restore(self, snap: dict) -> None:
        """Take back the state of :meth:`snapshot`."""
        def b(x):
            return None if x is None else x.encode("latin-1")

        def f(x):
            return float("nan") if x is None else float(x)
        self.pending = [_Group(int(g["kind"]), b(g["gid"]), b(g["chan"]), b(g["seq"]), int(g["keycnt"]), int(g["count"]),
                               int(g["first_line"]), f(g["first_ts"]),
                               [_Frag(int(p[0]), b(p[1]), int(p[2]), int(p[3]), b(p[4]), f(p[5]), int(p[6]), b(p[7]))
                                for p in g["parts"]]) for g in snap.get("pending", [])]
        pg = snap.get("pghp")
        self.pghp = None if pg is None else (float(pg[0]), int(pg[1]), b(pg[2]))

    def first_line(self) -> int | None:
        """The lowest line still held (a waiting fragment or ``$PGHP`` header), or None."""
        lines = [p.line_no for g in self.pending for p in g.parts]
        if self.pghp is not None:
            lines.append(self.pghp[1])
        return min(lines) if lines else None

    @classmethod
    def from_config(cls, cfg=None, base_time: float | None = None) -> "FastState":
        if cfg is None:
            from ..config import Config
            cfg = Config()
        ic = cfg.ingest
        return cls(base_time=base_time, ttl_lines=ic.fragment_ttl_lines, ttl_s=ic.fragment_ttl_s,
                   max_line_length=ic.max_line_length)


@dataclass
class FastBatch:
    """Everything one block produced, columnar.

    ``messages`` (one row per framed message, framer order) holds ``line_no``, ``ts`` (float
    seconds), ``time_source``, ``station``, ``raw``, ``frags``, ``payload``, ``fill_bits``,
    ``msg_type`` and ``msg_key``; ``frag_ptr``/``frag_line_no`` give the line of each sentence
    of message i as ``frag_line_no[frag_ptr[i]:frag_ptr[i+1]]``. ``positions``, ``statics`` and
    ``other`` are Arrow tables in the store schemas plus ``_idx`` (row of ``messages``), with
    the cleaning rules applied and only the messages that passed them (``good``). ``rejects``
    lists framing rejects, then decode errors, then cleaning rejects, as ``_write_nmea`` does.
    """

    messages: pa.Table
    frag_ptr: np.ndarray
    frag_line_no: np.ndarray
    positions: pa.Table
    statics: pa.Table
    other: pa.Table
    rejects: pa.Table
    good: np.ndarray
    lines: int = 0
    blank: int = 0
    headers: int = 0
    sentences: int = 0
    units: int = 0
    state: FastState | None = None  # the state passed in (or made), to pass to the next block

    @property
    def n_messages(self) -> int:
        return self.messages.num_rows

    def meta(self, source_id: int = 0):
        """Per-message frame as ``pipeline._write_nmea`` builds it (polars)."""
        import polars as pl
        m = self.messages
        return pl.DataFrame({
            "ts": pl.Series(_ts_us(m.column("ts").to_numpy()), dtype=pl.Int64).cast(pl.Datetime("us")),
            "station": pl.from_arrow(m.column("station")),
            "time_source": pl.from_arrow(m.column("time_source")),
            "source_id": pl.repeat(source_id, m.num_rows, dtype=pl.Int32, eager=True),
            "line_no": pl.from_arrow(m.column("line_no")),
            "msg_key": pl.from_arrow(m.column("msg_key")),
            "raw": pl.from_arrow(m.column("raw")),
            "frags": pl.from_arrow(m.column("frags")),
        })


# ==============================================================================================
# framing
# ==============================================================================================

def _ro(a: np.ndarray) -> np.ndarray:
    """Read-only view: every byte array reaches the kernels with one type (numba compiles, and
    caches, one specialisation per argument type; bytes from np.frombuffer are read-only)."""
    v = a.view()
    v.flags.writeable = False
    return v


def _text(b: bytes) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def _py_sentence(text: str, line: str, lead_ts, multi: bool):
    """Stateless part of ``NmeaFramer._sentence`` (same checks, same order, same details).

    Returns ``(is_sentence, record)`` with record ("rej", reason, detail, raw) |
    ("pghp", t, raw) | ("frag", dict)."""
    raw = line if not multi else text
    tag: dict = {}
    if text.startswith("\\"):
        end = text.find("\\", 1)
        tb = text[1:end]
        text = text[end + 1:]
        tag = _parse_tagblock(tb)
        if tag is None:
            return 0, ("rej", "bad_tagblock", f"cannot parse tag block {tb!r}", raw)
    star = text.find("*")
    head_end = text.find(",")
    head = text[1:head_end]
    if text[0] == "$":
        if head == "PGHP":
            t = _parse_pghp(text)
            if t is None:
                return 0, ("rej", "bad_format", "unreadable $PGHP time header", raw)
            return 0, ("pghp", t, raw)
        return 0, ("rej", "not_ais", f"${head} sentence", raw)
    if not _AIS_HEAD.match(head):
        return 0, ("rej", "not_ais", f"!{head} sentence", raw)
    if star < 0 or len(text) < star + 3:
        return 1, ("rej", "bad_format", "no checksum", raw)
    try:
        expect = int(text[star + 1: star + 3], 16)
    except ValueError:
        return 1, ("rej", "bad_checksum", f"unreadable checksum {text[star + 1: star + 3]!r}", raw)
    got = nmea_checksum(text[1:star])
    if got != expect:
        return 1, ("rej", "bad_checksum", f"checksum {expect:02X} given, {got:02X} computed", raw)
    f = text[:star].split(",")
    if len(f) != 7:
        return 1, ("rej", "bad_format", f"{len(f)} fields, expected 7", raw)
    _, cnt_s, num_s, seq, chan, payload, fill_s = f
    if not (cnt_s.isdigit() and num_s.isdigit() and fill_s.isdigit()):
        return 1, ("rej", "bad_format", "fragment count, number or fill bits not a number", raw)
    cnt, num, fill = int(cnt_s), int(num_s), int(fill_s)
    if not (1 <= num <= cnt <= 9) or fill > 5:
        return 1, ("rej", "bad_format", f"fragment {num} of {cnt}, fill {fill}", raw)
    if not payload:
        return 1, ("rej", "empty_payload", "sentence has no payload", raw)
    if not _VALID_PAYLOAD.match(payload):
        return 1, ("rej", "bad_payload", "characters outside the AIS 6-bit alphabet", raw)
    ts, tsrc = sentence_time(tag, text[star + 3:])
    g = tag.get("g")
    return 1, ("frag", dict(cnt=cnt, num=num, fill=fill, seq=seq, chan=chan, payload=payload, ts=ts, tsrc=tsrc,
                            station=tag.get("s"), g=g, lead=lead_ts, raw=raw))


def _py_line(line: str, max_len: int):
    """Stateless part of ``NmeaFramer._line``: (blank, extra_units, sentences, records)."""
    line = line.strip("\r\n\x00\x1a ")
    if not line.strip():
        return 1, 0, 0, []
    if len(line) > max_len:
        return 0, 0, 0, [("rej", "line_too_long", f"{len(line)} characters", line[:max_len])]
    if line.startswith("#"):
        return 0, 0, 0, [("rej", "not_ais", "comment", line)]
    starts = [m.start() for m in _SENTENCE_START.finditer(line)]
    if not starts:
        return 0, 0, 0, [("rej", "not_ais", "no NMEA sentence found", line)]
    prefix = line[: starts[0]]
    lead_ts = _parse_leading_time(prefix) if prefix.strip() else None
    recs = []
    nsent = 0
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(line)
        is_s, rec = _py_sentence(line[s:e].rstrip(" ,"), line, lead_ts, multi=len(starts) > 1)
        nsent += is_s
        recs.append(rec)
    return 0, len(starts) - 1, nsent, recs


class _Aux:
    """Side byte buffer for strings made in Python; references are offset by ``base``."""

    def __init__(self, base: int) -> None:
        self.base = base
        self.parts: list[bytes] = []
        self.n = 0

    def put(self, b: bytes) -> tuple[int, int]:
        off = self.base + self.n
        self.parts.append(b)
        self.n += len(b)
        return off, len(b)

    def puts(self, s: str | None) -> tuple[int, int]:
        if s is None:
            return -1, -1
        return self.put(s.encode("utf-8"))

    def array(self) -> np.ndarray:
        return np.frombuffer(b"".join(self.parts), dtype=np.uint8) if self.n else np.zeros(1, np.uint8)


def _set_frag_row(row: np.ndarray, aux: _Aux, cnt, num, fill, seq: bytes, chan: bytes, payload: bytes, raw: bytes,
                  station: bytes | None) -> None:
    row[K.C_CNT], row[K.C_NUM], row[K.C_FILL] = cnt, num, fill
    row[K.C_SEQ_OFF], row[K.C_SEQ_LEN] = aux.put(seq)
    row[K.C_CHAN_OFF], row[K.C_CHAN_LEN] = aux.put(chan)
    row[K.C_PAY_OFF], row[K.C_PAY_LEN] = aux.put(payload)
    row[K.C_RAW_OFF], row[K.C_RAW_LEN] = aux.put(raw)
    if station is None:
        row[K.C_ST_OFF], row[K.C_ST_LEN] = -1, -1
    else:
        row[K.C_ST_OFF], row[K.C_ST_LEN] = aux.put(station)


def _frame(buf: bytes, first_line_no: int, st: FastState, line_time: np.ndarray | None = None):
    """Phase 1 (scan + Python fallback + carried state) and phase 2 (assemble). ``line_time``
    (one time per line of ``buf``) replaces the state's base time: a message without its own
    time gets the time of the line that completed it."""
    barr = _ro(np.frombuffer(buf, dtype=np.uint8)) if buf else _ro(np.zeros(0, np.uint8))
    nlines = int(K.count_lines(barr))  # 1.0 ms per 8 MB; bytes.count took 3.1 ms
    nb = barr.shape[0]
    ncarry = sum(len(g.parts) for g in st.pending) + (st.pghp is not None)
    # carried fragments and header take the first rows; the scan fills the rest in place
    # int32 cells halve the memory traffic over S (a row's hot half is one cache line) whenever
    # every byte offset and line number fits; int64 otherwise (blocks of 512 MB or more)
    sdt = np.int32 if nb < (1 << 29) and first_line_no + nlines < (1 << 31) - 1 else np.int64
    S_all = st.scratch("S", (ncarry + nlines) * K.NCOL, sdt).reshape(ncarry + nlines, K.NCOL)
    ts_all = st.scratch("ts", ncarry + nlines, np.float64)
    S = S_all[ncarry:]
    ts = ts_all[ncarry:]
    if nlines:
        blank, sentences, nmulti, nhard = K.scan_lines(barr, nlines, st.max_line_length, S, ts, first_line_no)
    else:
        blank, sentences, nmulti, nhard = 0, 0, 0, 0
    kind = S[:, K.C_KIND]
    hard = np.flatnonzero(kind == K.K_HARD) if nhard else np.zeros(0, np.int64)
    aux = _Aux(nb)
    details: dict[int, str] = {}
    extra_units = 0
    if len(hard) == 0 and ncarry == 0:
        lead = st.scratch("lead", nlines, np.float64)
        lead.fill(np.nan)
    else:
        # ---- lines framed by the reference code -----------------------------------------------
        starts = _line_starts(buf, hard) if len(hard) else []
        hard_recs = []
        counts = np.ones(nlines, dtype=np.int64)
        for li, (a, b) in zip(hard.tolist(), starts):
            bl, xu, ns, recs = _py_line(_text(buf[a:b]), st.max_line_length)
            blank += bl
            extra_units += xu
            sentences += ns
            nmulti += sum(1 for r in recs if r[0] == "frag" and r[1]["cnt"] > 1)
            counts[li] = len(recs)
            hard_recs.append(recs)
        total = ncarry + int(counts.sum())
        lead = np.full(total, np.nan)
        if total == ncarry + nlines:
            # one record per line (the usual case): rows stay where the scan put them
            S2, ts2 = S_all, ts_all
            pos = np.arange(ncarry, total)
            rows = np.concatenate([np.arange(ncarry), pos[hard]])
            S2[rows] = 0
            S2[rows, K.C_ST_LEN] = -1
            ts2[rows] = np.nan
        else:
            S2 = np.zeros((total, K.NCOL), dtype=S_all.dtype)
            S2[:, K.C_ST_LEN] = -1
            ts2 = np.full(total, np.nan)
            pos = np.cumsum(counts) - counts + ncarry
            easy = kind != K.K_HARD
            S2[pos[easy]] = S[easy]
            ts2[pos[easy]] = ts[easy]
        # carried fragments and $PGHP header first, in their original order
        r = 0
        for g in st.pending:
            for fr in g.parts:
                row = S2[r]
                row[K.C_KIND] = K.K_CARRY
                row[K.C_LINE] = fr.line_no
                _set_frag_row(row, aux, g.keycnt if g.kind == 2 else 0, fr.num, fr.fill, g.seq, g.chan, fr.payload,
                              fr.raw, fr.station)
                row[K.C_KEYKIND] = g.kind
                row[K.C_GID_OFF], row[K.C_GID_LEN] = aux.put(g.gid)
                row[K.C_GCOUNT] = g.count
                row[K.C_GFIRST] = g.first_line
                row[K.C_TSRC] = fr.tsrc
                ts2[r] = fr.ts
                lead[r] = g.first_ts
                r += 1
        pghp_row = -1
        if st.pghp is not None:
            t, ln, rawb = st.pghp
            S2[r, K.C_KIND] = K.K_CARRY_PGHP
            S2[r, K.C_LINE] = ln
            S2[r, K.C_RAW_OFF], S2[r, K.C_RAW_LEN] = aux.put(rawb)
            ts2[r] = t
            pghp_row = r
            r += 1
        for li, recs in zip(hard.tolist(), hard_recs):
            p = int(pos[li])
            for k, rec in enumerate(recs):
                row = S2[p + k]
                row[K.C_LINE] = first_line_no + li
                if rec[0] == "rej":
                    _, reason, detail, raw = rec
                    row[K.C_KIND] = K.K_REJ
                    row[K.C_RCODE] = _REASON_CODE[reason]
                    row[K.C_DCODE] = K.D_PY
                    row[K.C_RAW_OFF], row[K.C_RAW_LEN] = aux.puts(raw)
                    details[p + k] = detail
                elif rec[0] == "pghp":
                    row[K.C_KIND] = K.K_PGHP
                    ts2[p + k] = rec[1]
                    row[K.C_RAW_OFF], row[K.C_RAW_LEN] = aux.puts(rec[2])
                else:
                    d = rec[1]
                    row[K.C_KIND] = K.K_FRAG
                    _set_frag_row(row, aux, d["cnt"], d["num"], d["fill"], d["seq"].encode(), d["chan"].encode(),
                                  d["payload"].encode(), d["raw"].encode("utf-8"),
                                  None if d["station"] is None else d["station"].encode("utf-8"))
                    if d["ts"] is not None:
                        ts2[p + k] = d["ts"]
                        row[K.C_TSRC] = _TSRC_CODE[d["tsrc"]]
                    if d["lead"] is not None:
                        lead[p + k] = d["lead"]
                    g = d["g"]
                    if g is not None:
                        row[K.C_HASG] = 1
                        row[K.C_G0] = min(g[0], 1 << 30)  # only compared with 1..9
                        row[K.C_G1] = min(g[1], 1 << 30)
                        row[K.C_GID_OFF], row[K.C_GID_LEN] = aux.puts(g[2])
        S, ts = S2, ts2
        st_pghp_row = pghp_row
    if len(hard) == 0 and ncarry == 0:
        st_pghp_row = -1
    auxarr = aux.array()
    data = _ro(np.concatenate([barr, auxarr]) if aux.n else barr)
    nslots = int(nmulti) + ncarry + 1
    end_line = first_line_no + nlines
    base = st.base_time
    if line_time is not None:  # a placeholder (0) for now, the completing line's time below
        out = K.assemble(data, S, ts, lead, nslots, end_line, st.ttl_lines, float(st.ttl_s), 0.0, True,
                         st_pghp_row)
    else:
        out = K.assemble(data, S, ts, lead, nslots, end_line, st.ttl_lines, float(st.ttl_s),
                         float(base) if base is not None else 0.0, base is not None, st_pghp_row)
    (m_first, m_n, m_ts, m_tsrc, m_station, m_frags, r_sidx, r_code, r_dcode, r_p,
     sl_alive, sl_kind, sl_key, sl_count, sl_first_line, sl_first_ts, sl_parts, sl_order, sl_np,
     fts, ftsrc, headers, pghp_on, pghp_sidx) = out
    if line_time is not None and len(m_first):
        based = np.flatnonzero(m_tsrc == K.T_BASE)
        if len(based):
            m_ts = m_ts.copy()
            for i in based.tolist():  # the completing sentence: the latest line of the message
                rows = m_frags[m_first[i]:m_first[i] + m_n[i]]
                m_ts[i] = line_time[int(S[rows, K.C_LINE].max()) - first_line_no]

    def ref(off, ln) -> bytes:
        off, ln = int(off), int(ln)
        return data[off:off + ln].tobytes()

    # ---- carry the state to the next block ------------------------------------------------------
    pending = []
    for c in np.flatnonzero(sl_alive).tolist():
        ks = int(sl_key[c])
        kk = int(sl_kind[c])
        parts = []
        for i in range(int(sl_np[c])):
            s = int(sl_parts[c, sl_order[c, i]])
            row = S[s]
            parts.append(_Frag(int(row[K.C_NUM]), ref(row[K.C_PAY_OFF], row[K.C_PAY_LEN]), int(row[K.C_FILL]),
                               int(row[K.C_LINE]), ref(row[K.C_RAW_OFF], row[K.C_RAW_LEN]), float(fts[s]),
                               int(ftsrc[s]),
                               None if row[K.C_ST_LEN] < 0 else ref(row[K.C_ST_OFF], row[K.C_ST_LEN])))
        krow = S[ks]
        pending.append(_Group(kk, ref(krow[K.C_GID_OFF], krow[K.C_GID_LEN]) if kk == 1 else b"",
                              ref(krow[K.C_CHAN_OFF], krow[K.C_CHAN_LEN]) if kk == 2 else b"",
                              ref(krow[K.C_SEQ_OFF], krow[K.C_SEQ_LEN]) if kk == 2 else b"",
                              int(krow[K.C_CNT]), int(sl_count[c]), int(sl_first_line[c]), float(sl_first_ts[c]),
                              parts))
    st.pending = pending
    if pghp_on:
        row = S[pghp_sidx]
        st.pghp = (float(ts[pghp_sidx]), int(row[K.C_LINE]), ref(row[K.C_RAW_OFF], row[K.C_RAW_LEN]))
    else:
        st.pghp = None

    # ---- framing rejects (columnar; details are words, built per reject) -------------------------
    if len(r_sidx):
        rows = S[r_sidx]
        rdata, roff = K.gather_refs(data, rows[:, K.C_RAW_OFF].copy(), rows[:, K.C_RAW_LEN].copy())
        rej_raw_arr = _string_array(rdata, roff)
        rej_detail = _details(r_dcode, r_p, r_sidx, details, data)
        rej = (rows[:, K.C_LINE], r_code, rej_detail, rej_raw_arr)
    else:
        rej = (np.zeros(0, np.int64), np.zeros(0, np.int64), [], pa.array([], pa.string()))
    counts = dict(lines=nlines, blank=blank, headers=int(headers), sentences=sentences,
                  units=nlines + extra_units)
    return (data, S, m_first, m_n, m_ts, m_tsrc, m_station, m_frags, rej, counts)


def _line_starts(buf: bytes, idx: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) byte offsets of the given line indices (sorted)."""
    nl = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10)
    starts = np.concatenate([[0], nl + 1])
    ends = np.concatenate([nl, [len(buf)]])
    return list(zip(starts[idx].tolist(), ends[idx].tolist()))


_CONST_DETAIL = {K.D_COMMENT: "comment", K.D_NO_SENTENCE: "no NMEA sentence found",
                 K.D_PGHP_UNUSED: "$PGHP time header not followed by an AIS sentence", K.D_NO_CHECKSUM: "no checksum",
                 K.D_NOT_NUMBER: "fragment count, number or fill bits not a number",
                 K.D_EMPTY: "sentence has no payload", K.D_BAD_PAYLOAD: "characters outside the AIS 6-bit alphabet",
                 K.D_NO_TS: _NO_TS}


def _details(r_dcode: np.ndarray, r_p: np.ndarray, r_sidx: np.ndarray, details: dict, data: np.ndarray) -> pa.Array:
    """:func:`_detail` of every reject, as an Arrow string array. Rejects repeat (the same
    checksum pair, fragment counts, orphan reasons), so the wordings that depend on numbers only
    are made once per distinct (code, numbers) row and gathered, ``$``/``!`` sentence names once
    per name; the Python fallback's own details are looked up."""
    n = len(r_dcode)
    out = np.empty(n, dtype=object)
    py = r_dcode == K.D_PY
    named = (r_dcode == K.D_DOLLAR) | (r_dcode == K.D_BANG)
    num = ~(py | named)
    if py.any():
        out[py] = [details[s] for s in r_sidx[py].tolist()]
    if named.any():
        # a sentence name is [A-Z][A-Z0-9]{2,5} (nmea._SENTENCE_START): its bytes and the code
        # packed in one int64 per row, so a 1-D unique finds the distinct ones
        dcs, offs, lens = r_dcode[named], r_p[named, 0].astype(np.int64), r_p[named, 1].astype(np.int64)
        if lens.max() > 7:
            raise AssertionError(f"sentence name of {lens.max()} characters")
        key = dcs.astype(np.int64) << 56
        for k in range(int(lens.max())):
            key |= np.where(k < lens, data[np.minimum(offs + k, len(data) - 1)], 0).astype(np.int64) << (8 * k)
        _, first, inv = np.unique(key, return_index=True, return_inverse=True)
        words = np.empty(len(first), dtype=object)
        words[:] = [_detail(int(dcs[i]), int(offs[i]), int(lens[i]), 0, -1, details, data) for i in first.tolist()]
        out[named] = words[inv.reshape(-1)]
    if num.any():
        rows = np.column_stack([r_dcode[num], r_p[num, :3]]).astype(np.int64)
        if rows.min() >= 0 and rows[:, 0].max() < 1 << 15 and rows[:, 1:].max() < 1 << 16:
            # one int64 per row (exact: every part fits its 16 bits): a 1-D unique
            packed = (rows[:, 0] << 48) | (rows[:, 1] << 32) | (rows[:, 2] << 16) | rows[:, 3]
            _, first, inv = np.unique(packed, return_index=True, return_inverse=True)
            uniq = rows[first]
        else:
            uniq, inv = np.unique(rows, axis=0, return_inverse=True)
        words = pa.array([_detail(dc, p0, p1, p2, -1, details, data) for dc, p0, p1, p2 in uniq.tolist()],
                         pa.string())
        inv = inv.reshape(-1)
        if num.all():
            return words.take(inv)
        out[num] = words.to_numpy(zero_copy_only=False)[inv]
    return pa.array(out, pa.string())


def _detail(dcode: int, p0: int, p1: int, p2: int, s: int, details: dict, data: np.ndarray) -> str:
    """The reference framer's wording of a reject detail."""
    c = _CONST_DETAIL.get(dcode)
    if c is not None:
        return c
    if dcode == K.D_CHECKSUM:
        return f"checksum {p0:02X} given, {p1:02X} computed"
    if dcode == K.D_PY:
        return details[s]
    if dcode == K.D_DOLLAR:
        return f"${data[p0:p0 + p1].tobytes().decode('ascii')} sentence"
    if dcode == K.D_BANG:
        return f"!{data[p0:p0 + p1].tobytes().decode('ascii')} sentence"
    if dcode == K.D_FIELDS:
        return f"{p0} fields, expected 7"
    if dcode == K.D_FRAGMENT:
        return f"fragment {p0} of {p1}, fill {p2}"
    if dcode == K.D_TOO_LONG:
        return f"{p0} characters"
    if dcode == K.D_ORPHAN:
        return f"part {p0} of {p1}: {_WHY[p2]}"
    raise AssertionError(dcode)


# ==============================================================================================
# Arrow helpers
# ==============================================================================================

def _string_array(data: np.ndarray, offsets: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    n = len(offsets) - 1
    bitmap = None
    nulls = 0
    if valid is not None:
        nulls = int(n - np.count_nonzero(valid))
        if nulls:
            bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    if offsets[-1] >= 2 ** 31 - 1:
        return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets.astype(np.int64)), pa.py_buffer(data),
                                                bitmap, nulls).cast(pa.string())
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data), bitmap, nulls)


def _arr(values: np.ndarray, typ: pa.DataType, valid: np.ndarray | None = None) -> pa.Array:
    """Arrow array over ``values`` (their dtype is ``typ``'s) with nulls where not ``valid``: the
    buffers are handed over, not converted (values under a null are whatever was computed)."""
    if valid is None or valid.all():
        return pa.array(values, type=typ)
    n = len(values)
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    if typ == pa.bool_():
        data = pa.py_buffer(np.packbits(values.astype(bool), bitorder="little"))
    else:
        data = pa.py_buffer(np.ascontiguousarray(values, dtype=typ.to_pandas_dtype()))
    return pa.Array.from_buffers(typ, n, [bitmap, data], null_count=n - int(np.count_nonzero(valid)))


def _ts_us(ts: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(ts, dtype=np.float64) * US).astype(np.int64)


def _names_table(names) -> tuple[np.ndarray, np.ndarray]:
    """A tuple of short names (None -> empty) as a string column (bytes, offsets) whose row c is
    the name of code c, for :func:`_coded_buffers`."""
    enc = [(v or "").encode() for v in names]
    offs = np.zeros(len(enc) + 1, np.int64)
    np.cumsum([len(b) for b in enc], out=offs[1:])
    return _ro(np.frombuffer(b"".join(enc), np.uint8).copy()), offs


_TSRC_NAMES = _names_table(TIME_SOURCES)
_REASON_NAMES = _names_table(REASONS)


def _tsrc_array(codes: np.ndarray) -> pa.Array:
    """``time_source`` strings of the time source codes (code 0 = null)."""
    codes = np.asarray(codes, dtype=np.int64)
    return _coded_buffers(codes, codes != 0, _TSRC_NAMES)


def _offsets_for(nbytes: int, n: int) -> np.ndarray:
    """Offsets array for ``n`` strings of at most ``nbytes`` bytes in all: int32 (Arrow string)
    when they fit, int64 (large string, cast by :func:`_str_buffers`) otherwise."""
    return np.empty(n + 1, np.int32 if nbytes < 2 ** 31 - 1 else np.int64)


def _str_buffers(n: int, data: np.ndarray, offsets: np.ndarray, bitmap: np.ndarray, nulls: int) -> pa.Array:
    """A string array over buffers a kernel made (the bitmap is used only when there are nulls)."""
    bm = pa.py_buffer(bitmap) if nulls else None
    if offsets.dtype == np.int64:
        return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data), bm,
                                                nulls).cast(pa.string())
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data), bm, nulls)


def _take_strings(data: np.ndarray, offsets: np.ndarray, valid: np.ndarray, sel: np.ndarray) -> pa.Array:
    """Rows ``sel`` of a string column held as (data, offsets, validity): one kernel pass
    (:func:`~seasentry.ingest._kernels.take_strings`) instead of an Arrow array and its take."""
    out_off = _offsets_for(len(data), len(sel))
    d, bm, nulls = K.take_strings(data, offsets, valid, sel, out_off)
    return _str_buffers(len(sel), d, out_off, bm, nulls)


def _coded_buffers(codes: np.ndarray, valid: np.ndarray, names) -> pa.Array:
    """``names[codes]`` (null where not ``valid``) by :func:`~seasentry.ingest._kernels.take_rows`."""
    out_off = np.empty(len(codes) + 1, np.int32)
    d, bm, nulls = K.take_rows(names[0], names[1], codes, valid, out_off)
    return _str_buffers(len(codes), d, out_off, bm, nulls)


def _ship_names():
    from .clean import SHIP_CATEGORIES
    return _names_table(SHIP_CATEGORIES), np.array([c is not None for c in SHIP_CATEGORIES], bool)


#: the ship type categories by code (clean.SHIP_CATEGORIES) for _coded_buffers, and which codes have one
_SHIP_NAMES, _SHIP_NAMES_VALID = _ship_names()


# ==============================================================================================
# decoding + cleaning
# ==============================================================================================

def decode_columns(pdata: np.ndarray, p_off: np.ndarray, fill: np.ndarray, clean: bool,
                   state: FastState | None = None):
    """Compiled payload decoding (see ``_kernels.decode_payloads``). With ``state``, the integer
    and float output columns live in its scratch memory (valid until its next block)."""
    n = len(p_off) - 1
    if state is None:
        I = np.empty((K.NI, n), np.int64)
        F = np.empty((K.NF, n), np.float64)
    else:
        I = state.scratch("I", K.NI * n, np.int64).reshape(K.NI, n)
        F = state.scratch("F", K.NF * n, np.float64).reshape(K.NF, n)
    return K.decode_payloads(_ro(pdata), p_off.astype(np.int64, copy=False), fill.astype(np.int64, copy=False),
                             ROT_TABLE, NAV_TABLE,
                             clean, K.FIELD_TABLE, K.FIELD_START, K.CAT_OF_TYPE, I, F)


_EMPTY_POS = (np.zeros(0, np.int64), np.zeros(0), np.zeros(0), np.zeros(0, np.float32), np.zeros(0, np.float32),
              np.zeros(0, np.int16), np.zeros(0, np.int8), np.zeros(0, np.float32), np.zeros(0, bool),
              np.zeros(0, np.int8), np.zeros(0, np.int8), np.zeros(0, np.int8), np.zeros((9, 0), bool))
_EMPTY_STA = (np.zeros(0, np.int64), np.zeros(0, np.int8), np.zeros(0, np.int8), np.zeros(0, np.int64),
              np.zeros(0, np.int16), np.zeros((4, 0), np.int16), np.zeros(0, np.float32), np.zeros(0, np.uint8),
              np.zeros(1, np.int64), np.zeros((6, 0), bool))


def _bit(mask, v):
    return (mask & (1 << v)) != 0


_LOADED = False


def _first_load():
    """The context of a process's first block: the cached kernels loaded without numba's BLAS
    probe (:class:`seasentry.kernels.without_blas_probe`: ~0.2 CPU s and ~27 MB of scipy.linalg
    a process, e.g. a small ``seasentry ingest``) when :func:`seasentry.kernels.ready` says the
    cache has them; else (or later) nothing."""
    global _LOADED
    from contextlib import nullcontext

    if _LOADED:
        return nullcontext()
    _LOADED = True
    from .. import kernels

    if "numba.np.arraymath" in sys.modules or not kernels.ready():
        return nullcontext()
    return kernels.without_blas_probe()


def frame_and_decode(buf: bytes, first_line_no: int = 1, state: FastState | None = None,
                     base_time: float | None = None, cfg=None, *, source_id: int = 0,
                     final: bool = False, line_time: np.ndarray | None = None) -> FastBatch:
    """Frame, decode and clean a block of whole NMEA lines.

    ``buf``: bytes of whole lines separated by ``\\n`` (a missing final newline is allowed: the
    last line is then the end of the input, as ``iter_line_blocks`` yields it). ``first_line_no``:
    1-based number of its first line. ``state``: a :class:`FastState` carried from block to
    block of the same source (multipart fragments and ``$PGHP`` headers waiting); a new one is
    made from ``cfg`` and ``base_time`` when None (then pass it back for the next block).
    ``final=True`` also flushes the state at the end (orphans, unused ``$PGHP``), like
    ``NmeaFramer.flush``. ``line_time``: a time (epoch seconds) per line of ``buf`` used in place
    of the base time, the time of the line that completed the message (a live feed's arrival
    times; ``time_source`` stays ``base``).
    """
    if state is None:
        state = FastState.from_config(cfg, base_time)
    elif base_time is not None:
        state.base_time = base_time
    with _first_load():
        fb = _build(_frame(buf, first_line_no, state, line_time), source_id, state)
    if final:
        fl = flush(state, source_id=source_id)
        fb = _concat(fb, fl)
    fb.state = state
    return fb


# one line of every shape the kernels see (message types, a two-part type 5, a trailing epoch,
# a leading time column and $PGHP header for the Python fallback, rejects), made by
# benchmarks/bench_decode.py's generator
_WARM_UP = b"""\\s:r65,c:1700018054*43\\!AIVDM,1,1,,A,16Rg7<1s4U1d==jAB5dMNG3`0000,0*46
\\s:r90,c:1700023227*47\\!AIVDM,1,1,,B,242F;oU3C<1S:I`Ig:@9o5bT0000,0*6A
!AIVDM,1,1,,A,36a=vh1uCq2B>>@ITNKIi8Uh0000,0*1A,1700036497
\\s:r01,c:1700084429*4A\\!AIVDO,1,1,,B,45daCUQvQW<N01poatD4=k@00000,0*3B
\\s:r85,c:1700072743,g:1-2-42486*0E\\!AIVDO,2,1,4,A,57CfFCP29EB0?3;;@00EHE:0LUHDr3;;@000000N<PD:<1W<NBmPC31E50@0,0*3D
\\g:2-2-42486*61\\!AIVDO,2,2,4,A,00000000000,2*22
\\s:r95,c:1700029212*4E\\!AIVDM,1,1,,A,B;Vn0Nh0oh3CkDVT=lb:A<600000,0*69
\\s:r82,c:1700079563*4C\\!AIVDO,1,1,,B,C3EJM`h0fPWmB34u9DfFP000J2T;0LNV`TbK1SQV0000S6@:5600,0*3B
\\s:r48,c:1700080999*45\\!AIVDO,1,1,,B,E3jhl4@aRPh9b0a@KP0000000000B`Up=5f:qT2QAP000000000000000000,4*11
\\s:r29,c:1700078298*4F\\!AIVDO,1,1,,B,H51gwCDN00000003hkpi00<PD:<0,0*35
\\s:r46,c:1700083862*4D\\!AIVDO,1,1,,B,K6HnVWh0gmjwlAi@,0*36
2023-11-14 22:13:20,!AIVDM,1,1,,A,16Rg7<1s4U1d==jAB5dMNG3`0000,0*46
$PGHP,1,2023,11,14,22,13,20,0,219,,2190047,1,4F*64
!AIVDM,1,1,,B,13508mAv3QOVUptG9KsqDS:20000,0*42
$BSALR,123519,006,A,V,AIS: general failure*5C
\\s:r88,c:1700000133*49\\!AIVDM,1,1,,A,17E;`0R0iW0BpT2GCuplAFlD0000,0*00
\\c:1700000000*5F\\!AIVDM,1,1,,A,,0*26
\\s:r51,c:1700000138*46\\!AIVDM,1,1,,
\\s:r85,c:1700072743,g:1-2-42487*0F\\!AIVDO,2,1,5,A,57CfFCP29EB0?3;;@00EHE:0LUHDr3;;@000000N<PD:<1W<NBmPC31E50@0,0*3C
"""


def warm_up() -> float:
    """Load every compiled kernel of this module (numba loads a kernel from its on-disk cache,
    or compiles it, on the first call with each argument type) by framing and decoding a
    built-in sample of 19 lines through a :class:`FastState`, as the ingest does; returns the
    seconds it took. Call it before timing the fast path, or before a live feed's first block,
    so that the first real block does not pay for it."""
    t = time.perf_counter()
    st = FastState()
    fb = frame_and_decode(_WARM_UP, 1, st)
    flush(st)
    if fb.n_messages < 10:
        raise AssertionError(f"fast-path warm-up decoded {fb.n_messages} messages of its sample")
    return time.perf_counter() - t


def rejects_batch(line_no: list[int], reasons: list[str], details: list[str], raws: list[str], lines: int = 0,
                  source_id: int = 0) -> FastBatch:
    """A batch of rejects only (and ``lines`` lines counted), for rejects made outside the framer
    (a live line cut by the line splitter)."""
    e = np.zeros(0, np.int64)
    rej = (np.asarray(line_no, np.int64), np.asarray([_REASON_CODE[r] for r in reasons], np.int64), list(details),
           pa.array(raws, pa.string()))
    fr = (np.zeros(0, np.uint8), np.zeros((0, K.NCOL), np.int64), e, e, np.zeros(0), e, e, e,
          rej, dict(lines=lines, blank=0, headers=0, sentences=0, units=lines))
    return _build(fr, source_id)


def flush(state: FastState, source_id: int = 0) -> FastBatch:
    """End of input: fragments still waiting become orphan rejects; an unused ``$PGHP`` header a
    ``not_ais`` reject (``NmeaFramer.flush``)."""
    rl, rr, rd, rw = [], [], [], []
    for g in state.pending:
        for fr in sorted(g.parts, key=lambda f: f.line_no):
            rl.append(fr.line_no)
            rr.append("orphan_fragment")
            rd.append(f"part {fr.num} of {g.count}: {_WHY[K.WHY_END]}")
            rw.append(fr.raw.decode("utf-8", "replace"))
    headers = 0
    if state.pghp is not None:
        _, ln, raw = state.pghp
        rl.append(ln)
        rr.append("not_ais")
        rd.append("$PGHP time header not followed by an AIS sentence")
        rw.append(raw.decode("utf-8", "replace"))
        headers = -1
    state.pending = []
    state.pghp = None
    e = np.zeros(0, np.int64)
    rej = (np.asarray(rl, np.int64), np.asarray([_REASON_CODE[r] for r in rr], np.int64), rd, pa.array(rw, pa.string()))
    fr = (np.zeros(0, np.uint8), np.zeros((0, K.NCOL), np.int64), e, e, np.zeros(0), e, e, e,
          rej, dict(lines=0, blank=0, headers=headers, sentences=0, units=0))
    return _build(fr, source_id)


def _build(framed, source_id: int, state: FastState | None = None) -> FastBatch:
    (data, S, m_first, m_n, m_ts, m_tsrc, m_station, m_frags, rej, counts) = framed
    n = len(m_first)
    nd = len(data) + 1
    if state is None:
        pbuf, rbuf, sbuf = np.empty(nd, np.uint8), np.empty(nd + len(m_frags), np.uint8), np.empty(nd, np.uint8)
    else:
        pbuf, rbuf, sbuf = (state.output_buffer("pdata", nd), state.output_buffer("rdata", nd + len(m_frags)),
                            state.output_buffer("sdata", nd))
    frag_line_no = np.empty(len(m_frags), np.int64)
    fill = np.empty(n, np.int64)
    pdata, p_off, rdata, r_off, sdata, s_off, svalid, keys = K.gather_message_strings(
        _ro(data), S, m_first, m_n, m_frags, m_station, pbuf, rbuf, sbuf, frag_line_no, fill)
    del pbuf, rbuf, sbuf
    frag_ptr = np.zeros(n + 1, np.int64)
    np.cumsum(m_n, out=frag_ptr[1:])
    line_no = frag_line_no[frag_ptr[:-1]] if n else np.zeros(0, np.int64)
    payload = _string_array(pdata, p_off)
    raw = _string_array(rdata, r_off)
    station = _string_array(sdata, s_off, svalid)
    tsrc = _tsrc_array(m_tsrc)
    cat, I, F, mask, sd, so, sv = decode_columns(pdata, p_off, fill, True, state) if n else (
        np.zeros(0, np.int8), np.zeros((K.NI, 0), np.int64), np.zeros((K.NF, 0)), np.zeros(0, np.int64),
        np.zeros((3, 0), np.uint8), np.zeros((3, 1), np.int64), np.zeros((3, 0), bool))
    mtype = I[K.I_TYPE]
    messages = pa.table({
        "line_no": pa.array(line_no, pa.int64()),
        "ts": pa.array(m_ts, pa.float64()),
        "time_source": tsrc,
        "station": station,
        "raw": raw,
        "frags": pa.array(m_n.astype(np.int32), pa.int32()),
        "payload": payload,
        "fill_bits": pa.array(fill.astype(np.int8), pa.int8()),
        "msg_type": pa.array(mtype.astype(np.int8), pa.int8()),
        "msg_key": pa.array(keys, pa.int64()),
    })
    # ---- decode errors (message order) ------------------------------------------------------------
    nbits = I[K.I_NBITS]
    errs = np.flatnonzero(cat >= K.CAT_BITCOUNT)
    rejects_extra: list[tuple[int, str, str]] = []
    for i in errs.tolist():
        t = int(mtype[i])
        if cat[i] == K.CAT_BITCOUNT:
            if t in _MIN_BITS:
                det = f"type {t}: {int(nbits[i])} bits, at least {_MIN_BITS[t]} expected"
            else:
                det = f"type {t}: {int(nbits[i])} bits, too short to hold an MMSI"
            rejects_extra.append((i, "bad_bitcount", det))
        else:
            rejects_extra.append((i, "decode_error", _pyais_error(payload[i].as_py(), int(fill[i]))))
    # ---- cleaning (seasentry.ingest.clean, as _write_nmea applies it) --------------------------------
    mmsi = I[K.I_MMSI]
    lat, lon = F[K.F_LAT], F[K.F_LON]
    good, sel_pos, sel_sta, sel_oth, bad, nbad = K.clean_select(cat, I, F, mask, MMSI_MIN, MMSI_MAX)
    for k in range(4):
        for i in bad[k, :nbad[k]].tolist():
            if k == 1:
                rejects_extra.append((i, "invalid_position", f"lat {float(lat[i])}, lon {float(lon[i])}"))
            else:
                rejects_extra.append((i, "invalid_mmsi", INVALID_MMSI_DETAIL))
    xl, xr, xd, xw = [], [], [], []
    for i, reason, det in rejects_extra:
        a, b = frag_ptr[i], frag_ptr[i + 1]
        parts = raw[i].as_py().split("\n")
        lns = frag_line_no[a:b].tolist()
        if len(parts) != len(lns):
            lns, parts = lns[:1], [raw[i].as_py()]
        for ln, rl in zip(lns, parts):
            xl.append(ln)
            xr.append(reason)
            xd.append(det)
            xw.append(rl)
    rl_, rc_, rd_, rw_ = rej
    rc_ = np.asarray(rc_, dtype=np.int64)
    reasons = _coded_buffers(rc_, np.ones(len(rc_), bool), _REASON_NAMES)
    rej_tables = [pa.table({
        "source_id": pa.array(np.full(len(rl_), source_id, np.int32), pa.int32()),
        "line_no": pa.array(np.asarray(rl_, np.int64), pa.int64()),
        "reason": reasons,
        "detail": rd_ if isinstance(rd_, pa.Array) else pa.array(rd_, pa.string()),
        "raw": rw_,
    }, schema=S_.REJECTS)]
    if xl:
        rej_tables.append(pa.table({
            "source_id": pa.array(np.full(len(xl), source_id, np.int32), pa.int32()),
            "line_no": pa.array(xl, pa.int64()), "reason": pa.array(xr, pa.string()),
            "detail": pa.array(xd, pa.string()), "raw": pa.array(xw, pa.string())}, schema=S_.REJECTS))
    ts_us = _ts_us(m_ts)
    tn = _TSRC_NAMES

    def common(sel: np.ndarray) -> dict:
        """The per-message columns of a table (station, time_source, line_no, msg_key, ts) for its
        messages ``sel``, gathered by one kernel."""
        k = len(sel)
        st_off, ts_off = _offsets_for(len(sdata), k), np.empty(k + 1, np.int32)
        ln, ky, tu, sd_, sbm, sn, td, tbm, tnull = K.common_columns(
            sel, line_no, keys, ts_us, m_tsrc, sdata, s_off, svalid, tn[0], tn[1], st_off, ts_off)
        return {"station": _str_buffers(k, sd_, st_off, sbm, sn), "time_source": _str_buffers(k, td, ts_off, tbm, tnull),
                "line_no": pa.array(ln, pa.int64()), "msg_key": pa.array(ky, pa.int64()), "ts": pa.array(tu, S_.TS)}

    def table(sel: np.ndarray, cols: dict, schema: pa.Schema) -> pa.Table:
        com = common(sel)
        out = {}
        for f in schema:
            if f.name in cols:
                out[f.name] = cols[f.name](sel)
            elif f.name == "source_id":
                out[f.name] = pa.array(np.full(len(sel), source_id, np.int32), pa.int32())
            else:
                out[f.name] = com[f.name]
        out["_idx"] = pa.array(sel, pa.int64())
        return pa.table(out)

    # positions: typed columns and validity gathered by one kernel
    sel = sel_pos
    (p_mmsi, p_lat, p_lon, p_sog, p_cog, p_hd, p_nav, p_rot, p_acc, p_sec, p_mt, p_rraw,
     pv) = K.position_columns(sel, I, F, mask) if len(sel) else _EMPTY_POS
    pos_cols = {
        "mmsi": lambda s: pa.array(p_mmsi, pa.int64()),
        "lat": lambda s: _arr(p_lat, pa.float64(), pv[K.PV_LATLON]),
        "lon": lambda s: _arr(p_lon, pa.float64(), pv[K.PV_LATLON]),
        "sog": lambda s: _arr(p_sog, pa.float32(), pv[K.PV_SOG]),
        "cog": lambda s: _arr(p_cog, pa.float32(), pv[K.PV_COG]),
        "heading": lambda s: _arr(p_hd, pa.int16(), pv[K.PV_HEADING]),
        "nav_status": lambda s: _arr(p_nav, pa.int8(), pv[K.PV_NAV]),
        "rot": lambda s: _arr(p_rot, pa.float32(), pv[K.PV_ROT]),
        "accuracy": lambda s: _arr(p_acc, pa.bool_(), pv[K.PV_ACC]),
        "second": lambda s: _arr(p_sec, pa.int8(), pv[K.PV_SECOND]),
        "msg_type": lambda s: pa.array(p_mt, pa.int8()),
        "rot_raw": lambda s: _arr(p_rraw, pa.int8(), pv[K.PV_ROT_RAW]),
    }
    positions = table(sel, pos_cols, S_.POSITIONS)
    # statics
    sel = sel_sta
    (s_mmsi, s_mt, s_part, s_imo, s_sht, s_dims, s_dr, s_eta, s_eoff,
     sv_) = K.static_columns(sel, I, F, mask) if len(sel) else _EMPTY_STA

    def dstr(col: int):  # a decoded string column (name, call sign, destination) of the statics
        return lambda s: _take_strings(sd[col], so[col], sv[col], s)
    sta_cols = {
        "mmsi": lambda s: pa.array(s_mmsi, pa.int64()),
        "msg_type": lambda s: pa.array(s_mt, pa.int8()),
        "part": lambda s: _arr(s_part, pa.int8(), sv_[K.SV_PART]),
        "imo": lambda s: _arr(s_imo, pa.int64(), sv_[K.SV_IMO]),
        "callsign": dstr(K.S_CALLSIGN),
        "name": dstr(K.S_NAME),
        "ship_type": lambda s: _arr(s_sht, pa.int16(), sv_[K.SV_SHIPTYPE]),
        "dim_bow": lambda s: _arr(s_dims[0], pa.int16(), sv_[K.SV_DIMS]),
        "dim_stern": lambda s: _arr(s_dims[1], pa.int16(), sv_[K.SV_DIMS]),
        "dim_port": lambda s: _arr(s_dims[2], pa.int16(), sv_[K.SV_DIMS]),
        "dim_starboard": lambda s: _arr(s_dims[3], pa.int16(), sv_[K.SV_DIMS]),
        "draught": lambda s: _arr(s_dr, pa.float32(), sv_[K.SV_DRAUGHT]),
        "destination": dstr(K.S_DEST),
        "eta": lambda s: _string_array(s_eta, s_eoff, sv_[K.SV_ETA]),
        "ship_category": lambda s: _ship_category(s_sht, sv_[K.SV_SHIPTYPE]),
    }
    statics = table(sel, sta_cols, S_.STATICS)
    oth_cols = {
        "mmsi": lambda s: pa.array(mmsi[s], pa.int64()),
        "msg_type": lambda s: pa.array(mtype[s].astype(np.int8), pa.int8()),
        "payload": lambda s: _take_strings(pdata, p_off, np.ones(n, bool), s),
        "fill_bits": lambda s: pa.array(fill[s].astype(np.int8), pa.int8()),
    }
    other = table(sel_oth, oth_cols, S_.OTHER)
    rejects = pa.concat_tables(rej_tables) if len(rej_tables) > 1 else rej_tables[0]
    return FastBatch(messages, frag_ptr, frag_line_no, positions, statics, other, rejects, good, **counts)


def _pyais_error(payload: str, fill: int) -> str:
    """Detail of a ``decode_error`` exactly as the reference decoder words it (rare: type 24
    with part number 2 or 3)."""
    from .decode import PyaisDecoder
    d = PyaisDecoder().decode([payload], [fill])
    return d.err_detail[0] if d.err_detail else "decode error"


def _concat(a: FastBatch, b: FastBatch) -> FastBatch:
    """Append batch ``b`` (only rejects and counts, as a flush produces) to ``a``."""
    assert b.n_messages == 0
    out = FastBatch(a.messages, a.frag_ptr, a.frag_line_no, a.positions, a.statics, a.other,
                    pa.concat_tables([a.rejects, b.rejects]), a.good)
    for k in ("lines", "blank", "headers", "sentences", "units"):
        setattr(out, k, getattr(a, k) + getattr(b, k))
    return out


# ==============================================================================================
# the Decoder interface and hashing
# ==============================================================================================

class FastDecoder:
    """:class:`seasentry.ingest.decode.Decoder` over the compiled decoder: same ``Decoded``
    (values as broadcast, before cleaning) as ``PyaisDecoder``."""

    name = "fast"

    def decode(self, payloads: list[str], fill_bits: list[int]) -> Decoded:
        out = Decoded()
        n = len(payloads)
        if not n:
            return out
        enc = [p.encode("latin-1", "replace") for p in payloads]
        lens = np.fromiter((len(b) for b in enc), dtype=np.int64, count=n)
        off = np.zeros(n + 1, np.int64)
        np.cumsum(lens, out=off[1:])
        pdata = np.frombuffer(b"".join(enc), dtype=np.uint8) if off[-1] else np.zeros(1, np.uint8)
        fill = np.asarray(fill_bits, dtype=np.int64)
        if not (lens.min() > 0 and fill.min() >= 0 and fill.max() <= 5 and np.all(K.BYTE_CLASS[pdata] & 8)
                and all(p.isascii() for p in payloads)):
            # payloads the framer never passes on (empty, characters outside the 6-bit alphabet,
            # fill bits outside 0..5): the reference decoder, which words their errors its own way
            from .decode import PyaisDecoder
            return PyaisDecoder().decode(payloads, fill_bits)
        cat, I, F, mask, sd, so, sv = decode_columns(pdata, off, fill, False)
        mt = I[K.I_TYPE]

        def col(vals, ok):
            v = vals.tolist()
            return [x if o else None for x, o in zip(v, ok.tolist())]

        def scol(k):
            arr = _string_array(sd[k], so[k], sv[k])
            return arr.to_pylist()

        for i in np.flatnonzero(cat >= K.CAT_BITCOUNT).tolist():
            t = int(mt[i])
            nbits = int(I[K.I_NBITS, i])
            out.err_idx.append(i)
            if cat[i] == K.CAT_BITCOUNT:
                out.err_reason.append("bad_bitcount")
                out.err_detail.append(f"type {t}: {nbits} bits, at least {_MIN_BITS[t]} expected" if t in _MIN_BITS
                                      else f"type {t}: {nbits} bits, too short to hold an MMSI")
            else:
                out.err_reason.append("decode_error")
                out.err_detail.append(_pyais_error(payloads[i], int(fill[i])))
        is_pos = (cat == K.CAT_POS) | (cat == K.CAT_BOTH)
        is_sta = (cat == K.CAT_STA) | (cat == K.CAT_BOTH)
        is_oth = cat == K.CAT_OTHER
        p = np.flatnonzero(is_pos)
        out.pos_idx = p.tolist()
        m = mask[p]
        pos = out.pos
        pos["mmsi"] = I[K.I_MMSI, p].tolist()
        pos["lat"] = col(F[K.F_LAT, p], _bit(m, K.V_LATLON))
        pos["lon"] = col(F[K.F_LON, p], _bit(m, K.V_LATLON))
        pos["sog"] = col(F[K.F_SOG, p], _bit(m, K.V_SOG))
        pos["cog"] = col(F[K.F_COG, p], _bit(m, K.V_COG))
        pos["heading"] = col(I[K.I_HEADING, p], _bit(m, K.V_HEADING))
        pos["nav_status"] = col(I[K.I_NAV, p], _bit(m, K.V_NAV))
        pos["rot"] = col(F[K.F_ROT, p], _bit(m, K.V_ROT) & ~np.isnan(F[K.F_ROT, p]))
        pos["accuracy"] = col(I[K.I_ACC, p].astype(bool), _bit(m, K.V_ACC))
        pos["second"] = col(I[K.I_SECOND, p], _bit(m, K.V_SECOND))
        pos["msg_type"] = mt[p].tolist()
        pos["rot_raw"] = col(I[K.I_ROT_RAW, p], _bit(m, K.V_ROT))
        s = np.flatnonzero(is_sta)
        out.sta_idx = s.tolist()
        m = mask[s]
        sta = out.sta
        names, calls, dests = scol(K.S_NAME), scol(K.S_CALLSIGN), scol(K.S_DEST)
        sl = s.tolist()
        sta["mmsi"] = I[K.I_MMSI, s].tolist()
        sta["msg_type"] = mt[s].tolist()
        sta["part"] = col(I[K.I_PART, s], _bit(m, K.V_PART))
        sta["imo"] = col(I[K.I_IMO, s], _bit(m, K.V_IMO))
        sta["callsign"] = [calls[i] for i in sl]
        sta["name"] = [names[i] for i in sl]
        sta["ship_type"] = col(I[K.I_SHIPTYPE, s], _bit(m, K.V_SHIPTYPE))
        for key, c in (("dim_bow", K.I_BOW), ("dim_stern", K.I_STERN), ("dim_port", K.I_PORT),
                       ("dim_starboard", K.I_STAR)):
            sta[key] = col(I[c, s], _bit(m, K.V_DIMS))
        sta["draught"] = col(F[K.F_DRAUGHT, s], _bit(m, K.V_DRAUGHT))
        sta["destination"] = [dests[i] for i in sl]
        sta["eta"] = [eta_text(int(I[K.I_ETA_MO, i]), int(I[K.I_ETA_D, i]), int(I[K.I_ETA_H, i]),
                               int(I[K.I_ETA_MI, i])) if mask[i] & (1 << K.V_ETA) else None for i in sl]
        o = np.flatnonzero(is_oth)
        out.oth_idx = o.tolist()
        out.oth["mmsi"] = I[K.I_MMSI, o].tolist()
        out.oth["msg_type"] = mt[o].tolist()
        out.oth["payload"] = [payloads[i] for i in out.oth_idx]
        out.oth["fill_bits"] = [fill_bits[i] for i in out.oth_idx]
        return out


__all__ = ["FastBatch", "FastDecoder", "FastState", "frame_and_decode", "flush", "decode_columns", "rejects_batch"]
