"""Deterministic scaling of a generated corpus to any size (benchmarks of issue 7).

A base corpus made by :func:`seasentry.scenario.bulk.write_corpus` (tag-blocked NMEA, one
sentence a line, type 5 as two lines with ``g:`` groups) is replicated into copies
``k = 0 .. K-1``; copy 0 is the base itself, copy ``k`` has:

* every MMSI moved to a distinct one. The 30-bit MMSI is bits 8..37 of every AIS message
  (ITU-R M.1371-5, all message types: 6-bit type, 2-bit repeat indicator, 30-bit source id), i.e.
  the low 4 bits of payload character 1, characters 2..5 and the top 2 bits of character 6. It
  is re-encoded in place; the first three digits (the MID for ship stations ``MIDxxxxxx``, the
  ``111``/``970``/``98M``/``99M`` prefixes of the other 9-digit classes) are kept and the
  remaining digits become ``(serial + k*P) mod W`` with ``W`` = 10^6. Base stations
  ``00MIDxxxx`` (ITU-R M.585-9 annex 1) are moved too, with ``W`` = 10^4 and the MID kept, and
  group ship stations ``0MIDxxxxx`` with ``W`` = 10^5: every line of every copy is then a
  distinct message, so the store really holds K times the base (nothing is dropped as a
  duplicate). Values outside these classes (0, > 999999999, < 10^6) are not valid MMSIs and are
  left as they are (the ingest rejects them). ``P`` is the smallest step whose multiples
  ``P, 2P, .. (K-1)P`` avoid every difference of two serials of the same prefix in the base
  (:func:`choose_steps`), so copies can never collide;
* the IMO number of type 5 reports (bits 40..69) moved too when it is a valid one: its first six
  digits by ``k * IMO_STEP`` (1009) within 100000..999999 and its check digit recomputed, so that
  copies are different ships (one IMO under two MMSIs would be an identity change);
* the sentence checksum updated (``new = old ^ xor(old 6 chars) ^ xor(new 6 chars)``), so a
  sentence that had a deliberately wrong checksum keeps exactly the same error, and a valid one
  stays valid; the tag block is left untouched (same checksum);
* optionally (``shift_s``) the tag-block time ``c:`` moved by ``k * shift_s`` seconds and the
  tag-block checksum updated the same way (e.g. ``shift_s=86400``: each copy is another day).
  By default every copy shares the base's time span: many more vessels in the same day, which
  is what a day of global AIS looks like -- but each copy's vessels then sail exactly on top of
  the other copies' (same positions at the same times), which the encounter detector rightly
  reports; benchmarks of detection use ``shift_s`` >= the base's span so that copies follow one
  another in time instead.

Lines that are not complete ``!xxVDM``/``!xxVDO`` sentences with a checksum (the generator's
noise: truncated lines, junk, ``$GPRMC``) and continuation fragments (no MMSI in them) are copied
unchanged.

Output order: copy after copy, each copy in the base's time order (as one receiver's file of
one period would be); the base is read in blocks (cut only before the start of a message, so a
multipart message is never split). The result is a set of files of about ``file_mb`` MB (``part-00000.nmea`` ...), cut at
message boundaries, the way a day of AIS usually arrives, plus ``manifest.json``. When
``messages`` is not a multiple of the base, copies ``0 .. K-2`` are whole and copy ``K-1`` holds
the first messages of the base (in time order).

All work is vectorised NumPy over the bytes of a block (no Python per line); memory is that of a
block, whatever the output size.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MMSI_MASK = (1 << 30) - 1
#: MMSI classes moved per copy: (low, high, W): values in [low, high) keep ``value - value % W``.
CLASSES = ((100_000_000, 1_000_000_000, 1_000_000),  # MIDxxxxxx ships, 111MIDxxx SAR, 970/972/974, 98/99
           (10_000_000, 100_000_000, 100_000),        # 0MIDxxxxx group ship stations
           (1_000_000, 10_000_000, 10_000))           # 00MIDxxxx coast / base stations
NL, CR, BSL, COMMA, STAR = 10, 13, 92, 44, 42
_HEXU = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
_HEXVAL = np.full(256, -1, dtype=np.int16)
for _i, _c in enumerate(b"0123456789ABCDEF"):
    _HEXVAL[_c] = _i
for _i, _c in enumerate(b"abcdef"):
    _HEXVAL[_c] = 10 + _i
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[48:58] = True
_P10 = 10 ** np.arange(19, dtype=np.int64)


# --- MMSI arithmetic --------------------------------------------------------------------------

def mmsi_width(mmsi: np.ndarray) -> np.ndarray:
    """Modulus ``W`` of each MMSI's moved digits (0: left unchanged), see :data:`CLASSES`."""
    m = np.asarray(mmsi, dtype=np.int64)
    w = np.zeros(m.shape, dtype=np.int64)
    for lo, hi, width in CLASSES:
        w[(m >= lo) & (m < hi)] = width
    return w


def shift_mmsi(mmsi, k, steps: dict[int, int]) -> np.ndarray:
    """MMSIs of copy ``k``: ``prefix + (serial + k*P_W) mod W`` per class; copy 0 is the identity.

    ``k`` may be a scalar or an array broadcast against ``mmsi``. Pure function.
    """
    m = np.asarray(mmsi, dtype=np.int64)
    kk = np.asarray(k, dtype=np.int64)
    out = np.array(np.broadcast_to(m, np.broadcast(m, kk).shape))
    kb = np.broadcast_to(kk, out.shape)
    w = mmsi_width(out)
    for _, _, width in CLASSES:
        sel = w == width
        if sel.any():
            p = int(steps.get(width, 0))
            mm = out[sel]
            serial = mm % width
            out[sel] = mm - serial + (serial + kb[sel] * p) % width
    return out


def choose_steps(mmsis, copies: int, prefer: int = 1024) -> dict[int, int]:
    """The step ``P`` of each class (``{W: P}``) such that ``copies`` copies never share an MMSI.

    Copies ``k != l`` of serials ``a, b`` of the same prefix collide iff ``(k-l)*P = b-a (mod W)``;
    so ``P`` must keep ``j*P mod W`` (``1 <= j < copies``) out of the set of pairwise serial
    differences of each prefix. The smallest such ``P`` is taken, searched first for
    ``max(copies, prefer)`` copies (so the MMSIs of a copy do not change with the corpus size when
    that is possible) and else for ``copies``. Raises ValueError when no step exists.
    """
    m = np.unique(np.asarray(mmsis, dtype=np.int64))
    w = mmsi_width(m)
    steps = {}
    for _, _, width in CLASSES:
        mm = m[w == width]
        if mm.size == 0:  # nothing to keep apart in this class
            steps[width] = 1
            continue
        diff = np.zeros(width, dtype=bool)
        prefix = mm // width
        order = np.argsort(prefix, kind="stable")
        mm, prefix = mm[order], prefix[order]
        bounds = np.flatnonzero(np.diff(prefix)) + 1
        for grp in np.split(mm % width, bounds):
            if grp.size > 2000:  # circular autocorrelation of the serials' indicator (FFT), O(W log W)
                ind = np.zeros(width)
                ind[grp] = 1.0
                f = np.fft.rfft(ind)
                diff |= np.fft.irfft(f * np.conj(f), n=width) > 0.5
            elif grp.size > 1:
                diff[(grp[:, None] - grp[None, :]) % width] = True
        diff[0] = False
        p = None
        big = _largest_group(mm, width)
        for want in ((max(copies, prefer), copies) if copies < prefer else (copies,)):
            p = _smallest_step(diff, want, width, largest_group=big)
            if p is not None:
                break
        if p is None:
            raise ValueError(f"no MMSI step keeps {copies} copies distinct for the {width}-serial class: "
                             f"up to {big:,} MMSIs share one prefix in the base; "
                             f"use a base with fewer vessels per MID or fewer copies")
        steps[width] = p
    return steps


def _largest_group(mm: np.ndarray, width: int) -> int:
    return int(np.unique(mm // width, return_counts=True)[1].max()) if mm.size else 1


def _smallest_step(diff: np.ndarray, copies: int, width: int, chunk: int = 512,
                   largest_group: int = 1) -> int | None:
    """Smallest ``P`` in ``1..width-1`` with ``j*P mod width`` outside ``diff`` (and != 0) for
    ``1 <= j < copies``. Candidates are taken ``chunk`` at a time in ascending order and filtered
    64 multiples at a time, so a dense difference set is rejected after a few multiples."""
    if copies <= 1:
        return 1
    if copies > width or copies * largest_group > width:  # no mapping at all can fit
        return None
    full = diff.copy()
    full[0] = True  # the copies themselves must differ: j*P != 0
    for start in range(1, width, chunk):
        cand = np.arange(start, min(width, start + chunk), dtype=np.int64)
        for j0 in range(1, copies, 64):
            jb = np.arange(j0, min(copies, j0 + 64), dtype=np.int64)[:, None]
            cand = cand[~full[(jb * cand[None, :]) % width].any(axis=0)]
            if cand.size == 0:
                break
        if cand.size:
            return int(cand[0])
    return None


# --- parsing a block of lines -----------------------------------------------------------------

@dataclass
class Block:
    """Positions (byte offsets into ``buf``) of what is rewritten in each line of a block.

    ``mline``/``pay``/``star``/``mmsi``/``v36`` describe the MMSI-bearing sentences (first
    fragments with >= 7 payload characters and a hex checksum): payload start, ``*`` and the
    36 bits of payload characters 1..6. ``tline``/``cpos``/``clen``/``tstar``/``epoch`` describe
    the tag-block ``c:`` fields. ``msg_line`` marks the lines that start an AIS message (a
    well-formed first fragment with a correct checksum): the message count.
    """

    buf: np.ndarray
    starts: np.ndarray
    msg_line: np.ndarray
    cont_line: np.ndarray
    pay: np.ndarray
    star: np.ndarray
    mmsi: np.ndarray
    v36: np.ndarray
    cpos: np.ndarray
    clen: np.ndarray
    tstar: np.ndarray
    epoch: np.ndarray
    imo_pay: np.ndarray | None = None   # payload start of type 5 first fragments (>= 12 characters)
    imo_star: np.ndarray | None = None  # their '*'

    @property
    def lines(self) -> int:
        return int(self.starts.size)

    @property
    def messages(self) -> int:
        return int(self.msg_line.sum())


def _unarmor(c: np.ndarray) -> np.ndarray:
    v = c.astype(np.int64) - 48
    return np.where(v > 40, v - 8, v)


def _armor(v: np.ndarray) -> np.ndarray:
    ch = v + 48
    return np.where(ch > 87, ch + 8, ch).astype(np.uint8)


def _valid_armor(c: np.ndarray) -> np.ndarray:
    return ((c >= 48) & (c <= 87)) | ((c >= 96) & (c <= 119))


def _next_at(pos: np.ndarray, at: np.ndarray, offset: int = 0):
    """Index into sorted ``pos`` of the ``offset``-th position >= ``at`` (and whether it exists)."""
    i = np.searchsorted(pos, at, side="left") + offset
    ok = i < pos.size
    return np.where(ok, i, 0), ok


def parse_block(buf: np.ndarray) -> Block:
    """Index a block of complete lines (``buf`` uint8, ending with ``\\n``). Vectorised."""
    a = buf
    nl = np.flatnonzero(a == NL)
    n = nl.size
    starts = np.empty(n, dtype=np.int64)
    if n:
        starts[0] = 0
        starts[1:] = nl[:-1] + 1
    ends = nl.astype(np.int64)
    ends = ends - ((ends > starts) & (a[np.maximum(ends - 1, 0)] == CR))  # end of content (no \r)
    size = a.size
    safe = np.minimum(starts, size - 1) if size else starts

    # tag block: "\...*hh\" then the sentence
    bs = np.flatnonzero(a == BSL).astype(np.int64)
    is_tag = (ends > starts) & (a[safe] == BSL)
    bi, bok = _next_at(bs, starts + 1)
    close = np.where(bok, bs[bi], size) if bs.size else np.full(n, size, dtype=np.int64)
    is_tag &= bok & (close < ends)
    sent = np.where(is_tag, close + 1, starts)

    # sentence "!xxVDM,count,num,seq,chan,payload,fill*hh"
    cm = np.flatnonzero(a == COMMA).astype(np.int64)
    st = np.flatnonzero(a == STAR).astype(np.int64)

    def at(off):
        p = sent + off
        return a[np.minimum(p, size - 1)] if size else p, p < ends

    ok = np.ones(n, dtype=bool)
    for off, ch in ((0, ord("!")), (3, ord("V")), (4, ord("D")), (6, COMMA)):
        c, inside = at(off)
        ok &= inside & (c == ch)
    c5, inside = at(5)
    ok &= inside & ((c5 == ord("M")) | (c5 == ord("O")))
    ci, cok = _next_at(cm, sent + 6)
    c_idx = [None] * 6
    for f in range(6):
        i = ci + f
        good = cok & (i < cm.size)
        c_idx[f] = np.where(good, cm[np.minimum(i, max(cm.size - 1, 0))] if cm.size else 0, size)
        ok &= good & (c_idx[f] < ends)
    # fragment number: one digit between commas 1 and 2
    fnum_pos = c_idx[1] + 1
    fnum = a[np.minimum(fnum_pos, size - 1)] if size else fnum_pos
    one_digit = (c_idx[2] == fnum_pos + 1) & _DIGIT[fnum]
    first = ok & one_digit & (fnum == ord("1"))
    cont = ok & one_digit & (fnum > ord("1"))
    # checksum: the last '*' of the line, after the payload, followed by exactly two hex digits
    si = np.searchsorted(st, ends, side="left") - 1
    star = np.where(si >= 0, st[np.maximum(si, 0)] if st.size else 0, -1)
    hexok = (star > c_idx[5]) & (star + 3 == ends)
    h1 = _HEXVAL[a[np.clip(star + 1, 0, size - 1)]] if size else star
    h2 = _HEXVAL[a[np.clip(star + 2, 0, size - 1)]] if size else star
    hexok &= (h1 >= 0) & (h2 >= 0)
    given = (h1.astype(np.int64) << 4) | h2.astype(np.int64)

    # sentence XOR (between '!' and '*') for the lines with a checksum: one reduceat pass
    chk = ok & hexok
    cidx = np.flatnonzero(chk)
    if cidx.size:
        bounds = np.empty(2 * cidx.size, dtype=np.int64)
        bounds[0::2] = sent[cidx] + 1
        bounds[1::2] = star[cidx]
        xr = np.bitwise_xor.reduceat(a, bounds)[0::2]
        empty = bounds[1::2] <= bounds[0::2]
        xr = np.where(empty, 0, xr)
        valid_cs = np.zeros(n, dtype=bool)
        valid_cs[cidx] = xr.astype(np.int64) == given[cidx]
    else:
        valid_cs = np.zeros(n, dtype=bool)
    msg_line = first & hexok & valid_cs & (c_idx[5] > c_idx[4] + 1)

    # MMSI-bearing: first fragments with a checksum, >= 7 valid payload characters
    pay = c_idx[4] + 1
    cand = first & hexok & (c_idx[5] - pay >= 7)
    mi = np.flatnonzero(cand)
    chars = a[pay[mi, None] + np.arange(7)] if mi.size else np.zeros((0, 7), np.uint8)
    good = _valid_armor(chars).all(axis=1)
    mi = mi[good]
    six = _unarmor(chars[good, 1:7])
    v36 = np.zeros(mi.size, dtype=np.int64)
    for c in range(6):
        v36 = (v36 << 6) | six[:, c]
    mmsi = (v36 >> 4) & MMSI_MASK

    # tag-block c: fields (only inside a tag block, after '\' or ',')
    cpos, clen, tstar, epoch = _tag_times(a, starts, close, is_tag, cm, st)
    # type 5 first fragments long enough to hold the IMO number (bits 40..69: characters 6..11)
    i5 = mi[(a[pay[mi]] == ord("5")) & (c_idx[5][mi] - pay[mi] >= 12)]
    if i5.size:
        i5 = i5[_valid_armor(a[pay[i5, None] + np.arange(12)]).all(axis=1)]
    return Block(buf=a, starts=starts, msg_line=msg_line, cont_line=cont, pay=pay[mi], star=star[mi], mmsi=mmsi,
                 v36=v36, cpos=cpos, clen=clen, tstar=tstar, epoch=epoch, imo_pay=pay[i5], imo_star=star[i5])


def _tag_times(a, starts, close, is_tag, cm, st):
    size = a.size
    if size < 3:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z
    p = np.flatnonzero((a[1:-1] == ord("c")) & (a[2:] == ord(":"))).astype(np.int64) + 1
    p = p[(a[p - 1] == BSL) | (a[p - 1] == COMMA)]
    line = np.searchsorted(starts, p, side="right") - 1
    keep = (line >= 0) & is_tag[np.maximum(line, 0)] & (p > starts[np.maximum(line, 0)]) & \
        (p < close[np.maximum(line, 0)])
    p, line = p[keep], line[keep]
    # the tag block's '*' and the end of the digits (next ',' or '*')
    ti = np.searchsorted(st, starts[line], side="left")
    tstar = np.where(ti < st.size, st[np.minimum(ti, max(st.size - 1, 0))] if st.size else 0, size)
    ni = np.searchsorted(cm, p, side="left")
    ncomma = np.where(ni < cm.size, cm[np.minimum(ni, max(cm.size - 1, 0))] if cm.size else 0, size)
    dend = np.minimum(ncomma, tstar)
    d0 = p + 2
    ln = dend - d0
    hx = _HEXVAL[a[np.clip(tstar + 1, 0, size - 1)]], _HEXVAL[a[np.clip(tstar + 2, 0, size - 1)]]
    keep = (tstar < close[line]) & (tstar + 3 == close[line]) & (ln >= 1) & (ln <= 18) & \
        (hx[0] >= 0) & (hx[1] >= 0)
    d0, ln, tstar = d0[keep], ln[keep], tstar[keep]
    if d0.size == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z
    width = int(ln.max())
    idx = d0[:, None] + np.arange(width)
    inside = np.arange(width)[None, :] < ln[:, None]
    dig = a[np.minimum(idx, size - 1)]
    alldig = np.where(inside, _DIGIT[dig], True).all(axis=1)
    d0, ln, tstar, dig, inside = d0[alldig], ln[alldig], tstar[alldig], dig[alldig], inside[alldig]
    vals = np.where(inside, dig.astype(np.int64) - 48, 0)
    # most significant digit first: weight 10^(ln-1-i)
    expo = np.clip(ln[:, None] - 1 - np.arange(width)[None, :], 0, 18)
    epoch = (vals * np.where(inside, _P10[expo], 0)).sum(axis=1)
    return d0, ln, tstar, epoch


# --- rewriting one copy -----------------------------------------------------------------------

def rewrite(block: Block, k: int, steps: dict[int, int], shift_s: int = 0) -> tuple[np.ndarray, int]:
    """Bytes of copy ``k`` of ``block`` (same length as the block) and the count of lines whose
    time could not be shifted (the shifted epoch would need another number of digits)."""
    if k == 0:
        return block.buf, 0
    out = block.buf.copy()
    if block.mmsi.size:
        new = shift_mmsi(block.mmsi, k, steps)
        v = (block.v36 & ~(MMSI_MASK << 4)) | (new << 4)
        six = np.empty((v.size, 6), dtype=np.int64)
        for c in range(6):
            six[:, c] = (v >> (6 * (5 - c))) & 63
        newc = _armor(six)
        cols = block.pay[:, None] + 1 + np.arange(6)
        oldc = out[cols]
        out[cols] = newc
        _fix_checksum(out, block.star, np.bitwise_xor.reduce(oldc, axis=1) ^ np.bitwise_xor.reduce(newc, axis=1))
    if block.imo_pay is not None and block.imo_pay.size:
        _shift_imo(out, block.imo_pay, block.imo_star, k)
    skipped = 0
    if shift_s and block.cpos.size:
        new_epoch = block.epoch + k * int(shift_s)
        nd = np.maximum(np.searchsorted(_P10, new_epoch, side="right"), 1)
        fits = (new_epoch >= 0) & (nd == block.clen)
        skipped = int((~fits).sum())
        d0, ln, tstar, ne = block.cpos[fits], block.clen[fits], block.tstar[fits], new_epoch[fits]
        if d0.size:
            width = int(ln.max())
            pos = np.arange(width)[None, :]
            inside = pos < ln[:, None]
            expo = np.clip(ln[:, None] - 1 - pos, 0, 18)
            digs = ((ne[:, None] // _P10[expo]) % 10 + 48).astype(np.uint8)
            idx = np.where(inside, d0[:, None] + pos, d0[:, None])
            old = np.where(inside, out[idx], 0).astype(np.uint8)
            newd = np.where(inside, digs, 0).astype(np.uint8)
            out[idx[inside]] = digs[inside]
            _fix_checksum(out, tstar, np.bitwise_xor.reduce(old, axis=1) ^ np.bitwise_xor.reduce(newd, axis=1))
    return out, skipped


#: Step (in the first six digits) by which each further copy moves an IMO number.
IMO_STEP = 1009


def imo_check_digit(first6: np.ndarray) -> np.ndarray:
    """IMO check digit: sum of the six digits weighted 7..2, modulo 10 (IMO Res. A.1117(30))."""
    f = np.asarray(first6, dtype=np.int64)
    return sum(((f // 10 ** (5 - i)) % 10) * (7 - i) for i in range(6)) % 10


def shift_imo(imo: np.ndarray, k: int) -> np.ndarray:
    """IMO numbers of copy ``k``: valid 7-digit numbers get their first six digits moved by
    ``k * IMO_STEP`` (within 100000..999999) and a recomputed check digit; others are kept."""
    imo = np.asarray(imo, dtype=np.int64)
    f6 = imo // 10
    ok = (imo >= 1_000_000) & (imo <= 9_999_999) & (imo_check_digit(f6) == imo % 10)
    n6 = (f6 - 100_000 + k * IMO_STEP) % 900_000 + 100_000
    return np.where(ok, n6 * 10 + imo_check_digit(n6), imo)


def _shift_imo(out: np.ndarray, pay: np.ndarray, star: np.ndarray, k: int) -> None:
    """Re-encode the IMO number (bits 40..69, in payload characters 6..11) of type 5 messages, so
    that copies are different ships (same IMO under two MMSIs would be an identity change)."""
    cols = pay[:, None] + 6 + np.arange(6)
    oldc = out[cols]
    six = _unarmor(oldc)
    w = np.zeros(len(pay), dtype=np.int64)
    for c in range(6):
        w = (w << 6) | six[:, c]
    mask = ((1 << 30) - 1) << 2
    new = shift_imo((w & mask) >> 2, k)
    w = (w & ~mask) | (new << 2)
    nsix = np.empty((len(pay), 6), dtype=np.int64)
    for c in range(6):
        nsix[:, c] = (w >> (6 * (5 - c))) & 63
    newc = _armor(nsix)
    out[cols] = newc
    _fix_checksum(out, star, np.bitwise_xor.reduce(oldc, axis=1) ^ np.bitwise_xor.reduce(newc, axis=1))


def _fix_checksum(out: np.ndarray, star: np.ndarray, delta: np.ndarray) -> None:
    """XOR ``delta`` into the two hex digits after each ``star`` (a wrong checksum stays as wrong)."""
    old = (_HEXVAL[out[star + 1]].astype(np.int64) << 4) | _HEXVAL[out[star + 2]].astype(np.int64)
    new = old ^ delta.astype(np.int64)
    out[star + 1] = _HEXU[new >> 4]
    out[star + 2] = _HEXU[new & 15]


# --- streaming --------------------------------------------------------------------------------

def _is_continuation(line: bytes) -> bool:
    m = _FRAG.search(line)
    return bool(m) and m.group(1) != b"1"


_FRAG = re.compile(rb"![A-Z]{2}VD[MO],\d,(\d),")


def _cut(data: bytes) -> int:
    """Byte offset just before the last line of ``data`` (complete lines) that is not a
    continuation fragment: everything before it holds whole messages only. A few lines a block."""
    end = len(data)
    while end > 0:
        start = data.rfind(b"\n", 0, end - 1) + 1
        if not _is_continuation(data[start:end]):
            return start
        end = start
    return len(data)


def iter_blocks(path: str | Path, block_bytes: int = 8 << 20):
    """Parsed blocks of a file, each cut just before the first line of a message (never inside a
    multipart message), with memory of about one block."""
    carry = b""
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(block_bytes)
            data = carry + chunk
            if not chunk:
                if data:
                    if not data.endswith(b"\n"):
                        data += b"\n"
                    yield parse_block(np.frombuffer(data, dtype=np.uint8).copy())
                return
            cut = _cut(data[:data.rfind(b"\n") + 1])
            if cut == 0:
                carry = data
                continue
            yield parse_block(np.frombuffer(data, dtype=np.uint8, count=cut).copy())
            carry = data[cut:]


def _slice(blk: Block, l0: int, l1: int) -> Block:
    """Lines ``[l0, l1)`` of a block, re-parsed (rare: only at cuts)."""
    b0 = int(blk.starts[l0]) if l0 < blk.lines else blk.buf.size
    b1 = int(blk.starts[l1]) if l1 < blk.lines else blk.buf.size
    return parse_block(blk.buf[b0:b1].copy())


def cut_messages(blk: Block, keep: int) -> Block:
    """The first ``keep`` messages of a block (with the lines before the next message start)."""
    if keep >= blk.messages:
        return blk
    first = np.flatnonzero(blk.msg_line)
    return _slice(blk, 0, int(first[keep]))


def scan(path: str | Path, block_bytes: int = 8 << 20) -> dict:
    """Lines, messages, bytes and the MMSIs (unique) of a base file, streamed."""
    lines = messages = 0
    mmsis = []
    for blk in iter_blocks(path, block_bytes):
        lines += blk.lines
        messages += blk.messages
        mmsis.append(np.unique(blk.mmsi))
    u = np.unique(np.concatenate(mmsis)) if mmsis else np.zeros(0, dtype=np.int64)
    return dict(lines=lines, messages=messages, bytes=Path(path).stat().st_size, mmsis=u)


class _Writer:
    """Rotating output files of about ``file_bytes`` each, cut only at message boundaries."""

    def __init__(self, outdir: Path, file_bytes: int, prefix: str = "part"):
        self.outdir, self.file_bytes, self.prefix = outdir, file_bytes, prefix
        self.files: list[dict] = []
        self.fh = None
        self.size = 0

    def write(self, blk_bytes: np.ndarray, lines: int, messages: int) -> None:
        if self.fh is None or self.size >= self.file_bytes:
            self._open()
        self.fh.write(memoryview(blk_bytes))
        self.size += blk_bytes.size
        f = self.files[-1]
        f["bytes"] += int(blk_bytes.size)
        f["lines"] += lines
        f["messages"] += messages

    def _open(self) -> None:
        self.close()
        name = f"{self.prefix}-{len(self.files):05d}.nmea"
        self.fh = open(self.outdir / name, "wb", buffering=1 << 20)
        self.size = 0
        self.files.append(dict(name=name, bytes=0, lines=0, messages=0))

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def base_nmea(base: str | Path) -> Path:
    """The NMEA file of a base corpus: ``base/scenario.nmea`` for a folder, else the file itself."""
    p = Path(base)
    return p / "scenario.nmea" if p.is_dir() else p


def replicate(base: str | Path, outdir: str | Path, messages: int, file_mb: float = 256, shift_s: int = 0,
              block_mb: float | None = None, progress=None) -> dict:
    """Write ``messages`` AIS messages made of copies of ``base`` to ``outdir``; returns the manifest.

    ``base``: a corpus folder from :func:`seasentry.scenario.bulk.write_corpus` (its
    ``scenario.nmea``) or an NMEA file. ``shift_s``: seconds added to the tag-block time of
    copy ``k``, times ``k`` (0: every copy in the base's time span). ``progress(messages_done,
    messages)`` is called after every block. Existing ``part-*.nmea`` files of ``outdir`` are
    removed first. The manifest (also written as ``outdir/manifest.json``) has the counts, the
    MMSI steps and every file.
    """
    if messages < 1:
        raise ValueError("messages must be positive")
    if file_mb <= 0:
        raise ValueError("file_mb must be positive")
    src = base_nmea(base)
    if not src.is_file():
        raise ValueError(f"no base corpus at {src}")
    file_bytes = int(file_mb * 1e6)
    block_bytes = int(block_mb * 1e6) if block_mb else int(min(8e6, max(64e3, file_bytes / 8)))
    t0 = time.perf_counter()
    info = scan(src, block_bytes)
    if info["messages"] == 0:
        raise ValueError(f"no AIS message in {src}")
    per_copy = info["messages"]
    copies = -(-messages // per_copy)
    steps = choose_steps(info["mmsis"], copies)
    last_keep = messages - (copies - 1) * per_copy  # messages of the last copy (its first ones)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.nmea"):
        old.unlink()
    w = _Writer(out, file_bytes)
    done = lines = unshifted = 0
    last_done = 0
    try:
        # copy after copy (each copy in the base's time order, as one receiver's file would be);
        # the base is read once per copy (it is small and stays in the page cache)
        for k in range(copies):
            for blk in iter_blocks(src, block_bytes):
                b = blk
                if k == copies - 1:
                    room = last_keep - last_done
                    if room <= 0:
                        break
                    if b.messages > room:
                        b = cut_messages(b, room)
                    last_done += b.messages
                data, skipped = rewrite(b, k, steps, shift_s)
                unshifted += skipped
                w.write(data, b.lines, b.messages)
                done += b.messages
                lines += b.lines
                if progress is not None:
                    progress(done, messages)
            if done >= messages:
                break
    finally:
        w.close()
    seconds = time.perf_counter() - t0
    manifest = dict(
        messages=done, lines=lines, bytes=sum(f["bytes"] for f in w.files), copies=copies,
        base=str(src), base_lines=info["lines"], base_messages=per_copy, base_bytes=info["bytes"],
        base_mmsis=int(info["mmsis"].size), mmsi_steps={str(k): v for k, v in steps.items()},
        shift_s=int(shift_s), unshifted_lines=unshifted, file_mb=file_mb, seconds=round(seconds, 3),
        files=w.files,
    )
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def corpus_files(outdir: str | Path) -> list[Path]:
    """The ``part-*.nmea`` files of a replicated corpus, in order."""
    return sorted(Path(outdir).glob("part-*.nmea"))
