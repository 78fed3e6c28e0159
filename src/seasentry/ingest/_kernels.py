"""Compiled (numba) kernels of the fast AIS path (:mod:`seasentry.ingest.fast`).

Every kernel is ``@njit(cache=True, nogil=True)``: compiled once and cached on disk, and it
releases the GIL, so decoding can run in a thread beside the store writer. Each is a pure
function over byte / NumPy arrays:

* :func:`scan_lines` -- stateless, one pass per line: NMEA 0183 framing of the common line
  shapes (optional NMEA 4 tag block ``s:``/``c:``/``g:``, one ``!xxVDM``/``!xxVDO``
  sentence, checksum, trailing epoch field). It reproduces :class:`seasentry.ingest.nmea.NmeaFramer`
  exactly for those shapes and marks every other line ``HARD`` so that the caller frames it
  with the reference Python code (leading time columns, ``$PGHP``, several sentences per line,
  non-ASCII bytes, unusual numbers or tag blocks). The usual line (tag block, one-digit
  fragment fields, valid checksum and payload) is framed by ``_fast_line``, which reads each
  byte once; anything else falls back to the general per-line code (``_scan_one``).
* :func:`assemble` -- stateful, sequential: ``$PGHP`` timing, multipart reassembly by ``g:``
  group or (channel, sequence id, count), time-to-live orphans (checked at every sentence, so
  that the result does not depend on where blocks begin and end), ``no_timestamp``; the same
  rules and the same order of messages and rejects as ``NmeaFramer``.
* :func:`gather_message_strings` -- payload, raw text and station of every message as Arrow
  buffers, and its de-duplication key: XXH64 (seed 0) of the payload, computed while the bytes
  are in cache, bit-identical to ``pipeline.stable_hash64`` (the ``xxhash`` package).
* :func:`decode_payloads` -- AIS payload bits to columns for types 1/2/3, 4, 5, 9, 18, 19,
  21, 24 and 27 (ITU-R M.1371-5 Annex 8; field offsets as in pyais 3.3.1, which is the
  reference), including its handling of truncated fields (a field that starts past the last
  bit is absent; one cut short yields the bits that are there).
* :func:`xxh64` -- XXH64 of rows of a byte array (xxHash specification v0.1.1).

String fields are passed around as (offset, length) references into one virtual byte space:
offsets below ``len(buf)`` address the input block, the rest address ``aux`` (strings made by
the Python fallback and fragments carried over from the previous block).
"""

from __future__ import annotations

import numpy as np
from numba import njit, types
from llvmlite import ir as llvm_ir
from numba.core import cgutils
from numba.extending import intrinsic

# ---- sentence kinds ---------------------------------------------------------------------------
K_BLANK, K_FRAG, K_REJ, K_HARD, K_PGHP, K_CARRY, K_CARRY_PGHP, K_NONE = 0, 1, 2, 3, 4, 5, 6, 7

# ---- reject reasons (order of REASONS in fast.py) ---------------------------------------------
R_NOT_AIS, R_BAD_CHECKSUM, R_BAD_FORMAT, R_BAD_TAGBLOCK, R_EMPTY, R_BAD_PAYLOAD = 0, 1, 2, 3, 4, 5
R_BAD_BITCOUNT, R_DECODE_ERROR, R_ORPHAN, R_NO_TS, R_INVALID_MMSI, R_INVALID_POS, R_TOO_LONG = 6, 7, 8, 9, 10, 11, 12

# ---- reject detail templates --------------------------------------------------------------------
D_PY, D_COMMENT, D_NO_SENTENCE, D_DOLLAR, D_BANG, D_PGHP_UNUSED = 0, 1, 2, 3, 4, 5
D_NO_CHECKSUM, D_FIELDS, D_NOT_NUMBER, D_FRAGMENT, D_CHECKSUM, D_EMPTY, D_BAD_PAYLOAD = 6, 7, 8, 9, 10, 11, 12
D_TOO_LONG, D_ORPHAN, D_NO_TS = 13, 14, 15
WHY_REUSE, WHY_TTL, WHY_END = 0, 1, 2

# ---- time sources -----------------------------------------------------------------------------
T_NONE, T_TAG, T_TRAILING, T_PGHP, T_COLUMN, T_BASE = 0, 1, 2, 3, 4, 5

MIN_EPOCH = 631152000.0
MAX_EPOCH = 4102444800.0
_POW10 = np.array([10.0 ** k for k in range(23)])


# =============================================================================================
# scan_lines
# =============================================================================================

@njit(cache=True, nogil=True)
def _head_at(buf, k, e):
    """End of ``[!$][A-Z][A-Z0-9]{2,5},`` matched at k (exclusive), or -1."""
    if k + 4 >= e:
        return -1
    c = buf[k]
    if c != 33 and c != 36:
        return -1
    c = buf[k + 1]
    if c < 65 or c > 90:
        return -1
    r = 0
    j = k + 2
    while j < e and r < 6:
        c = buf[j]
        if (65 <= c <= 90) or (48 <= c <= 57):
            r += 1
            j += 1
        else:
            break
    if r < 2 or r > 5:
        return -1
    if j < e and buf[j] == 44:
        return j + 1
    return -1


@njit(cache=True, nogil=True)
def _match_at(buf, i, e):
    """Python ``_SENTENCE_START.match(line, i)``: ``(?:\\\\[^\\\\]*\\\\)?[!$][A-Z][A-Z0-9]{2,5},``."""
    c = buf[i]
    if c == 92:
        j = i + 1
        while j < e and buf[j] != 92:
            j += 1
        if j >= e:
            return -1
        return _head_at(buf, j + 1, e)
    if c == 33 or c == 36:
        return _head_at(buf, i, e)
    return -1


@njit(cache=True, nogil=True)
def _parse_decimal(buf, a, b):
    """float() of ``digits[.digits]`` (>= 1 digit, <= 15 digits) exactly as Python does; NaN if
    the text has another shape (the caller then defers to Python)."""
    if b <= a:
        return np.nan
    m = 0
    nd = 0
    frac = 0
    seen_dot = False
    for i in range(a, b):
        c = buf[i]
        if 48 <= c <= 57:
            m = m * 10 + (c - 48)
            nd += 1
            if seen_dot:
                frac += 1
        elif c == 46 and not seen_dot:
            seen_dot = True
        else:
            return np.nan
    if nd == 0 or nd > 15:
        return np.nan
    # both operands exact (m < 2**53, 10**frac <= 10**15): IEEE division is correctly rounded,
    # which is what float(str) returns
    v = float(m) / _POW10[frac]
    return v / 1000.0 if v > 1e11 else v  # seconds or milliseconds (nmea.epoch_from_number)


# byte classes for the line scan: 1 non-ASCII, 2 may start a sentence ("\\", "!", "$"),
# 4 not whitespace (str.isspace), 8 in the AIS 6-bit payload alphabet ("0".."W", "`".."w"),
# 16 NUL / SUB, 32 stripped at the end of a line, 64 ends a tag-block field ("\\", ",", "*", newline)
BYTE_CLASS = np.zeros(256, np.int64)
for _c in range(256):
    BYTE_CLASS[_c] = ((1 if _c >= 128 else 0) | (2 if _c in (92, 33, 36) else 0)
                      | (0 if (9 <= _c <= 13 or 28 <= _c <= 32 or _c in (0, 26)) else 4)
                      | (8 if (48 <= _c <= 87 or 96 <= _c <= 119) else 0)
                      | (16 if _c in (0, 26) else 0) | (32 if _c in (13, 10, 0, 26, 32) else 0)
                      | (64 if _c in (92, 44, 42, 10) else 0))


def scan_lines(buf, nlines, max_len, S, ts, first_line):
    """Frame every line of ``buf`` (whole lines separated by ``\\n``) into the sentence table
    ``S`` (nlines x NCOL int64; every row is overwritten, so it may hold anything) and ``ts``
    (time of each line, NaN = none). Returns (blank lines; sentences; multipart fragments; lines
    left to the reference code, kind HARD)."""
    return _scan_lines(buf, nlines, max_len, S, ts, BYTE_CLASS, first_line)


_NL8 = np.uint64(0x0A0A0A0A0A0A0A0A)
_LO7 = np.uint64(0x7F7F7F7F7F7F7F7F)
_ONES8 = np.uint64(0x0101010101010101)


@njit(cache=True, nogil=True)
def count_lines(buf):
    """Lines as ``iter_line_blocks`` makes them: split on newline; a final newline ends a line."""
    n = buf.shape[0]
    if n == 0:
        return 0
    # eight bytes at a time (SWAR): the high bit of each byte of ``z`` is set exactly where the
    # byte is a newline (no carry crosses bytes: the sum is of 7-bit halves); the multiply adds
    # the eight flags into the top byte
    k = 0
    i = 0
    while i + 8 <= n:
        x = _load_u64(buf, i) ^ _NL8
        z = ~(((x & _LO7) + _LO7) | x | _LO7)
        k += np.int64(((z >> np.uint64(7)) * _ONES8) >> np.uint64(56))
        i += 8
    while i < n:
        k += buf[i] == 10
        i += 1
    return k if buf[n - 1] == 10 else k + 1


# column indices of S (kept in sync with fast.py). The first 16 (one 128-byte half row) are
# all that a single-part sentence framed by _fast_line needs downstream (assemble, gather):
# keeping them together halves the memory traffic over S; rows are 32 columns (256 bytes) and
# S is 64-byte aligned (FastState.scratch)
C_KIND, C_LINE, C_CNT, C_NUM, C_FILL, C_TSRC, C_ST_OFF, C_ST_LEN = 0, 1, 2, 3, 4, 5, 6, 7
C_PAY_OFF, C_PAY_LEN, C_RAW_OFF, C_RAW_LEN, C_SEQ_OFF, C_SEQ_LEN, C_CHAN_OFF, C_CHAN_LEN = 8, 9, 10, 11, 12, 13, 14, 15
C_HASG, C_G0, C_G1, C_GID_OFF, C_GID_LEN, C_SENT = 16, 17, 18, 19, 20, 21
C_RCODE, C_DCODE, C_P1, C_P2, C_P3, C_KEYKIND, C_GCOUNT, C_GFIRST = 22, 23, 24, 25, 26, 27, 28, 29
NCOL = 32


@njit(cache=True, nogil=True, inline="always")
def _tag_field(buf, p, q, S, li):
    """One tag-block field ``k:value`` in [p, q) of row ``li``: (-1, 0, 0) when it is not of that
    shape (bad tag block); else (1, value start, value end) for ``c:``, (2, ...) for ``g:``, and
    (0, 0, 0) for any other key, an ``s:`` value (station) written into the row here."""
    if q - p < 2 or buf[p + 1] != 58:
        return -1, 0, 0
    k = buf[p]
    if k == 99:
        return 1, p + 2, q
    if k == 103:
        return 2, p + 2, q
    if k == 115:
        S[li, C_ST_OFF] = p + 2
        S[li, C_ST_LEN] = q - p - 2
    return 0, 0, 0


@njit(cache=True, nogil=True)
def _tag_group(buf, g0, g1, S, li):
    """Tag-block ``g:`` value ``num-count-id`` in [g0, g1): two runs of at most 9 digits and a
    non-empty id without "-". Fills the group columns of row ``li``; False for any other shape
    (the reference code then frames the line)."""
    d1 = g0
    while d1 < g1 and buf[d1] != 45:
        d1 += 1
    d2 = d1 + 1
    while d2 < g1 and buf[d2] != 45:
        d2 += 1
    if d1 >= g1 or d2 >= g1 or d1 == g0 or d2 == d1 + 1 or d2 + 1 >= g1 or d1 - g0 > 9 or d2 - d1 - 1 > 9:
        return False
    gn = 0
    gc = 0
    for k in range(g0, g1):
        c = buf[k]
        if k > d2:
            if c == 45:
                return False
        elif k != d1 and k != d2:
            if c < 48 or c > 57:
                return False
            if k < d1:
                gn = gn * 10 + c - 48
            else:
                gc = gc * 10 + c - 48
    S[li, C_HASG] = 1
    S[li, C_G0] = gn
    S[li, C_G1] = gc
    S[li, C_GID_OFF] = d2 + 1
    S[li, C_GID_LEN] = g1 - d2 - 1
    return True


@njit(cache=True, nogil=True)
def _hex2(buf, k):
    """Value of the two hex digits at k (either case), or -1."""
    v = 0
    for j in range(k, k + 2):
        c = buf[j]
        if 48 <= c <= 57:
            x = c - 48
        elif 65 <= c <= 70:
            x = c - 55
        elif 97 <= c <= 102:
            x = c - 87
        else:
            return -1
        v = v * 16 + x
    return v


@njit(cache=True, nogil=True)
def _trailing_time(buf, k, te, S, ts, li):
    """The first comma-separated field in [k, te) that is an epoch (10 or 13 digits, optional
    fraction; seconds or milliseconds) within the plausible range sets ``ts[li]``. False when a
    candidate has more than 15 significant digits (the reference code then decides)."""
    while k < te:
        q = k
        while q < te and buf[q] != 44:
            q += 1
        u0 = k
        u1 = q
        while u0 < u1 and ((9 <= buf[u0] <= 13) or (28 <= buf[u0] <= 32)):
            u0 += 1
        while u1 > u0 and ((9 <= buf[u1 - 1] <= 13) or (28 <= buf[u1 - 1] <= 32)):
            u1 -= 1
        nd = 0
        while u0 + nd < u1 and 48 <= buf[u0 + nd] <= 57:
            nd += 1
        ok = nd == 10 or nd == 13
        if ok and u0 + nd < u1:
            # optional fraction: "." and at least one digit, then the end
            if buf[u0 + nd] != 46 or u0 + nd + 1 >= u1:
                ok = False
            else:
                for r in range(u0 + nd + 1, u1):
                    if buf[r] < 48 or buf[r] > 57:
                        ok = False
                        break
        if ok:
            v = _parse_decimal(buf, u0, u1)
            if np.isnan(v):
                return False
            if MIN_EPOCH <= v <= MAX_EPOCH:
                ts[li] = v
                S[li, C_TSRC] = T_TRAILING
                return True
        k = q + 1
    return True


@njit(cache=True, nogil=True)
def _clear_row(S, li, line):
    for k in range(NCOL):
        S[li, k] = 0
    S[li, C_LINE] = line
    S[li, C_ST_LEN] = -1


def _bytes_1d(t) -> bool:
    """Whether a numba type is a 1-D C-contiguous uint8 array (what the pointer intrinsics
    _load_u64 and _memcpy address by offset)."""
    return isinstance(t, types.Array) and t.ndim == 1 and t.layout == "C" and t.dtype == types.uint8


def _load_uint(bits: int):
    """An intrinsic ``(arr, off) -> uint64``: the ``bits // 8`` bytes ``arr[off:off + bits // 8]``
    of a 1-D C-contiguous uint8 array as one little-endian value (an unaligned load, zero-extended;
    no bounds check: the caller guarantees the range)."""
    @intrinsic
    def load(typingctx, arr, off):
        if not _bytes_1d(arr):
            return None
        sig = types.uint64(arr, types.intp)

        def codegen(context, builder, signature, args):
            a = context.make_array(signature.args[0])(context, builder, args[0])
            ptr = builder.bitcast(builder.gep(a.data, [args[1]]), llvm_ir.IntType(bits).as_pointer())
            v = builder.load(ptr, align=1)
            return v if bits == 64 else builder.zext(v, llvm_ir.IntType(64))

        return sig, codegen

    return load


_load_u64 = _load_uint(64)
_load_u32 = _load_uint(32)

_HI = np.uint64(0x8080808080808080)
_ADD48 = np.uint64(0x5050505050505050)  # 0x80 - 48 in every byte: high bit set where byte >= 48
_ADD88 = np.uint64(0x2828282828282828)  # ... >= 88
_ADD96 = np.uint64(0x2020202020202020)  # ... >= 96
_ADD120 = np.uint64(0x0808080808080808)  # ... >= 120


@njit(cache=True, nogil=True, inline="always")
def _all_payload(w):
    """Whether all eight bytes of ``w`` are in the AIS payload alphabet ("0".."W" = 48..87,
    "`".."w" = 96..119). With every byte below 128 (checked first) the additions carry into
    no neighbouring byte."""
    if w & _HI:
        return False
    ok = (((w + _ADD48) & ~(w + _ADD88)) | ((w + _ADD96) & ~(w + _ADD120))) & _HI
    return ok == _HI


@njit(cache=True, nogil=True, inline="always")
def _xor_bytes(w):
    """XOR of the eight bytes of ``w``."""
    w ^= w >> np.uint64(32)
    w ^= w >> np.uint64(16)
    w ^= w >> np.uint64(8)
    return np.int64(w & np.uint64(255))


@njit(cache=True, nogil=True)
def _fast_line(buf, a, n, li, max_len, S, ts, cls):
    """The common line shape in one pass per byte: ``[\\tag block\\]!xxVDM,c,n,seq,chan,payload,f*hh``
    plus an optional trailing part, pure ASCII, no leading white space, one-digit count, number
    and fill, nothing that could start a second sentence after the head, valid checksum and
    payload. Fills row ``li`` of S (already cleared) and ``ts[li]`` exactly as ``_scan_one``
    would, and returns the index of the line's newline (or ``n``); -1 for any other line (the
    caller then clears the row and frames the line with the general code)."""
    orall = 0
    c = buf[a]
    has_c = False
    c_val = np.nan
    g0 = -1
    if c == 92:
        # ---- tag block: fields end at "," / "*" / the closing "\"; nothing after a "*" but its
        # checksum characters
        p = a + 1
        j = p
        star = -1
        c0 = -1
        c1 = -1
        g0 = -1
        g1 = -1
        while True:
            if j >= n:
                return -1
            c = buf[j]
            if cls[c] & 64:
                if c == 10:
                    return -1
                if star < 0:
                    if j > p:
                        kind, v0, v1 = _tag_field(buf, p, j, S, li)
                        if kind < 0:
                            return -1
                        if kind == 1:
                            c0, c1 = v0, v1
                        elif kind == 2:
                            g0, g1 = v0, v1
                    p = j + 1
                    if c == 42:
                        star = j
                elif c != 92:
                    return -1  # a second "*" or a "," after the checksum: general code
                if c == 92:
                    break
            orall |= c
            j += 1
        if c0 >= 0:
            v = _parse_decimal(buf, c0, c1)
            if np.isnan(v):
                return -1
            if MIN_EPOCH <= v <= MAX_EPOCH:
                has_c = True
                c_val = v
        if g0 >= 0 and not _tag_group(buf, g0, g1, S, li):
            return -1
        t0 = j + 1
    elif c == 33:
        t0 = a
    else:
        return -1
    # ---- head "!xxVDM," / "!xxVDO," --------------------------------------------------------------
    if t0 + 7 > n or buf[t0] != 33:
        return -1
    h0 = t0 + 1
    # talker: a letter, then a letter or a digit ("B1", "B2"); then "VDM," or "VDO,"
    c1 = buf[h0 + 1]
    if not (65 <= buf[h0] <= 90 and (65 <= c1 <= 90 or 48 <= c1 <= 57) and buf[h0 + 2] == 86 and buf[h0 + 3] == 68
            and (buf[h0 + 4] == 77 or buf[h0 + 4] == 79) and buf[h0 + 5] == 44):
        return -1
    got = buf[h0] ^ buf[h0 + 1] ^ 86 ^ 68 ^ buf[h0 + 4] ^ 44
    # ---- fields up to "*" in order, each byte once: checksum, separators, payload alphabet;
    # any other shape (more or fewer fields, longer numbers, special bytes) -> general code
    f1 = t0 + 7  # count: one digit
    if f1 + 4 > n or buf[f1 + 1] != 44 or buf[f1 + 3] != 44:
        return -1
    f2 = f1 + 2  # number: one digit
    cnt = np.int64(buf[f1]) - 48
    num = np.int64(buf[f2]) - 48
    if not (1 <= num <= 9 and num <= cnt <= 9):
        return -1
    got ^= buf[f1] ^ buf[f2]
    f3 = f2 + 2  # sequence id, then channel: anything but "," "*" newline and special bytes
    k = f3
    while True:
        if k >= n:
            return -1
        c = buf[k]
        if c == 44:
            break
        if cls[c] & 3 or c == 42 or c == 10:
            return -1
        got ^= c
        k += 1
    f4 = k + 1
    k = f4
    while True:
        if k >= n:
            return -1
        c = buf[k]
        if c == 44:
            break
        if cls[c] & 3 or c == 42 or c == 10:
            return -1
        got ^= c
        k += 1
    f5 = k + 1  # payload: the 6-bit alphabet up to ","
    k = f5
    # eight bytes at a time while all are in the alphabet (SWAR), then byte by byte
    gw = np.uint64(0)
    while k + 8 <= n:
        w = _load_u64(buf, k)
        if not _all_payload(w):
            break
        gw ^= w
        k += 8
    while k < n and cls[buf[k]] & 8:
        got ^= buf[k]
        k += 1
    got ^= _xor_bytes(gw)
    if k == f5 or k + 2 >= n or buf[k] != 44 or buf[k + 2] != 42:
        return -1  # empty payload, bad character, or not ",fill*"
    f6 = k + 1
    fill = np.int64(buf[f6]) - 48
    if not (0 <= fill <= 5):
        return -1
    # the five commas not yet counted (after count, number, sequence id, channel, payload): an odd
    # number of 44s xor to 44
    got ^= 44 ^ buf[f6]
    star = f6 + 1
    # ---- rest of the line: stripped end, nothing special ----------------------------------------
    q = star + 3
    if q <= n and (q == n or buf[q] == 10) and cls[buf[star + 1]] & 3 == 0 and cls[buf[star + 2]] & 3 == 0:
        e = q
        if cls[buf[q - 1]] & 32:  # checksum characters that strip() would remove: general code
            return -1
    else:
        e = star + 1
        q = star + 1
        while q < n:
            c = buf[q]
            if c == 10:
                break
            k = cls[c]
            if k & 3:
                return -1
            if k & 32 == 0:
                e = q + 1
            q += 1
    eol = q
    if orall & 128:
        return -1
    if e - a > max_len:
        return -1
    te = e
    while te > a and (buf[te - 1] == 32 or buf[te - 1] == 44):
        te -= 1
    if te < star + 3:
        return -1
    expect = _hex2(buf, star + 1)
    if expect < 0:
        return -1
    if got != expect:
        return -1
    # ---- time: tag block c: > trailing epoch field ---------------------------------------------------
    if has_c:
        ts[li] = c_val
        S[li, C_TSRC] = T_TAG
    elif not _trailing_time(buf, star + 3, te, S, ts, li):
        return -1
    if cnt > 1 and g0 < 0:
        S[li, C_HASG] = 0  # read by assemble for multipart sentences only
    S[li, C_KIND] = K_FRAG
    S[li, C_RAW_OFF] = a
    S[li, C_RAW_LEN] = e - a
    S[li, C_CNT] = cnt
    S[li, C_NUM] = num
    S[li, C_FILL] = fill
    S[li, C_SEQ_OFF] = f3
    S[li, C_SEQ_LEN] = f4 - 1 - f3
    S[li, C_CHAN_OFF] = f4
    S[li, C_CHAN_LEN] = f5 - 1 - f4
    S[li, C_PAY_OFF] = f5
    S[li, C_PAY_LEN] = f6 - 1 - f5
    return eol


@njit(cache=True, nogil=True)
def _scan_lines(buf, nlines, max_len, S, ts, cls, first_line):
    n = buf.shape[0]
    fs = np.empty(8, np.int64)
    sp = np.empty(16, np.int64)
    nblank = 0
    nsent = 0
    nmulti = 0
    nhard = 0
    li = 0
    a = 0
    while li < nlines:
        # what _fast_line does not always write (it writes the rest of the hot half row)
        S[li, C_LINE] = first_line + li
        S[li, C_ST_LEN] = -1
        S[li, C_TSRC] = 0
        ts[li] = np.nan
        if a < n:
            b = _fast_line(buf, a, n, li, max_len, S, ts, cls)
            if b >= 0:
                nsent += 1
                if S[li, C_CNT] > 1:
                    nmulti += 1
                li += 1
                a = b + 1
                continue
            _clear_row(S, li, first_line + li)
            ts[li] = np.nan
        else:
            _clear_row(S, li, first_line + li)
        # ---- general code: one pass to the newline: stripped bounds (strip("\r\n\x00\x1a ")),
        # byte classes seen and where a sentence may start
        s = -1
        e = a
        seen = 0
        nsp = 0
        i = a
        while i < n:
            c = buf[i]
            if c == 10:
                break
            k = cls[c]
            if k & 32 == 0:
                if s < 0:
                    s = i
                e = i + 1
            seen |= k
            if k & 2:
                if nsp < 16:
                    sp[nsp] = i
                nsp += 1
            i += 1
        b = i
        if seen & 1:
            kind = K_HARD
        else:
            blank = s < 0
            if not blank and seen & 4 == 0:
                blank = True  # only whitespace, unless a NUL / SUB sits inside the stripped line
                if seen & 16:
                    for j in range(s, e):
                        if buf[j] == 0 or buf[j] == 26:
                            blank = False
            if blank:
                kind = K_BLANK
                nblank += 1
            else:
                kind, rc, dc, p1, p2, p3 = _scan_one(buf, s, e, li, max_len, S, ts, fs, sp, nsp, cls)
                if kind == K_REJ:
                    S[li, C_RCODE] = rc
                    S[li, C_DCODE] = dc
                    S[li, C_P1] = p1
                    S[li, C_P2] = p2
                    S[li, C_P3] = p3
                elif kind == K_FRAG and S[li, C_CNT] > 1:
                    nmulti += 1
                if kind != K_HARD:
                    nsent += S[li, C_SENT]
        S[li, C_KIND] = kind
        if kind == K_HARD:
            nhard += 1
        li += 1
        a = b + 1
    return nblank, nsent, nmulti, nhard


@njit(cache=True, nogil=True)
def _scan_one(buf, s, e, li, max_len, S, ts, fs, sp, nsp, cls):
    """One non-blank ASCII line [s, e) (already stripped); returns (kind, reason, detail code,
    p1, p2, p3) and fills the fields of S."""
    S[li, C_RAW_OFF] = s
    S[li, C_RAW_LEN] = e - s
    if e - s > max_len:
        S[li, C_RAW_LEN] = max_len
        return K_REJ, R_TOO_LONG, D_TOO_LONG, e - s, 0, 0
    if buf[s] == 35:  # "#": a comment, even when it quotes a sentence
        return K_REJ, R_NOT_AIS, D_COMMENT, 0, 0, 0
    if nsp > sp.shape[0]:
        return K_HARD, 0, 0, 0, 0, 0  # many candidate starts: the reference regex decides
    # ---- sentence starts (re.finditer): only at "\", "!" or "$" ------------------------------------
    m0 = -1
    first = -1
    k0 = 0
    while k0 < nsp:
        m0 = _match_at(buf, sp[k0], e)
        if m0 >= 0:
            first = sp[k0]
            break
        k0 += 1
    if m0 < 0:
        return K_REJ, R_NOT_AIS, D_NO_SENTENCE, 0, 0, 0
    if first != s:  # a prefix (leading time column or junk): reference code
        return K_HARD, 0, 0, 0, 0, 0
    for k in range(k0 + 1, nsp):
        if sp[k] >= m0 and _match_at(buf, sp[k], e) >= 0:  # a second sentence on the line
            return K_HARD, 0, 0, 0, 0, 0
    # ---- text = line.rstrip(" ,") --------------------------------------------------------------
    te = e
    while te > s and (buf[te - 1] == 32 or buf[te - 1] == 44):
        te -= 1
    t0 = s
    has_c = False
    c_val = np.nan
    if buf[s] == 92:
        end = s + 1
        while end < te and buf[end] != 92:
            end += 1
        if end >= te:
            return K_HARD, 0, 0, 0, 0, 0
        # tag block body (its checksum only sets chk_ok, which nothing uses)
        tb0 = s + 1
        tb1 = end
        star = -1
        for k in range(tb0, tb1):
            if buf[k] == 42:
                star = k
        body1 = star if star >= 0 else tb1
        p = tb0
        c0 = -1
        c1 = -1
        g0 = -1
        g1 = -1
        while p <= body1:
            q = p
            while q < body1 and buf[q] != 44:
                q += 1
            if q > p:
                kind, v0, v1 = _tag_field(buf, p, q, S, li)
                if kind < 0:
                    return K_HARD, 0, 0, 0, 0, 0  # bad_tagblock: detail made by the reference code
                if kind == 1:
                    c0, c1 = v0, v1
                elif kind == 2:
                    g0, g1 = v0, v1
            p = q + 1
        if c0 >= 0:
            v = _parse_decimal(buf, c0, c1)
            if np.isnan(v):
                return K_HARD, 0, 0, 0, 0, 0
            if MIN_EPOCH <= v <= MAX_EPOCH:
                has_c = True
                c_val = v
        if g0 >= 0 and not _tag_group(buf, g0, g1, S, li):
            return K_HARD, 0, 0, 0, 0, 0
        t0 = end + 1
    # ---- sentence head, checksum and field separators in one pass ------------------------------
    if t0 >= te:
        return K_HARD, 0, 0, 0, 0, 0
    star = -1
    comma = -1
    got = 0
    nf = 1
    fs[0] = t0
    badpay = False
    for k in range(t0 + 1, te):
        c = buf[k]
        if c == 42:
            star = k
            break
        got ^= c
        if nf == 6 and cls[c] & 8 == 0 and c != 44:
            badpay = True
        if c == 44:
            if comma < 0:
                comma = k
            if nf < 7:
                fs[nf] = k + 1
            nf += 1
    if comma < 0:  # no comma before "*" (or none at all): text.find(",") looks further
        for k in range(t0, te):
            if buf[k] == 44:
                comma = k
                break
    h0 = t0 + 1
    h1 = comma if comma >= 0 else te - 1
    if h1 < h0:
        h1 = h0
    if buf[t0] == 36:
        if h1 - h0 == 4 and buf[h0] == 80 and buf[h0 + 1] == 71 and buf[h0 + 2] == 72 and buf[h0 + 3] == 80:
            return K_HARD, 0, 0, 0, 0, 0  # $PGHP: parsed by the reference code
        return K_REJ, R_NOT_AIS, D_DOLLAR, h0, h1 - h0, 0
    if not (h1 - h0 == 5 and 65 <= buf[h0] <= 90 and (65 <= buf[h0 + 1] <= 90 or 48 <= buf[h0 + 1] <= 57)
            and buf[h0 + 2] == 86
            and buf[h0 + 3] == 68 and (buf[h0 + 4] == 77 or buf[h0 + 4] == 79)):
        return K_REJ, R_NOT_AIS, D_BANG, h0, h1 - h0, 0
    S[li, C_SENT] = 1
    if star < 0 or te < star + 3:
        return K_REJ, R_BAD_FORMAT, D_NO_CHECKSUM, 0, 0, 0
    expect = _hex2(buf, star + 1)
    if expect < 0:
        return K_HARD, 0, 0, 0, 0, 0  # int(.., 16) accepts odd forms (" A", "+A"): reference code
    if got != expect:
        return K_REJ, R_BAD_CHECKSUM, D_CHECKSUM, expect, got, 0
    # ---- seven fields ---------------------------------------------------------------------------
    if nf != 7:
        return K_REJ, R_BAD_FORMAT, D_FIELDS, nf, 0, 0
    fs[7] = star + 1
    # numeric fields 1 (count), 2 (number), 6 (fill): all digits first, then their values
    cnt = 0
    num = 0
    fill = 0
    for q in range(3):
        f = 1 if q == 0 else (2 if q == 1 else 6)
        a0 = fs[f]
        a1 = fs[f + 1] - 1
        if a1 <= a0:
            return K_REJ, R_BAD_FORMAT, D_NOT_NUMBER, 0, 0, 0
        for k in range(a0, a1):
            c = buf[k]
            if c < 48 or c > 57:
                return K_REJ, R_BAD_FORMAT, D_NOT_NUMBER, 0, 0, 0
    for q in range(3):
        f = 1 if q == 0 else (2 if q == 1 else 6)
        a0 = fs[f]
        a1 = fs[f + 1] - 1
        if a1 - a0 > 15:
            return K_HARD, 0, 0, 0, 0, 0
        v = 0
        for k in range(a0, a1):
            v = v * 10 + buf[k] - 48
        if q == 0:
            cnt = v
        elif q == 1:
            num = v
        else:
            fill = v
    if not (1 <= num and num <= cnt and cnt <= 9) or fill > 5:
        return K_REJ, R_BAD_FORMAT, D_FRAGMENT, num, cnt, fill
    p0 = fs[5]
    p1 = fs[6] - 1
    if p1 <= p0:
        return K_REJ, R_EMPTY, D_EMPTY, 0, 0, 0
    if badpay:
        return K_REJ, R_BAD_PAYLOAD, D_BAD_PAYLOAD, 0, 0, 0
    # ---- time: tag block c: > trailing epoch field ---------------------------------------------------
    if has_c:
        ts[li] = c_val
        S[li, C_TSRC] = T_TAG
    elif not _trailing_time(buf, star + 3, te, S, ts, li):
        return K_HARD, 0, 0, 0, 0, 0  # more than 15 significant digits
    S[li, C_CNT] = cnt
    S[li, C_NUM] = num
    S[li, C_FILL] = fill
    S[li, C_SEQ_OFF] = fs[3]
    S[li, C_SEQ_LEN] = fs[4] - 1 - fs[3]
    S[li, C_CHAN_OFF] = fs[4]
    S[li, C_CHAN_LEN] = fs[5] - 1 - fs[4]
    S[li, C_PAY_OFF] = p0
    S[li, C_PAY_LEN] = p1 - p0
    return K_FRAG, 0, 0, 0, 0, 0


# =============================================================================================
# assemble
# =============================================================================================

@njit(cache=True, nogil=True)
def _ref_hash(data, off, ln, h):
    for i in range(off, off + ln):
        h = (h ^ np.uint64(data[i])) * np.uint64(0x100000001B3)
    return h


@njit(cache=True, nogil=True)
def _ref_eq(data, o1, l1, o2, l2):
    if l1 != l2:
        return False
    for k in range(l1):
        if data[o1 + k] != data[o2 + k]:
            return False
    return True


@njit(cache=True, nogil=True)
def _key_of(S, s, force):
    """1 = group key ("g", id), 2 = ("s", channel, sequence id, count)."""
    if force != 0:
        return force
    if S[s, C_HASG] == 1 and S[s, C_G1] == S[s, C_CNT] and S[s, C_G0] == S[s, C_NUM]:
        return 1
    return 2


@njit(cache=True, nogil=True)
def _key_hash(data, S, s, kk):
    h = np.uint64(0xCBF29CE484222325)
    if kk == 1:
        h = _ref_hash(data, S[s, C_GID_OFF], S[s, C_GID_LEN], h ^ np.uint64(1))
    else:
        h = _ref_hash(data, S[s, C_CHAN_OFF], S[s, C_CHAN_LEN], h ^ np.uint64(2))
        h = (h ^ np.uint64(255)) * np.uint64(0x100000001B3)
        h = _ref_hash(data, S[s, C_SEQ_OFF], S[s, C_SEQ_LEN], h)
        h = (h ^ np.uint64(S[s, C_CNT] + 256)) * np.uint64(0x100000001B3)
    return np.int64(h & np.uint64(0x7FFFFFFFFFFFFFFF))


@njit(cache=True, nogil=True)
def _key_eq(data, S, s1, k1, s2, k2):
    if k1 != k2:
        return False
    if k1 == 1:
        return _ref_eq(data, S[s1, C_GID_OFF], S[s1, C_GID_LEN], S[s2, C_GID_OFF], S[s2, C_GID_LEN])
    return (S[s1, C_CNT] == S[s2, C_CNT]
            and _ref_eq(data, S[s1, C_CHAN_OFF], S[s1, C_CHAN_LEN], S[s2, C_CHAN_OFF], S[s2, C_CHAN_LEN])
            and _ref_eq(data, S[s1, C_SEQ_OFF], S[s1, C_SEQ_LEN], S[s2, C_SEQ_OFF], S[s2, C_SEQ_LEN]))


@njit(cache=True, nogil=True)
def _station_eq(data, S, s1, s2):
    """Whether sentences s1 and s2 carry the same tag-block station (both none counts as equal)."""
    l1 = S[s1, C_ST_LEN]
    l2 = S[s2, C_ST_LEN]
    if l1 < 0 or l2 < 0:
        return l1 < 0 and l2 < 0
    return _ref_eq(data, S[s1, C_ST_OFF], l1, S[s2, C_ST_OFF], l2)


@njit(cache=True, nogil=True)
def assemble(data, S, ts, lead, nslots, end_line, ttl_lines, ttl_s, base_time, has_base,
             pghp_sidx):
    """Sequential framing state machine over the sentence table ``S`` (see module docstring).

    Time to live (``NmeaFramer._expire_at``): before each AIS sentence (line L, time t, station
    st) is used, a waiting group becomes orphans when L - its first line > ``ttl_lines``, or
    when it began at the same station and t - its first time > ``ttl_s``. Checked at every
    sentence, never at block ends: the same lines give the same messages whatever the blocks.
    Returns message, reject and pending-slot arrays; the caller turns them into columns.
    """
    ns = S.shape[0]
    # adjusted fragment time and source
    fts = ts.copy()
    ftsrc = S[:, C_TSRC].copy()
    # messages
    m_first = np.empty(ns, np.int64)
    m_n = np.empty(ns, np.int64)
    m_ts = np.empty(ns, np.float64)
    m_tsrc = np.empty(ns, np.int64)
    m_station = np.empty(ns, np.int64)
    m_frags = np.empty(ns, np.int64)
    nm = 0
    nf = 0
    # rejects
    r_sidx = np.empty(ns + 1, np.int64)
    r_code = np.empty(ns + 1, np.int64)
    r_dcode = np.empty(ns + 1, np.int64)
    r_p = np.zeros((ns + 1, 3), np.int64)
    nr = 0
    # pending slots
    sl_alive = np.zeros(nslots, np.bool_)
    sl_kind = np.zeros(nslots, np.int64)
    sl_key = np.zeros(nslots, np.int64)  # sentence holding the key fields
    sl_hash = np.zeros(nslots, np.int64)
    sl_count = np.zeros(nslots, np.int64)
    sl_first_line = np.zeros(nslots, np.int64)
    sl_first_ts = np.zeros(nslots, np.float64)
    sl_parts = np.full((nslots, 10), -1, np.int64)
    sl_order = np.zeros((nslots, 10), np.int64)  # part numbers in insertion order
    sl_np = np.zeros(nslots, np.int64)
    sl_st = np.zeros(nslots, np.int64)  # sentence whose tag-block station is the group's
    nsl = 0
    nalive = 0
    oldest = 0  # no slot below this one is alive
    min_ts = np.inf  # at most the lowest first time of the alive slots (recomputed by each scan)
    tsize = 16
    while tsize < 2 * nslots + 2:
        tsize *= 2
    t_hash = np.zeros(tsize, np.int64)
    t_slot = np.full(tsize, -1, np.int64)  # -1 empty, -2 deleted
    tmask = tsize - 1
    headers = 0
    pghp_on = pghp_sidx >= 0
    pghp_t = ts[pghp_sidx] if pghp_on else np.nan
    tmp = np.empty(10, np.int64)

    for s in range(ns):
        kind = S[s, C_KIND]
        if kind == K_REJ:
            r_sidx[nr] = s
            r_code[nr] = S[s, C_RCODE]
            r_dcode[nr] = S[s, C_DCODE]
            r_p[nr, 0] = S[s, C_P1]
            r_p[nr, 1] = S[s, C_P2]
            r_p[nr, 2] = S[s, C_P3]
            nr += 1
            continue
        if kind == K_PGHP:
            if pghp_on:
                r_sidx[nr] = pghp_sidx
                r_code[nr] = R_NOT_AIS
                r_dcode[nr] = D_PGHP_UNUSED
                nr += 1
                headers -= 1
            headers += 1
            pghp_on = True
            pghp_t = ts[s]
            pghp_sidx = s
            continue
        if kind != K_FRAG and kind != K_CARRY:
            continue
        cnt = S[s, C_CNT]
        num = S[s, C_NUM]
        if kind == K_FRAG:
            t = fts[s]
            if pghp_on and (num == 1 or np.isnan(t)):
                if np.isnan(t):
                    t = pghp_t
                    fts[s] = t
                    ftsrc[s] = T_PGHP
                if num == cnt:
                    pghp_on = False
            if np.isnan(t) and not np.isnan(lead[s]):
                fts[s] = lead[s]
                ftsrc[s] = T_COLUMN
            # ---- time to live of the waiting groups, at this sentence -------------------------
            if nalive > 0:
                while not sl_alive[oldest]:
                    oldest += 1
                line = S[s, C_LINE]
                t = fts[s]
                if line - sl_first_line[oldest] > ttl_lines or (not np.isnan(t) and t - min_ts > ttl_s):
                    min_ts = np.inf
                    for c in range(oldest, nsl):
                        if not sl_alive[c]:
                            continue
                        ft = sl_first_ts[c]
                        if line - sl_first_line[c] > ttl_lines or (
                                not np.isnan(t) and not np.isnan(ft) and t - ft > ttl_s
                                and _station_eq(data, S, sl_st[c], s)):
                            nr = _orphan(S, c, WHY_TTL, sl_parts, sl_order, sl_np, sl_count, r_sidx, r_code,
                                         r_dcode, r_p, nr, tmp)
                            t_slot[sl_hash[c]] = -2
                            sl_alive[c] = False
                            nalive -= 1
                        elif not np.isnan(ft) and ft < min_ts:
                            min_ts = ft
                    while oldest < nsl and not sl_alive[oldest]:
                        oldest += 1
            if cnt == 1:
                tmp[0] = s
                nm, nf, nr = _emit(S, tmp, 1, fts, ftsrc, base_time, has_base, m_first, m_n, m_ts, m_tsrc,
                                   m_station, m_frags, nm, nf, r_sidx, r_code, r_dcode, nr)
                continue
            kk = _key_of(S, s, 0)
        else:
            kk = S[s, C_KEYKIND]
        # ---- multipart: find the pending slot ------------------------------------------------
        h = _key_hash(data, S, s, kk)
        slot = -1
        free = -1
        j = h & tmask
        while t_slot[j] != -1:
            c = t_slot[j]
            if c == -2:
                if free < 0:
                    free = j
            elif t_hash[j] == h and _key_eq(data, S, sl_key[c], sl_kind[c], s, kk):
                slot = c
                break
            j = (j + 1) & tmask
        if free < 0:
            free = j
        if kind == K_FRAG and slot >= 0 and sl_parts[slot, num] >= 0:
            nr = _orphan(S, slot, WHY_REUSE, sl_parts, sl_order, sl_np, sl_count, r_sidx, r_code, r_dcode, r_p,
                         nr, tmp)
            t_slot[sl_hash[slot]] = -2
            sl_alive[slot] = False
            nalive -= 1
            slot = -1
        if slot < 0:
            slot = nsl
            nsl += 1
            sl_alive[slot] = True
            nalive += 1
            sl_kind[slot] = kk
            sl_key[slot] = s
            sl_st[slot] = s
            if kind == K_FRAG:
                sl_count[slot] = cnt
                sl_first_line[slot] = S[s, C_LINE]
                sl_first_ts[slot] = fts[s]
            else:
                sl_count[slot] = S[s, C_GCOUNT]
                sl_first_line[slot] = S[s, C_GFIRST]
                sl_first_ts[slot] = lead[s]  # carried first_ts travels in the lead column
            if sl_first_ts[slot] < min_ts:
                min_ts = sl_first_ts[slot]
            t_hash[free] = h
            t_slot[free] = slot
            sl_hash[slot] = free
        sl_parts[slot, num] = s
        sl_order[slot, sl_np[slot]] = num
        sl_np[slot] += 1
        if kind == K_FRAG and sl_np[slot] == cnt:
            complete = True
            for k in range(1, cnt + 1):
                if sl_parts[slot, k] < 0:
                    complete = False
            if complete:
                for k in range(1, cnt + 1):
                    tmp[k - 1] = sl_parts[slot, k]
                t_slot[sl_hash[slot]] = -2
                sl_alive[slot] = False
                nalive -= 1
                nm, nf, nr = _emit(S, tmp, cnt, fts, ftsrc, base_time, has_base, m_first, m_n, m_ts, m_tsrc,
                                   m_station, m_frags, nm, nf, r_sidx, r_code, r_dcode, nr)
    return (m_first[:nm], m_n[:nm], m_ts[:nm], m_tsrc[:nm], m_station[:nm], m_frags[:nf],
            r_sidx[:nr], r_code[:nr], r_dcode[:nr], r_p[:nr],
            sl_alive[:nsl], sl_kind[:nsl], sl_key[:nsl], sl_count[:nsl], sl_first_line[:nsl], sl_first_ts[:nsl],
            sl_parts[:nsl], sl_order[:nsl], sl_np[:nsl], fts, ftsrc, headers, pghp_on, pghp_sidx)


@njit(cache=True, nogil=True)
def _orphan(S, slot, why, sl_parts, sl_order, sl_np, sl_count, r_sidx, r_code, r_dcode, r_p, nr, tmp):
    k = sl_np[slot]
    for i in range(k):  # insertion order, then a stable sort by line number
        tmp[i] = sl_parts[slot, sl_order[slot, i]]
    for i in range(1, k):
        x = tmp[i]
        j = i - 1
        while j >= 0 and S[tmp[j], C_LINE] > S[x, C_LINE]:
            tmp[j + 1] = tmp[j]
            j -= 1
        tmp[j + 1] = x
    for i in range(k):
        s = tmp[i]
        r_sidx[nr] = s
        r_code[nr] = R_ORPHAN
        r_dcode[nr] = D_ORPHAN
        r_p[nr, 0] = S[s, C_NUM]
        r_p[nr, 1] = sl_count[slot]
        r_p[nr, 2] = why
        nr += 1
    return nr


@njit(cache=True, nogil=True)
def _emit(S, parts, k, fts, ftsrc, base_time, has_base, m_first, m_n, m_ts, m_tsrc, m_station, m_frags, nm, nf,
          r_sidx, r_code, r_dcode, nr):
    t = np.nan
    tsrc = T_NONE
    station = -1
    for i in range(k):
        s = parts[i]
        if np.isnan(t) and not np.isnan(fts[s]):
            t = fts[s]
            tsrc = ftsrc[s]
        if station < 0 and S[s, C_ST_LEN] >= 0:
            station = s
    if np.isnan(t) and has_base:
        t = base_time
        tsrc = T_BASE
    if np.isnan(t):
        for i in range(k):
            r_sidx[nr] = parts[i]
            r_code[nr] = R_NO_TS
            r_dcode[nr] = D_NO_TS
            nr += 1
        return nm, nf, nr
    m_first[nm] = nf
    m_n[nm] = k
    m_ts[nm] = t
    m_tsrc[nm] = tsrc
    m_station[nm] = station
    for i in range(k):
        m_frags[nf] = parts[i]
        nf += 1
    nm += 1
    return nm, nf, nr


# =============================================================================================
# gathering strings
# =============================================================================================

@intrinsic
def _memcpy(typingctx, dst, dst_off, src, src_off, n):
    """``dst[dst_off:dst_off + n] = src[src_off:src_off + n]`` for 1-D C-contiguous uint8 arrays
    as one ``llvm.memcpy`` (no bounds check: the caller guarantees the ranges, and that they do
    not overlap). Numba's slice assignment builds two array views and a generic strided loop
    per call, which for the short strings copied here (a payload, a line) cost more than the
    copy: ad hoc, gather_message_strings over one 8 MB block of the bench_decode corpus took
    11.4 ms with slice assignment, 4.7 ms with this."""
    if not (_bytes_1d(dst) and _bytes_1d(src) and dst.mutable):
        return None  # a typing error: only contiguous 1-D byte arrays, a writable destination
    sig = types.void(dst, types.intp, src, types.intp, types.intp)

    def codegen(context, builder, signature, args):
        d = context.make_array(signature.args[0])(context, builder, args[0])
        s = context.make_array(signature.args[2])(context, builder, args[2])
        cgutils.raw_memcpy(builder, builder.gep(d.data, [args[1]]), builder.gep(s.data, [args[3]]), args[4], 1)
        return context.get_dummy_value()

    return sig, codegen


@njit(cache=True, nogil=True, inline="always")
def _copy(dst, dst_off, src, src_off, n):
    """:func:`_memcpy` of ``n`` bytes; nothing for ``n <= 0`` (as an empty slice). A range
    outside either array raises (as slice assignment would have), it is never copied."""
    if n > 0:
        if src_off < 0 or dst_off < 0 or src_off + n > src.shape[0] or dst_off + n > dst.shape[0]:
            raise IndexError("string copy out of range")
        _memcpy(dst, dst_off, src, src_off, n)


@njit(cache=True, nogil=True)
def gather_message_strings(data, S, m_first, m_n, m_frags, m_station, pdata, rdata, sdata, frag_line, fill):
    """Payload (fragments concatenated), raw text (sentences joined by newlines) and station of
    every message, as Arrow-style (data, offsets) pairs; station validity as a bool array; and
    the de-duplication key of every message (XXH64 of its payload, hashed while it is in cache).

    One pass: every fragment belongs to one message, so the payload and station bytes fit in
    ``len(data)`` and the raw text in ``len(data) + len(m_frags)``: ``pdata``, ``sdata`` and
    ``rdata`` are output buffers at least that long (the caller may reuse them); the returned
    data arrays are views of them cut to what was written. Also fills ``frag_line`` (line of
    every fragment, as m_frags) and ``fill`` (fill bits of every message's last fragment)."""
    n = m_first.shape[0]
    p_off = np.empty(n + 1, np.int64)
    r_off = np.empty(n + 1, np.int64)
    s_off = np.empty(n + 1, np.int64)
    svalid = np.zeros(n, np.bool_)
    keys = np.empty(n, np.int64)
    pp = 0
    rp = 0
    sp = 0
    p_off[0] = 0
    r_off[0] = 0
    s_off[0] = 0
    for m in range(n):
        p0 = pp
        for i in range(m_n[m]):
            s = m_frags[m_first[m] + i]
            o = S[s, C_PAY_OFF]
            ln = S[s, C_PAY_LEN]
            _copy(pdata, pp, data, o, ln)
            pp += ln
            if i > 0:
                rdata[rp] = 10
                rp += 1
            o = S[s, C_RAW_OFF]
            ln = S[s, C_RAW_LEN]
            _copy(rdata, rp, data, o, ln)
            rp += ln
            frag_line[m_first[m] + i] = S[s, C_LINE]
            fill[m] = S[s, C_FILL]  # the last fragment's
        keys[m] = _xxh64(pdata, p0, pp - p0)
        s = m_station[m]
        if s >= 0:
            svalid[m] = True
            o = S[s, C_ST_OFF]
            ln = S[s, C_ST_LEN]
            _copy(sdata, sp, data, o, ln)
            sp += ln
        p_off[m + 1] = pp
        r_off[m + 1] = rp
        s_off[m + 1] = sp
    return pdata[:pp], p_off, rdata[:rp], r_off, sdata[:sp], s_off, svalid, keys


@njit(cache=True, nogil=True)
def gather_refs(data, offs, lens):
    """Strings data[offs[i]:offs[i]+lens[i]] as an Arrow-style (data, offsets) pair."""
    n = offs.shape[0]
    out_off = np.zeros(n + 1, np.int64)
    for i in range(n):
        out_off[i + 1] = out_off[i] + lens[i]
    out = np.empty(out_off[n], np.uint8)
    for i in range(n):
        _copy(out, out_off[i], data, offs[i], lens[i])
    return out, out_off


@njit(cache=True, nogil=True, inline="always")
def _set_bit(bm, j):
    bm[j >> 3] |= np.uint8(1 << (j & 7))


@njit(cache=True, nogil=True)
def take_rows(data, off, sel, ok, out_off):
    """Rows ``sel`` of the string column (``data``, offsets ``off``) as Arrow buffers, null where
    ``ok`` (one flag per output row) is false: returns (data, validity bitmap, null count) and
    fills ``out_off`` (len(sel) + 1 offsets, int32 or int64). A null row is empty."""
    k = sel.shape[0]
    total = 0
    for j in range(k):
        if ok[j]:
            total += off[sel[j] + 1] - off[sel[j]]
    out = np.empty(total, np.uint8)
    bm = np.zeros((k + 7) >> 3, np.uint8)
    p = 0
    nulls = 0
    out_off[0] = 0
    for j in range(k):
        if ok[j]:
            _set_bit(bm, j)
            i = sel[j]
            n = off[i + 1] - off[i]
            _copy(out, p, data, off[i], n)
            p += n
        else:
            nulls += 1
        out_off[j + 1] = p
    return out, bm, nulls


@njit(cache=True, nogil=True)
def take_strings(data, off, valid, sel, out_off):
    """:func:`take_rows` with the validity of the source rows (``valid``): what
    ``pyarrow.Array.take`` of the column gives, in one pass and without an index array."""
    k = sel.shape[0]
    ok = np.empty(k, np.bool_)
    for j in range(k):
        ok[j] = valid[sel[j]]
    return take_rows(data, off, sel, ok, out_off)


@njit(cache=True, nogil=True)
def common_columns(sel, line_no, keys, ts_us, tsrc, st_data, st_off, st_valid, tn, tn_off, st_out_off, ts_out_off):
    """The columns every table takes from its messages ``sel``: line_no, msg_key and ts (int64,
    gathered in one pass); station (a take of the message station strings, see
    :func:`take_strings`) and time_source (the strings (``tn``, ``tn_off``) of the ``tsrc``
    codes, code 0 = null, see :func:`take_rows`). Returns (line_no, msg_key, ts, station data, bitmap, nulls,
    time_source data, bitmap, nulls); the offsets fill ``st_out_off`` and ``ts_out_off``."""
    k = sel.shape[0]
    ln = np.empty(k, np.int64)
    ky = np.empty(k, np.int64)
    tu = np.empty(k, np.int64)
    codes = np.empty(k, np.int64)
    cvalid = np.empty(k, np.bool_)
    for j in range(k):
        i = sel[j]
        ln[j] = line_no[i]
        ky[j] = keys[i]
        tu[j] = ts_us[i]
        c = tsrc[i]
        codes[j] = c
        cvalid[j] = c != 0
    sd, sbm, snulls = take_strings(st_data, st_off, st_valid, sel, st_out_off)
    td, tbm, tnulls = take_rows(tn, tn_off, codes, cvalid, ts_out_off)
    return ln, ky, tu, sd, sbm, snulls, td, tbm, tnulls


# =============================================================================================
# payload decoding
# =============================================================================================

MIN_BITS_TABLE = np.zeros(64, np.int64)
for _t, _b in {1: 168, 2: 168, 3: 168, 4: 168, 5: 420, 9: 168, 18: 168, 19: 312, 21: 272, 24: 160,
               27: 96}.items():
    MIN_BITS_TABLE[_t] = _b

# output categories
CAT_POS, CAT_STA, CAT_BOTH, CAT_OTHER, CAT_BITCOUNT, CAT_DECODE_ERROR = 0, 1, 2, 3, 4, 5
# integer output columns
I_MMSI, I_TYPE, I_NBITS, I_HEADING, I_NAV, I_SECOND, I_ACC, I_PART, I_IMO, I_SHIPTYPE = range(10)
I_BOW, I_STERN, I_PORT, I_STAR, I_ETA_MO, I_ETA_D, I_ETA_H, I_ETA_MI, I_ROT_RAW = range(10, 19)
NI = 19
# float output columns
F_LAT, F_LON, F_SOG, F_COG, F_ROT, F_DRAUGHT = range(6)
NF = 6
# validity bits (1 << V_x) of the mask column
V_LATLON, V_SOG, V_COG, V_HEADING, V_NAV, V_ROT, V_ACC, V_SECOND, V_PART, V_IMO, V_SHIPTYPE, V_DIMS, \
    V_DRAUGHT, V_ETA = range(14)
# string columns
S_NAME, S_CALLSIGN, S_DEST = 0, 1, 2


# conversions of a field table row
CV_INT, CV_LATLON, CV_LATLON600, CV_TENTH, CV_FLOAT, CV_ROT, CV_NAV, CV_STR, CV_ATON_NAME, CV_ATON_EXT = range(10)
# field table: (type, selector, offset, width, signed, conversion, destination, validity bit)
# selector (type 24 only): 1 part A, 2 part B, 3 part B of a non-auxiliary craft (pyais decodes
# the auxiliary-craft variant with a mother-ship MMSI in place of the dimensions)
_FIELDS = [
    # types 1, 2, 3 (Annex 8, message 1)
    *[(t, 0, 38, 4, 0, CV_NAV, I_NAV, V_NAV) for t in (1, 2, 3)],
    *[(t, 0, 42, 8, 1, CV_ROT, F_ROT, V_ROT) for t in (1, 2, 3)],  # ROT_AIS, Table 48
    *[(t, 0, 50, 10, 0, CV_TENTH, F_SOG, V_SOG) for t in (1, 2, 3)],
    *[(t, 0, 60, 1, 0, CV_INT, I_ACC, V_ACC) for t in (1, 2, 3)],
    *[(t, 0, 61, 28, 1, CV_LATLON, F_LON, V_LATLON) for t in (1, 2, 3)],
    *[(t, 0, 89, 27, 1, CV_LATLON, F_LAT, V_LATLON) for t in (1, 2, 3)],
    *[(t, 0, 116, 12, 0, CV_TENTH, F_COG, V_COG) for t in (1, 2, 3)],
    *[(t, 0, 128, 9, 0, CV_INT, I_HEADING, V_HEADING) for t in (1, 2, 3)],
    *[(t, 0, 137, 6, 0, CV_INT, I_SECOND, V_SECOND) for t in (1, 2, 3)],
    # type 4: base station report
    (4, 0, 72, 6, 0, CV_INT, I_SECOND, V_SECOND), (4, 0, 78, 1, 0, CV_INT, I_ACC, V_ACC),
    (4, 0, 79, 28, 1, CV_LATLON, F_LON, V_LATLON), (4, 0, 107, 27, 1, CV_LATLON, F_LAT, V_LATLON),
    # type 5: static and voyage related data
    (5, 0, 40, 30, 0, CV_INT, I_IMO, V_IMO), (5, 0, 70, 42, 0, CV_STR, S_CALLSIGN, 0),
    # ship type as broadcast (Table 53); ETA month / day / hour / minute as broadcast (Table 47)
    (5, 0, 112, 120, 0, CV_STR, S_NAME, 0), (5, 0, 232, 8, 0, CV_INT, I_SHIPTYPE, V_SHIPTYPE),
    (5, 0, 240, 9, 0, CV_INT, I_BOW, V_DIMS), (5, 0, 249, 9, 0, CV_INT, I_STERN, V_DIMS),
    (5, 0, 258, 6, 0, CV_INT, I_PORT, V_DIMS), (5, 0, 264, 6, 0, CV_INT, I_STAR, V_DIMS),
    (5, 0, 274, 4, 0, CV_INT, I_ETA_MO, V_ETA), (5, 0, 278, 5, 0, CV_INT, I_ETA_D, V_ETA),
    (5, 0, 283, 5, 0, CV_INT, I_ETA_H, V_ETA), (5, 0, 288, 6, 0, CV_INT, I_ETA_MI, V_ETA),
    (5, 0, 294, 8, 0, CV_TENTH, F_DRAUGHT, V_DRAUGHT), (5, 0, 302, 120, 0, CV_STR, S_DEST, 0),
    # type 9: SAR aircraft (speed in knots)
    (9, 0, 50, 10, 0, CV_FLOAT, F_SOG, V_SOG), (9, 0, 60, 1, 0, CV_INT, I_ACC, V_ACC),
    (9, 0, 61, 28, 1, CV_LATLON, F_LON, V_LATLON), (9, 0, 89, 27, 1, CV_LATLON, F_LAT, V_LATLON),
    (9, 0, 116, 12, 0, CV_TENTH, F_COG, V_COG), (9, 0, 128, 6, 0, CV_INT, I_SECOND, V_SECOND),
    # types 18 and 19: class B position reports
    *[(t, 0, 46, 10, 0, CV_TENTH, F_SOG, V_SOG) for t in (18, 19)],
    *[(t, 0, 56, 1, 0, CV_INT, I_ACC, V_ACC) for t in (18, 19)],
    *[(t, 0, 57, 28, 1, CV_LATLON, F_LON, V_LATLON) for t in (18, 19)],
    *[(t, 0, 85, 27, 1, CV_LATLON, F_LAT, V_LATLON) for t in (18, 19)],
    *[(t, 0, 112, 12, 0, CV_TENTH, F_COG, V_COG) for t in (18, 19)],
    *[(t, 0, 124, 9, 0, CV_INT, I_HEADING, V_HEADING) for t in (18, 19)],
    *[(t, 0, 133, 6, 0, CV_INT, I_SECOND, V_SECOND) for t in (18, 19)],
    (19, 0, 143, 120, 0, CV_STR, S_NAME, 0), (19, 0, 263, 8, 0, CV_INT, I_SHIPTYPE, V_SHIPTYPE),
    (19, 0, 271, 9, 0, CV_INT, I_BOW, V_DIMS), (19, 0, 280, 9, 0, CV_INT, I_STERN, V_DIMS),
    (19, 0, 289, 6, 0, CV_INT, I_PORT, V_DIMS), (19, 0, 295, 6, 0, CV_INT, I_STAR, V_DIMS),
    # type 21: aid to navigation, name (20 characters) + name extension (up to 14, Table 84;
    # seasentry.ingest.decode.aton_name)
    (21, 0, 43, 120, 0, CV_ATON_NAME, S_NAME, 0), (21, 0, 272, 84, 0, CV_ATON_EXT, S_NAME, 0),
    (21, 0, 163, 1, 0, CV_INT, I_ACC, V_ACC), (21, 0, 164, 28, 1, CV_LATLON, F_LON, V_LATLON),
    (21, 0, 192, 27, 1, CV_LATLON, F_LAT, V_LATLON), (21, 0, 219, 9, 0, CV_INT, I_BOW, V_DIMS),
    (21, 0, 228, 9, 0, CV_INT, I_STERN, V_DIMS), (21, 0, 237, 6, 0, CV_INT, I_PORT, V_DIMS),
    (21, 0, 243, 6, 0, CV_INT, I_STAR, V_DIMS), (21, 0, 253, 6, 0, CV_INT, I_SECOND, V_SECOND),
    # type 24: static data report, parts A and B
    (24, 0, 38, 2, 0, CV_INT, I_PART, V_PART), (24, 1, 40, 120, 0, CV_STR, S_NAME, 0),
    (24, 2, 40, 8, 0, CV_INT, I_SHIPTYPE, V_SHIPTYPE), (24, 2, 90, 42, 0, CV_STR, S_CALLSIGN, 0),
    (24, 3, 132, 9, 0, CV_INT, I_BOW, V_DIMS), (24, 3, 141, 9, 0, CV_INT, I_STERN, V_DIMS),
    (24, 3, 150, 6, 0, CV_INT, I_PORT, V_DIMS), (24, 3, 156, 6, 0, CV_INT, I_STAR, V_DIMS),
    # type 27: long-range broadcast (1/10 minute positions, speed and course as integers)
    (27, 0, 38, 1, 0, CV_INT, I_ACC, V_ACC), (27, 0, 40, 4, 0, CV_NAV, I_NAV, V_NAV),
    (27, 0, 44, 18, 1, CV_LATLON600, F_LON, V_LATLON), (27, 0, 62, 17, 1, CV_LATLON600, F_LAT, V_LATLON),
    (27, 0, 79, 6, 0, CV_FLOAT, F_SOG, V_SOG), (27, 0, 85, 9, 0, CV_FLOAT, F_COG, V_COG),
]
_FIELDS.sort(key=lambda r: r[0])  # stable: keeps the order within a type (name before extension)
FIELD_TABLE = np.array(_FIELDS, dtype=np.int64)
FIELD_START = np.zeros(65, np.int64)
for _t in range(64):
    FIELD_START[_t + 1] = FIELD_START[_t] + sum(1 for r in _FIELDS if r[0] == _t)
CAT_OF_TYPE = np.full(64, -1, np.int64)
for _t in (1, 2, 3, 4, 9, 18, 27):
    CAT_OF_TYPE[_t] = CAT_POS
for _t in (5, 24):
    CAT_OF_TYPE[_t] = CAT_STA
for _t in (19, 21):
    CAT_OF_TYPE[_t] = CAT_BOTH


MASK_POS_B = sum(1 << v for v in (V_LATLON, V_SOG, V_COG, V_HEADING, V_ACC, V_SECOND))
MASK_POS_A = MASK_POS_B | (1 << V_NAV) | (1 << V_ROT)


@njit(cache=True, nogil=True, inline="always")
def _ubits(w, start, width):
    """Unsigned field of ``width`` bits at bit ``start`` of the big-endian words ``w``."""
    wj = start >> 6
    o = start & 63
    y = w[wj]
    if o:
        y = (y << np.uint64(o)) | (w[wj + 1] >> np.uint64(64 - o))
    return np.int64(y >> np.uint64(64 - width))


@njit(cache=True, nogil=True, inline="always")
def _sbits(w, start, width):
    """Two's complement field (pyais ``bit_vector.get`` with signed=True)."""
    v = _ubits(w, start, width)
    if (v >> (width - 1)) & 1:
        v -= np.int64(1) << width
    return v


@njit(cache=True, nogil=True)
def _put_str(tmp, n, clean, data, off, col, m, pos, valid):
    """Append tmp[:n] to string column ``col``; ``clean`` applies clean_statics (strip "@ ",
    collapse blank runs, empty -> null)."""
    p = pos[col]
    a = 0
    b = n
    if clean:
        while a < b and (tmp[a] == 64 or tmp[a] == 32):
            a += 1
        while b > a and (tmp[b - 1] == 64 or tmp[b - 1] == 32):
            b -= 1
        if b == a:
            off[col, m + 1] = p
            return
    prev_space = False
    for i in range(a, b):
        c = tmp[i]
        if clean and c == 32:
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        data[col, p] = c
        p += 1
    valid[col, m] = True
    off[col, m + 1] = p
    pos[col] = p


_ADD41 = np.uint64(0x5757575757575757)  # 0x80 - 41 in every byte: high bit set where byte >= 41
_C48 = np.uint64(0x3030303030303030)
_PAIR_HI = np.uint64(0x3F003F003F003F00)
_PAIR_LO = np.uint64(0x003F003F003F003F)
_QUAD_HI = np.uint64(0x0FFF00000FFF0000)
_QUAD_LO = np.uint64(0x00000FFF00000FFF)
_M24 = np.uint64(0xFFFFFF)


@njit(cache=True, nogil=True, inline="always")
def _six_bits_x8(x):
    """Eight payload characters (the bytes of ``x``, first character in the lowest byte; all in
    the alphabet, see _all_payload) de-armoured (c - 48, minus 8 more above 40) and packed
    big-endian into the low 48 bits, the first character's 6 bits highest."""
    x = x - _C48  # every byte >= 48: no borrow
    x = x - ((((x + _ADD41) & _HI) >> np.uint64(7)) << np.uint64(3))  # -8 where the byte is >= 41
    # pairs of characters into 12-bit lanes (first character high), then 24-bit, then 48 bits
    x = ((x & _PAIR_HI) >> np.uint64(8)) | ((x & _PAIR_LO) << np.uint64(6))
    x = ((x & _QUAD_HI) >> np.uint64(16)) | ((x & _QUAD_LO) << np.uint64(12))
    return ((x >> np.uint64(32)) & _M24) | ((x & _M24) << np.uint64(24))


@njit(cache=True, nogil=True)
def decode_payloads(pdata, p_off, fill, rot_table, nav_table, clean, ftab, fstart, cat_of_type, I, F):
    """Decode every payload (see the module docstring); fields come from ``ftab`` rows.

    Bit extraction follows pyais ``bit_vector.get``: a field starting at or past the last bit
    is absent; one cut short by the end of the payload is the value of the bits present.
    ``rot_table[raw + 128]`` is the rate of turn of ROT_AIS ``raw`` (NaN for the flags -128 and
    +-127; ``seasentry.ingest.decode.rot_from_raw``), kept as broadcast in ``I_ROT_RAW``.
    ``I`` (NI x n int64) and ``F`` (NF x n float64) are output arrays, every cell of which is
    written (zero for fields a message does not have): the caller may pass uninitialised or
    reused memory. Returns (cat, I, F, mask, sdata, soff, svalid)."""
    n = p_off.shape[0] - 1
    cat = np.empty(n, np.int8)
    mask = np.zeros(n, np.int64)
    sdata = np.empty((3, n * 35), np.uint8)
    soff = np.zeros((3, n + 1), np.int64)
    svalid = np.zeros((3, n), np.bool_)
    spos = np.zeros(3, np.int64)
    w = np.zeros(9, np.uint64)
    tmp = np.empty(40, np.int64)
    acc_s = np.empty(80, np.int64)
    for m in range(n):
        # every output cell of the message is written: zeros where its type has no such field
        # (cheaper than zero-filling the columns first: the lines are written once, while hot)
        for j in range(NI):
            I[j, m] = 0
        for j in range(NF):
            F[j, m] = 0.0
        for col in range(3):
            soff[col, m + 1] = spos[col]
        a = p_off[m]
        nch = p_off[m + 1] - a
        if nch <= 0:
            cat[m] = CAT_DECODE_ERROR  # no payload (the framer never passes one)
            continue
        c0 = np.int64(pdata[a]) - 48
        t = c0 - 8 if c0 > 40 else c0
        nbits = 6 * nch - fill[m]
        I[I_TYPE, m] = t
        I[I_NBITS, m] = nbits
        if t < 0 or t > 63:
            cat[m] = CAT_DECODE_ERROR  # first character outside the 6-bit alphabet (idem)
            continue
        if cat_of_type[t] < 0:
            if nch < 7:
                cat[m] = CAT_BITCOUNT
                continue
            bits = np.int64(0)
            for i in range(7):
                v = np.int64(pdata[a + i]) - 48
                if v > 40:
                    v -= 8
                bits = (bits << 6) | v
            I[I_MMSI, m] = (bits >> 4) & 0x3FFFFFFF
            cat[m] = CAT_OTHER
            continue
        if nbits < MIN_BITS_TABLE[t]:
            cat[m] = CAT_BITCOUNT
            continue
        # pack the first 72 characters (432 bits: every field decoded here) big-endian: eight
        # characters (48 bits) at a time while all eight are payload characters, the rest one by one
        for i in range(9):
            w[i] = 0
        k = min(nch, 72)
        i = 0
        off = 0
        while i + 8 <= k:
            x = _load_u64(pdata, a + i)
            if not _all_payload(x):
                break
            v48 = _six_bits_x8(x)
            wi = off >> 6
            sh = 16 - (off & 63)
            if sh >= 0:
                w[wi] |= v48 << np.uint64(sh)
            else:
                w[wi] |= v48 >> np.uint64(-sh)
                w[wi + 1] |= v48 << np.uint64(64 + sh)
            i += 8
            off += 48
        acc = np.uint64(0)
        nacc = 0
        wi = off >> 6
        if off & 63:
            # continue the partly filled word: its bits so far, right-aligned
            nacc = off & 63
            acc = w[wi] >> np.uint64(64 - nacc)
        for i in range(i, k):
            v = np.int64(pdata[a + i]) - 48
            v -= 8 * (v > 40)  # de-armouring without a branch (random payload characters)
            uv = np.uint64(v)
            if nacc + 6 <= 64:
                acc = (acc << np.uint64(6)) | uv
                nacc += 6
                if nacc == 64:
                    w[wi] = acc
                    wi += 1
                    acc = np.uint64(0)
                    nacc = 0
            else:
                r = 64 - nacc
                w[wi] = (acc << np.uint64(r)) | (uv >> np.uint64(6 - r))
                wi += 1
                acc = uv & ((np.uint64(1) << np.uint64(6 - r)) - np.uint64(1))
                nacc = 6 - r
        if nacc:
            w[wi] = acc << np.uint64(64 - nacc)
        nb = min(nbits, 432)
        # the MMSI (bits 8-37) and, for type 24, the part number decide the layout
        x = (w[0] << np.uint64(8)) >> np.uint64(34)
        mmsi = np.int64(x)
        I[I_MMSI, m] = mmsi
        sel = 0
        if t == 24:
            part = np.int64((w[0] << np.uint64(38)) >> np.uint64(62))
            if part > 1:
                cat[m] = CAT_DECODE_ERROR  # pyais raises UnknownPartNoException
                continue
            sel = 1 if part == 0 else (3 if not (980000000 <= mmsi <= 989999999) else 2)
        cat[m] = cat_of_type[t]
        if t <= 3 or t == 18:
            # the common position reports, straight-line (same rows as in _FIELDS; every field
            # lies within the 168 bits the bit count check guarantees)
            b = 0 if t <= 3 else -4  # class B fields sit 4 bits earlier
            if t <= 3:
                I[I_NAV, m] = nav_table[_ubits(w, 38, 4)]
                r8 = _sbits(w, 42, 8)
                I[I_ROT_RAW, m] = r8
                F[F_ROT, m] = rot_table[r8 + 128]
            F[F_SOG, m] = _ubits(w, 50 + b, 10) / 10.0
            I[I_ACC, m] = _ubits(w, 60 + b, 1)
            F[F_LON, m] = ((10 * _sbits(w, 61 + b, 28) + 3) // 6) / 1e6
            F[F_LAT, m] = ((10 * _sbits(w, 89 + b, 27) + 3) // 6) / 1e6
            F[F_COG, m] = _ubits(w, 116 + b, 12) / 10.0
            I[I_HEADING, m] = _ubits(w, 128 + b, 9)
            I[I_SECOND, m] = _ubits(w, 137 + b, 6)
            mask[m] = MASK_POS_A if t <= 3 else MASK_POS_B
            continue
        mk = 0
        ns = 0
        aton_full = False
        for r in range(fstart[t], fstart[t + 1]):
            rsel = ftab[r, 1]
            if rsel != 0 and not (rsel == sel or (rsel == 2 and sel == 3)):
                continue
            start = ftab[r, 2]
            width = ftab[r, 3]
            conv = ftab[r, 5]
            dest = ftab[r, 6]
            if conv == CV_ATON_NAME:
                # 20 whole characters (the bit count check guarantees them), up to the first "@"
                ns = 0
                aton_full = True
                for i in range(20):
                    v = _ubits(w, start + 6 * i, 6)
                    if v == 0:
                        aton_full = False
                        break
                    acc_s[ns] = v + 64 if v < 32 else v
                    ns += 1
                continue
            if conv == CV_ATON_EXT:
                # only a full name is continued: the whole characters after bit 272 (spare bits that
                # pad the message are no character), up to 14, up to an "@"; then strip spaces
                if aton_full:
                    n_ext = min(width // 6, max(0, (nbits - start) // 6))
                    for i in range(n_ext):
                        v = _ubits(w, start + 6 * i, 6)
                        if v == 0:
                            break
                        acc_s[ns] = v + 64 if v < 32 else v
                        ns += 1
                s0 = 0
                while s0 < ns and acc_s[s0] == 32:
                    s0 += 1
                while ns > s0 and acc_s[ns - 1] == 32:
                    ns -= 1
                for i in range(s0, ns):
                    acc_s[i - s0] = acc_s[i]
                _put_str(acc_s, ns - s0, clean, sdata, soff, dest, m, spos, svalid)
                continue
            if conv >= CV_STR:
                ns = 0
                if start < nb:
                    # pyais get_str: 6-bit characters, then .rstrip('@').strip()
                    nc = 0
                    for i in range(start, start + width, 6):
                        v = np.int64(0)
                        if i < nb:
                            avail = min(6, nb - i)
                            wj = i >> 6
                            o = i & 63
                            y = w[wj]
                            if o:
                                y = (y << np.uint64(o)) | (w[wj + 1] >> np.uint64(64 - o))
                            v = np.int64(y >> np.uint64(64 - avail))
                        tmp[nc] = v + 64 if v < 32 else v
                        nc += 1
                    while nc > 0 and tmp[nc - 1] == 64:
                        nc -= 1
                    s0 = 0
                    while s0 < nc and tmp[s0] == 32:
                        s0 += 1
                    while nc > s0 and tmp[nc - 1] == 32:
                        nc -= 1
                    for i in range(s0, nc):
                        acc_s[ns] = tmp[i]
                        ns += 1
                _put_str(acc_s, ns, clean, sdata, soff, dest, m, spos, svalid)
                continue
            if start >= nb:
                continue
            avail = min(width, nb - start)
            wj = start >> 6
            o = start & 63
            y = w[wj]
            if o:
                y = (y << np.uint64(o)) | (w[wj + 1] >> np.uint64(64 - o))
            v = np.int64(y >> np.uint64(64 - avail))
            if ftab[r, 4] and (v >> (avail - 1)) & 1:
                v -= np.int64(1) << avail
            mk |= np.int64(1) << ftab[r, 7]
            if conv == CV_INT:
                I[dest, m] = v
            elif conv == CV_LATLON:
                F[dest, m] = ((10 * v + 3) // 6) / 1e6  # pyais to_lat_lon: round(v / 600000, 6)
            elif conv == CV_LATLON600:
                F[dest, m] = ((10000 * v + 3) // 6) / 1e6  # pyais to_lat_lon_600
            elif conv == CV_TENTH:
                F[dest, m] = v / 10.0
            elif conv == CV_FLOAT:
                F[dest, m] = float(v)
            elif conv == CV_ROT:
                I[I_ROT_RAW, m] = v
                F[dest, m] = rot_table[v + 128]
            else:
                I[dest, m] = nav_table[v]
        mask[m] = mk
    return cat, I, F, mask, sdata, soff, svalid


# =============================================================================================
# table columns
# =============================================================================================
# validity rows of position_columns / static_columns
PV_LATLON, PV_SOG, PV_COG, PV_HEADING, PV_NAV, PV_ROT, PV_ACC, PV_SECOND, PV_ROT_RAW = range(9)
SV_PART, SV_IMO, SV_SHIPTYPE, SV_DIMS, SV_DRAUGHT, SV_ETA = range(6)


@njit(cache=True, nogil=True, inline="always")
def _has(mk, v):
    return (mk >> v) & 1 == 1


@njit(cache=True, nogil=True)
def clean_select(cat, I, F, mask, mmsi_min, mmsi_max):
    """The cleaning rules of ``seasentry.ingest.clean`` over decode_payloads' output, in one
    pass: a position report (cat POS or BOTH) with an MMSI outside mmsi_min..mmsi_max is
    rejected (``bad[0]``), else one whose lat/lon pair is there (not 91/181) but outside +-90 /
    +-180 (``bad[1]``); a static report that is no position report with a bad MMSI (``bad[2]``);
    another message with a bad MMSI (``bad[3]``). Returns (good, positions, statics, other,
    bad, nbad): message indices, ascending, of the messages kept, of those kept per table, and
    of each reject kind (row k of ``bad``, ``nbad[k]`` of them)."""
    n = cat.shape[0]
    good = np.empty(n, np.int64)
    sp = np.empty(n, np.int64)
    ss = np.empty(n, np.int64)
    so = np.empty(n, np.int64)
    bad = np.empty((4, n), np.int64)
    nbad = np.zeros(4, np.int64)
    ng = 0
    nsp = 0
    nss = 0
    nso = 0
    for i in range(n):
        c = cat[i]
        pos = c == CAT_POS or c == CAT_BOTH
        sta = c == CAT_STA or c == CAT_BOTH
        oth = c == CAT_OTHER
        if not (pos or sta or oth):
            continue
        m = I[I_MMSI, i]
        k = -1
        if m < mmsi_min or m > mmsi_max:
            k = 0 if pos else (2 if sta else 3)
        elif pos and (mask[i] >> V_LATLON) & 1:
            la = F[F_LAT, i]
            lo = F[F_LON, i]
            if la != 91.0 and lo != 181.0 and (abs(la) > 90.0 or abs(lo) > 180.0):
                k = 1
        if k >= 0:
            bad[k, nbad[k]] = i
            nbad[k] += 1
            continue
        good[ng] = i
        ng += 1
        if pos:
            sp[nsp] = i
            nsp += 1
        if sta:
            ss[nss] = i
            nss += 1
        if oth:
            so[nso] = i
            nso += 1
    return good[:ng], sp[:nsp], ss[:nss], so[:nso], bad, nbad


@njit(cache=True, nogil=True)
def position_columns(sel, I, F, mask):
    """The typed columns of the positions table for messages ``sel`` of decode_payloads' output,
    gathered in one pass, and their validity (9 x len(sel), rows PV_*) with the cleaning rules of
    ``seasentry.ingest.clean``: speed not available (102.3 kn; 1023 for type 9, 63 for type 27),
    course >= 360, heading >= 360, rate of turn for ROT_AIS -128 and +-127 (a flag, NaN in the
    table), UTC second >= 60 are null; a lat/lon pair is valid when both are there (91 / 181 =
    not available). Returns (mmsi int64, lat, lon float64, sog, cog float32, heading int16,
    nav_status int8, rot float32, accuracy bool, second int8, msg_type int8, rot_raw int8, valid)."""
    k = sel.shape[0]
    mmsi = np.empty(k, np.int64)
    lat = np.empty(k, np.float64)
    lon = np.empty(k, np.float64)
    sog = np.empty(k, np.float32)
    cog = np.empty(k, np.float32)
    hd = np.empty(k, np.int16)
    nav = np.empty(k, np.int8)
    rot = np.empty(k, np.float32)
    acc = np.empty(k, np.bool_)
    sec = np.empty(k, np.int8)
    mt = np.empty(k, np.int8)
    rraw = np.empty(k, np.int8)
    ok = np.empty((9, k), np.bool_)
    for j in range(k):
        i = sel[j]
        mk = mask[i]
        t = I[I_TYPE, i]
        mmsi[j] = I[I_MMSI, i]
        mt[j] = t
        la = F[F_LAT, i]
        lo = F[F_LON, i]
        lat[j] = la
        lon[j] = lo
        ok[PV_LATLON, j] = _has(mk, V_LATLON) and la != 91.0 and lo != 181.0
        v = F[F_SOG, i]
        sog[j] = v
        if t == 27:
            na = v >= 63.0
        elif t == 9:
            na = v >= 1023.0
        else:
            na = v >= 102.3 - 1e-6
        ok[PV_SOG, j] = _has(mk, V_SOG) and not na
        v = F[F_COG, i]
        cog[j] = v
        ok[PV_COG, j] = _has(mk, V_COG) and v < 360.0
        h = I[I_HEADING, i]
        hd[j] = h
        ok[PV_HEADING, j] = _has(mk, V_HEADING) and h < 360
        nav[j] = I[I_NAV, i]
        ok[PV_NAV, j] = _has(mk, V_NAV)
        v = F[F_ROT, i]
        rot[j] = v
        ok[PV_ROT, j] = _has(mk, V_ROT) and not np.isnan(v)
        rraw[j] = I[I_ROT_RAW, i]
        ok[PV_ROT_RAW, j] = _has(mk, V_ROT)
        acc[j] = I[I_ACC, i] != 0
        ok[PV_ACC, j] = _has(mk, V_ACC)
        x = I[I_SECOND, i]
        sec[j] = x
        ok[PV_SECOND, j] = _has(mk, V_SECOND) and x < 60
    return mmsi, lat, lon, sog, cog, hd, nav, rot, acc, sec, mt, rraw, ok


@njit(cache=True, nogil=True)
def static_columns(sel, I, F, mask):
    """The typed columns of the statics table for messages ``sel`` (strings aside), in one pass,
    with their validity (6 x len(sel), rows SV_*): IMO 0 and 2^30 - 1, ship type 0 and draught 0
    are null; the ETA as broadcast, "MM-DDTHH:MM" text, 11 bytes per valid row, null when every
    part is "not available" (month 0, day 0, hour 24, minute 60; ITU-R M.1371-5 Table 47). Returns (mmsi int64, msg_type
    int8, part int8, imo int64, ship_type int16, bow, stern, port, starboard int16, draught
    float32, eta bytes, eta offsets, valid)."""
    k = sel.shape[0]
    mmsi = np.empty(k, np.int64)
    mt = np.empty(k, np.int8)
    part = np.empty(k, np.int8)
    imo = np.empty(k, np.int64)
    sht = np.empty(k, np.int16)
    dims = np.empty((4, k), np.int16)
    dr = np.empty(k, np.float32)
    eta = np.empty(11 * k, np.uint8)
    eoff = np.empty(k + 1, np.int64)
    ok = np.empty((6, k), np.bool_)
    p = 0
    eoff[0] = 0
    for j in range(k):
        i = sel[j]
        mk = mask[i]
        mmsi[j] = I[I_MMSI, i]
        mt[j] = I[I_TYPE, i]
        part[j] = I[I_PART, i]
        ok[SV_PART, j] = _has(mk, V_PART)
        x = I[I_IMO, i]
        imo[j] = x
        ok[SV_IMO, j] = _has(mk, V_IMO) and x > 0 and x != 1073741823
        x = I[I_SHIPTYPE, i]
        sht[j] = x
        ok[SV_SHIPTYPE, j] = _has(mk, V_SHIPTYPE) and x != 0
        dims[0, j] = I[I_BOW, i]
        dims[1, j] = I[I_STERN, i]
        dims[2, j] = I[I_PORT, i]
        dims[3, j] = I[I_STAR, i]
        ok[SV_DIMS, j] = _has(mk, V_DIMS)
        v = F[F_DRAUGHT, i]
        dr[j] = v
        ok[SV_DRAUGHT, j] = _has(mk, V_DRAUGHT) and v > 0
        e = _has(mk, V_ETA) and not (I[I_ETA_MO, i] == 0 and I[I_ETA_D, i] == 0 and I[I_ETA_H, i] == 24
                                     and I[I_ETA_MI, i] == 60)
        ok[SV_ETA, j] = e
        if e:
            for q in range(4):
                if q == 0:
                    x = I[I_ETA_MO, i]
                elif q == 1:
                    x = I[I_ETA_D, i]
                elif q == 2:
                    x = I[I_ETA_H, i]
                else:
                    x = I[I_ETA_MI, i]
                eta[p] = 48 + x // 10
                eta[p + 1] = 48 + x % 10
                if q < 3:
                    eta[p + 2] = 45 if q == 0 else (84 if q == 1 else 58)
                p += 3
            p -= 1
        eoff[j + 1] = p
    return mmsi, mt, part, imo, sht, dims, dr, eta[:p], eoff, ok


# =============================================================================================
# de-duplication
# =============================================================================================

@njit(cache=True, nogil=True)
def greedy_repeats(keys, ts, pre, window):
    """Repeat flags of messages in framer order (``seasentry.ingest.batch_store.repeats``):
    ``pre`` (a repeat of a stored message) or within ``window`` of a message of the same key
    kept before it. Each message is compared with the kept messages of its key, newest first,
    found through a hash table of the keys (open addressing: a slot per key holds a row of that
    key and the newest kept row, ``nxt`` chains each kept row to the key's one before): O(n), no
    sort by key (3.6 -> 1.3 ms for 48,000 messages). The slot also holds the least and greatest
    time of its key's kept rows: a message outside [least - window, greatest + window] cannot
    repeat one of them, and is kept without walking the chain (a static report repeated all day
    by a vessel otherwise walked every kept copy: a merge's 155,000 rows of a bucket at 10M
    messages, 27 -> 11 ms)."""
    n = keys.shape[0]
    cap = 16
    while cap < 2 * n:
        cap <<= 1
    mask = cap - 1
    # rows as int32 (a batch or a bucket's new rows: far fewer than 2**31): the tables of a merge
    # of 765,000 rows take 20 MB, not 40
    slot_row = np.full(cap, -1, np.int32)  # a row of the slot's key, -1: free
    head = np.full(cap, -1, np.int32)  # the newest kept row of the slot's key
    # least and greatest time of a key's kept rows, at the key's first row (set with head)
    lo = np.empty(max(n, 1), np.int64)
    hi = np.empty(max(n, 1), np.int64)
    nxt = np.empty(max(n, 1), np.int32)  # the key's kept row before a kept row
    dup = pre.copy()
    for i in range(n):
        k = keys[i]
        h = ((k * np.int64(-7046029254386353131)) >> 24) & mask  # Fibonacci hashing: keys may be small
        while True:
            r = slot_row[h]
            if r == -1:
                slot_row[h] = i
                r = i
                break
            if keys[r] == k:
                break
            h = (h + 1) & mask
        if dup[i]:
            continue
        t = ts[i]
        j = head[h]
        hit = False
        if j != -1 and t - window <= hi[r] and t + window >= lo[r]:
            while j != -1:
                if abs(ts[j] - t) <= window:
                    hit = True
                    break
                j = nxt[j]
        if hit:
            dup[i] = True
        else:
            if head[h] == -1:
                lo[r] = t
                hi[r] = t
            else:
                lo[r] = min(lo[r], t)
                hi[r] = max(hi[r], t)
            nxt[i] = head[h]
            head[h] = i
    return dup


# =============================================================================================
# XXH64
# =============================================================================================
# xxHash specification v0.1.1 (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md),
# seed 0; bit-identical to ``xxhash.xxh64_intdigest`` (tests/test_fast_decoder.py checks it).

_P1 = np.uint64(0x9E3779B185EBCA87)
_P2 = np.uint64(0xC2B2AE3D27D4EB4F)
_P3 = np.uint64(0x165667B19E3779F9)
_P4 = np.uint64(0x85EBCA77C2B2AE63)
_P5 = np.uint64(0x27D4EB2F165667C5)


@njit(cache=True, nogil=True, inline="always")
def _rotl(x, r):
    return (x << np.uint64(r)) | (x >> np.uint64(64 - r))


@njit(cache=True, nogil=True, inline="always")
def _rd64(d, i):
    """Little-endian uint64 at d[i:i+8] (the caller guarantees the range) as one unaligned load:
    eight byte reads, each with numba's negative-index wrap-around, were not merged by LLVM."""
    return _load_u64(d, i)


@njit(cache=True, nogil=True, inline="always")
def _round(acc, x):
    return _rotl(acc + x * _P2, 31) * _P1


@njit(cache=True, nogil=True, inline="always")
def _merge(h, v):
    return (h ^ _round(np.uint64(0), v)) * _P1 + _P4


@njit(cache=True, nogil=True)
def _xxh64(d, a, n):
    """XXH64 (seed 0) of d[a:a+n] as a signed int64 (the 64 bits reinterpreted)."""
    p = a
    end = a + n
    if n >= 32:
        v1 = _P1 + _P2
        v2 = _P2
        v3 = np.uint64(0)
        v4 = np.uint64(0) - _P1
        while p + 32 <= end:
            v1 = _round(v1, _rd64(d, p))
            v2 = _round(v2, _rd64(d, p + 8))
            v3 = _round(v3, _rd64(d, p + 16))
            v4 = _round(v4, _rd64(d, p + 24))
            p += 32
        h = _rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)
        h = _merge(h, v1)
        h = _merge(h, v2)
        h = _merge(h, v3)
        h = _merge(h, v4)
    else:
        h = _P5
    h += np.uint64(n)
    while p + 8 <= end:
        h = _rotl(h ^ _round(np.uint64(0), _rd64(d, p)), 27) * _P1 + _P4
        p += 8
    if p + 4 <= end:
        k = _load_u32(d, p)
        h = _rotl(h ^ (k * _P1), 23) * _P2 + _P3
        p += 4
    while p < end:
        h = _rotl(h ^ (np.uint64(d[p]) * _P5), 11) * _P1
        p += 1
    h ^= h >> np.uint64(33)
    h *= _P2
    h ^= h >> np.uint64(29)
    h *= _P3
    h ^= h >> np.uint64(32)
    return np.int64(h)


@njit(cache=True, nogil=True)
def _xxh64_rows(data, offsets):
    n = offsets.shape[0] - 1
    out = np.empty(n, np.int64)
    for r in range(n):
        out[r] = _xxh64(data, offsets[r], offsets[r + 1] - offsets[r])
    return out


def xxh64(data: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """XXH64 (seed 0) of every row ``data[o[i]:o[i+1]]`` as signed int64: the de-duplication key,
    equal to ``pipeline.stable_hash64`` of the same text."""
    return _xxh64_rows(np.ascontiguousarray(data, dtype=np.uint8), np.asarray(offsets, dtype=np.int64))
