"""Compiled (numba) kernels of the fast AIS path (:mod:`seasentry.ingest.fast`).

Four kernels, each a pure function over byte / NumPy arrays:

* :func:`scan_lines` -- stateless, one pass per line: NMEA 0183 framing of the common line
  shapes (optional NMEA 4 tag block ``s:``/``c:``/``g:``, one ``!xxVDM``/``!xxVDO``
  sentence, checksum, trailing epoch field). It reproduces :class:`seasentry.ingest.nmea.NmeaFramer`
  exactly for those shapes and marks every other line ``HARD`` so that the caller frames it
  with the reference Python code (leading time columns, ``$PGHP``, several sentences per line,
  non-ASCII bytes, unusual numbers or tag blocks).
* :func:`assemble` -- stateful, sequential: ``$PGHP`` timing, multipart reassembly by ``g:``
  group or (channel, sequence id, count), time-to-live orphans, ``no_timestamp``; the same
  rules and the same order of messages and rejects as ``NmeaFramer``.
* :func:`decode_payloads` -- AIS payload bits to columns for types 1/2/3, 4, 5, 9, 18, 19,
  21, 24 and 27 (ITU-R M.1371-5 Annex 8; field offsets as in pyais 3.3.1, which is the
  reference), including its handling of truncated fields (a field that starts past the last
  bit is absent; one cut short yields the bits that are there).
* :func:`blake2b64` -- BLAKE2b (RFC 7693) with an 8-byte digest, bit-identical to
  ``hashlib.blake2b(data, digest_size=8)``, used for the de-duplication key.

String fields are passed around as (offset, length) references into one virtual byte space:
offsets below ``len(buf)`` address the input block, the rest address ``aux`` (strings made by
the Python fallback and fragments carried over from the previous block).
"""

from __future__ import annotations

import numpy as np
from numba import njit

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

@njit(cache=True)
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


@njit(cache=True)
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


@njit(cache=True)
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


# column indices of S (kept in sync with fast.py)
C_KIND, C_SENT, C_RCODE, C_DCODE, C_P1, C_P2, C_P3 = 0, 1, 2, 3, 4, 5, 6
C_RAW_OFF, C_RAW_LEN, C_CNT, C_NUM, C_FILL = 7, 8, 9, 10, 11
C_SEQ_OFF, C_SEQ_LEN, C_CHAN_OFF, C_CHAN_LEN, C_PAY_OFF, C_PAY_LEN = 12, 13, 14, 15, 16, 17
C_TSRC, C_ST_OFF, C_ST_LEN, C_HASG, C_G0, C_G1, C_GID_OFF, C_GID_LEN = 18, 19, 20, 21, 22, 23, 24, 25
C_LINE, C_KEYKIND, C_GCOUNT, C_GFIRST = 26, 27, 28, 29
NCOL = 30


@njit(cache=True)
def scan_lines(buf, nlines, max_len, S):
    """Frame every line of ``buf`` (whole lines separated by ``\\n``) into the sentence table
    ``S`` (nlines x NCOL int64, filled in place). Returns the time of each line (NaN = none)."""
    n = buf.shape[0]
    ts = np.full(nlines, np.nan)
    li = 0
    a = 0
    while li < nlines:
        b = a
        while b < n and buf[b] != 10:
            b += 1
        kind, rc, dc, p1, p2, p3 = _scan_one(buf, a, b, li, max_len, S, ts)
        S[li, C_KIND] = kind
        if kind == K_REJ:
            S[li, C_RCODE] = rc
            S[li, C_DCODE] = dc
            S[li, C_P1] = p1
            S[li, C_P2] = p2
            S[li, C_P3] = p3
        li += 1
        a = b + 1
    return ts


@njit(cache=True)
def _scan_one(buf, a, b, li, max_len, S, ts):
    """One line; returns (kind, reason, detail code, p1, p2, p3) and fills the fields of S."""
    # ---- strip("\r\n\x00\x1a ") and blank ---------------------------------------------------
    s = a
    e = b
    while s < e:
        c = buf[s]
        if c == 13 or c == 10 or c == 0 or c == 26 or c == 32:
            s += 1
        else:
            break
    while e > s:
        c = buf[e - 1]
        if c == 13 or c == 10 or c == 0 or c == 26 or c == 32:
            e -= 1
        else:
            break
    allws = True
    for i in range(s, e):
        c = buf[i]
        if c >= 128:
            return K_HARD, 0, 0, 0, 0, 0
        if allws and not ((9 <= c <= 13) or (28 <= c <= 32)):  # str.isspace() for ASCII
            allws = False
    if allws:
        return K_BLANK, 0, 0, 0, 0, 0
    S[li, C_RAW_OFF] = s
    S[li, C_RAW_LEN] = e - s
    if e - s > max_len:
        S[li, C_RAW_LEN] = max_len
        return K_REJ, R_TOO_LONG, D_TOO_LONG, e - s, 0, 0
    # ---- sentence starts (re.finditer) --------------------------------------------------------
    i = s
    m0 = -1
    while i < e:
        m0 = _match_at(buf, i, e)
        if m0 >= 0:
            break
        i += 1
    if m0 < 0:
        return K_REJ, R_NOT_AIS, (D_COMMENT if buf[s] == 35 else D_NO_SENTENCE), 0, 0, 0
    if i != s:  # a prefix (leading time column or junk): reference code
        return K_HARD, 0, 0, 0, 0, 0
    j = m0
    while j < e:
        if _match_at(buf, j, e) >= 0:  # a second sentence on the line
            return K_HARD, 0, 0, 0, 0, 0
        j += 1
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
                if q - p < 2 or buf[p + 1] != 58:
                    return K_HARD, 0, 0, 0, 0, 0  # bad_tagblock: detail made by the reference code
                k = buf[p]
                if k == 99:
                    c0 = p + 2
                    c1 = q
                elif k == 103:
                    g0 = p + 2
                    g1 = q
                elif k == 115:
                    S[li, C_ST_OFF] = p + 2
                    S[li, C_ST_LEN] = q - p - 2
            p = q + 1
        if c0 >= 0:
            v = _parse_decimal(buf, c0, c1)
            if np.isnan(v):
                return K_HARD, 0, 0, 0, 0, 0
            if MIN_EPOCH <= v <= MAX_EPOCH:
                has_c = True
                c_val = v
        if g0 >= 0:
            # "num-count-id": two runs of at most 9 digits and a non-empty id without "-"
            d1 = g0
            while d1 < g1 and buf[d1] != 45:
                d1 += 1
            d2 = d1 + 1
            while d2 < g1 and buf[d2] != 45:
                d2 += 1
            if d1 >= g1 or d2 >= g1 or d1 == g0 or d2 == d1 + 1 or d2 + 1 >= g1 or d1 - g0 > 9 or d2 - d1 - 1 > 9:
                return K_HARD, 0, 0, 0, 0, 0
            gn = 0
            gc = 0
            for k in range(g0, g1):
                c = buf[k]
                if k > d2:
                    if c == 45:
                        return K_HARD, 0, 0, 0, 0, 0
                elif k != d1 and k != d2:
                    if c < 48 or c > 57:
                        return K_HARD, 0, 0, 0, 0, 0
                    if k < d1:
                        gn = gn * 10 + c - 48
                    else:
                        gc = gc * 10 + c - 48
            S[li, C_HASG] = 1
            S[li, C_G0] = gn
            S[li, C_G1] = gc
            S[li, C_GID_OFF] = d2 + 1
            S[li, C_GID_LEN] = g1 - d2 - 1
        t0 = end + 1
    # ---- sentence head ----------------------------------------------------------------------------
    if t0 >= te:
        return K_HARD, 0, 0, 0, 0, 0
    star = -1
    comma = -1
    for k in range(t0, te):
        c = buf[k]
        if c == 42 and star < 0:
            star = k
        if c == 44 and comma < 0:
            comma = k
        if star >= 0 and comma >= 0:
            break
    h0 = t0 + 1
    h1 = comma if comma >= 0 else te - 1
    if h1 < h0:
        h1 = h0
    if buf[t0] == 36:
        if h1 - h0 == 4 and buf[h0] == 80 and buf[h0 + 1] == 71 and buf[h0 + 2] == 72 and buf[h0 + 3] == 80:
            return K_HARD, 0, 0, 0, 0, 0  # $PGHP: parsed by the reference code
        return K_REJ, R_NOT_AIS, D_DOLLAR, h0, h1 - h0, 0
    if not (h1 - h0 == 5 and 65 <= buf[h0] <= 90 and 65 <= buf[h0 + 1] <= 90 and buf[h0 + 2] == 86
            and buf[h0 + 3] == 68 and (buf[h0 + 4] == 77 or buf[h0 + 4] == 79)):
        return K_REJ, R_NOT_AIS, D_BANG, h0, h1 - h0, 0
    S[li, C_SENT] = 1
    if star < 0 or te < star + 3:
        return K_REJ, R_BAD_FORMAT, D_NO_CHECKSUM, 0, 0, 0
    expect = 0
    for k in range(star + 1, star + 3):
        c = buf[k]
        if 48 <= c <= 57:
            x = c - 48
        elif 65 <= c <= 70:
            x = c - 55
        elif 97 <= c <= 102:
            x = c - 87
        else:
            return K_HARD, 0, 0, 0, 0, 0  # int(.., 16) accepts odd forms (" A", "+A"): reference code
        expect = expect * 16 + x
    got = 0
    for k in range(t0 + 1, star):
        got ^= buf[k]
    if got != expect:
        return K_REJ, R_BAD_CHECKSUM, D_CHECKSUM, expect, got, 0
    # ---- seven fields ---------------------------------------------------------------------------
    nf = 1
    for k in range(t0, star):
        if buf[k] == 44:
            nf += 1
    if nf != 7:
        return K_REJ, R_BAD_FORMAT, D_FIELDS, nf, 0, 0
    fs = np.empty(8, np.int64)
    fi = 0
    fs[0] = t0
    for k in range(t0, star):
        if buf[k] == 44:
            fi += 1
            fs[fi] = k + 1
    fs[7] = star + 1
    # numeric fields 1 (count), 2 (number), 6 (fill): all digits first, then their values
    vals = np.zeros(3, np.int64)
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
        vals[q] = v
    cnt = vals[0]
    num = vals[1]
    fill = vals[2]
    if not (1 <= num and num <= cnt and cnt <= 9) or fill > 5:
        return K_REJ, R_BAD_FORMAT, D_FRAGMENT, num, cnt, fill
    p0 = fs[5]
    p1 = fs[6] - 1
    if p1 <= p0:
        return K_REJ, R_EMPTY, D_EMPTY, 0, 0, 0
    for k in range(p0, p1):
        c = buf[k]
        if not ((48 <= c <= 87) or (96 <= c <= 119)):
            return K_REJ, R_BAD_PAYLOAD, D_BAD_PAYLOAD, 0, 0, 0
    # ---- time: tag block c: > trailing epoch field ---------------------------------------------------
    if has_c:
        ts[li] = c_val
        S[li, C_TSRC] = T_TAG
    else:
        k = star + 3
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
                    return K_HARD, 0, 0, 0, 0, 0  # more than 15 significant digits
                if MIN_EPOCH <= v <= MAX_EPOCH:
                    ts[li] = v
                    S[li, C_TSRC] = T_TRAILING
                    break
            k = q + 1
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

@njit(cache=True)
def _byte(buf, aux, nb, i):
    return buf[i] if i < nb else aux[i - nb]


@njit(cache=True)
def _ref_hash(buf, aux, nb, off, ln, h):
    for i in range(off, off + ln):
        h = (h ^ np.uint64(_byte(buf, aux, nb, i))) * np.uint64(0x100000001B3)
    return h


@njit(cache=True)
def _ref_eq(buf, aux, nb, o1, l1, o2, l2):
    if l1 != l2:
        return False
    for k in range(l1):
        if _byte(buf, aux, nb, o1 + k) != _byte(buf, aux, nb, o2 + k):
            return False
    return True


@njit(cache=True)
def _key_of(S, s, force):
    """1 = group key ("g", id), 2 = ("s", channel, sequence id, count)."""
    if force != 0:
        return force
    if S[s, C_HASG] == 1 and S[s, C_G1] == S[s, C_CNT] and S[s, C_G0] == S[s, C_NUM]:
        return 1
    return 2


@njit(cache=True)
def _key_hash(buf, aux, nb, S, s, kk):
    h = np.uint64(0xCBF29CE484222325)
    if kk == 1:
        h = _ref_hash(buf, aux, nb, S[s, C_GID_OFF], S[s, C_GID_LEN], h ^ np.uint64(1))
    else:
        h = _ref_hash(buf, aux, nb, S[s, C_CHAN_OFF], S[s, C_CHAN_LEN], h ^ np.uint64(2))
        h = (h ^ np.uint64(255)) * np.uint64(0x100000001B3)
        h = _ref_hash(buf, aux, nb, S[s, C_SEQ_OFF], S[s, C_SEQ_LEN], h)
        h = (h ^ np.uint64(S[s, C_CNT] + 256)) * np.uint64(0x100000001B3)
    return np.int64(h & np.uint64(0x7FFFFFFFFFFFFFFF))


@njit(cache=True)
def _key_eq(buf, aux, nb, S, s1, k1, s2, k2):
    if k1 != k2:
        return False
    if k1 == 1:
        return _ref_eq(buf, aux, nb, S[s1, C_GID_OFF], S[s1, C_GID_LEN], S[s2, C_GID_OFF], S[s2, C_GID_LEN])
    return (S[s1, C_CNT] == S[s2, C_CNT]
            and _ref_eq(buf, aux, nb, S[s1, C_CHAN_OFF], S[s1, C_CHAN_LEN], S[s2, C_CHAN_OFF], S[s2, C_CHAN_LEN])
            and _ref_eq(buf, aux, nb, S[s1, C_SEQ_OFF], S[s1, C_SEQ_LEN], S[s2, C_SEQ_OFF], S[s2, C_SEQ_LEN]))


@njit(cache=True)
def assemble(buf, aux, S, ts, lead, nslots, end_line, ttl_lines, ttl_s, base_time, has_base,
             pghp_sidx):
    """Sequential framing state machine over the sentence table ``S`` (see module docstring).

    Returns message, reject and pending-slot arrays; the caller turns them into columns.
    """
    nb = buf.shape[0]
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
    nsl = 0
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
            if cnt == 1:
                tmp[0] = s
                nm, nf, nr = _emit(S, tmp, 1, fts, ftsrc, base_time, has_base, m_first, m_n, m_ts, m_tsrc,
                                   m_station, m_frags, nm, nf, r_sidx, r_code, r_dcode, nr)
                continue
            kk = _key_of(S, s, 0)
        else:
            kk = S[s, C_KEYKIND]
        # ---- multipart: find the pending slot ------------------------------------------------
        h = _key_hash(buf, aux, nb, S, s, kk)
        slot = -1
        free = -1
        j = h & tmask
        while t_slot[j] != -1:
            c = t_slot[j]
            if c == -2:
                if free < 0:
                    free = j
            elif t_hash[j] == h and _key_eq(buf, aux, nb, S, sl_key[c], sl_kind[c], s, kk):
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
            slot = -1
        if slot < 0:
            slot = nsl
            nsl += 1
            sl_alive[slot] = True
            sl_kind[slot] = kk
            sl_key[slot] = s
            if kind == K_FRAG:
                sl_count[slot] = cnt
                sl_first_line[slot] = S[s, C_LINE]
                sl_first_ts[slot] = fts[s]
            else:
                sl_count[slot] = S[s, C_GCOUNT]
                sl_first_line[slot] = S[s, C_GFIRST]
                sl_first_ts[slot] = lead[s]  # carried first_ts travels in the lead column
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
                nm, nf, nr = _emit(S, tmp, cnt, fts, ftsrc, base_time, has_base, m_first, m_n, m_ts, m_tsrc,
                                   m_station, m_frags, nm, nf, r_sidx, r_code, r_dcode, nr)
    # ---- time-to-live, at the end of the block --------------------------------------------------
    newest = -np.inf
    anyp = False
    for c in range(nsl):
        if sl_alive[c]:
            anyp = True
            v = sl_first_ts[c]
            v = 0.0 if np.isnan(v) else v
            if v > newest:
                newest = v
    if anyp:
        for c in range(nsl):
            if not sl_alive[c]:
                continue
            old_lines = end_line - sl_first_line[c] > ttl_lines
            old_time = (not np.isnan(sl_first_ts[c])) and newest - sl_first_ts[c] > ttl_s
            if old_lines or old_time:
                nr = _orphan(S, c, WHY_TTL, sl_parts, sl_order, sl_np, sl_count, r_sidx, r_code, r_dcode, r_p,
                             nr, tmp)
                t_slot[sl_hash[c]] = -2
                sl_alive[c] = False
    return (m_first[:nm], m_n[:nm], m_ts[:nm], m_tsrc[:nm], m_station[:nm], m_frags[:nf],
            r_sidx[:nr], r_code[:nr], r_dcode[:nr], r_p[:nr],
            sl_alive[:nsl], sl_kind[:nsl], sl_key[:nsl], sl_count[:nsl], sl_first_line[:nsl], sl_first_ts[:nsl],
            sl_parts[:nsl], sl_order[:nsl], sl_np[:nsl], fts, ftsrc, headers, pghp_on, pghp_sidx)


@njit(cache=True)
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


@njit(cache=True)
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

@njit(cache=True)
def gather_message_strings(buf, aux, S, m_first, m_n, m_frags, m_station):
    """Payload (fragments concatenated), raw text (sentences joined by newlines) and station of
    every message, as Arrow-style (data, offsets) pairs; station validity as a bool array."""
    nb = buf.shape[0]
    n = m_first.shape[0]
    p_off = np.empty(n + 1, np.int64)
    r_off = np.empty(n + 1, np.int64)
    s_off = np.empty(n + 1, np.int64)
    p_off[0] = 0
    r_off[0] = 0
    s_off[0] = 0
    pt = 0
    rt = 0
    st = 0
    for m in range(n):
        for i in range(m_n[m]):
            s = m_frags[m_first[m] + i]
            pt += S[s, C_PAY_LEN]
            rt += S[s, C_RAW_LEN] + (1 if i > 0 else 0)
        if m_station[m] >= 0:
            st += S[m_station[m], C_ST_LEN]
        p_off[m + 1] = pt
        r_off[m + 1] = rt
        s_off[m + 1] = st
    pdata = np.empty(pt, np.uint8)
    rdata = np.empty(rt, np.uint8)
    sdata = np.empty(st, np.uint8)
    svalid = np.zeros(n, np.bool_)
    pp = 0
    rp = 0
    sp = 0
    for m in range(n):
        for i in range(m_n[m]):
            s = m_frags[m_first[m] + i]
            o = S[s, C_PAY_OFF]
            ln = S[s, C_PAY_LEN]
            if o < nb:
                pdata[pp:pp + ln] = buf[o:o + ln]
            else:
                pdata[pp:pp + ln] = aux[o - nb:o - nb + ln]
            pp += ln
            if i > 0:
                rdata[rp] = 10
                rp += 1
            o = S[s, C_RAW_OFF]
            ln = S[s, C_RAW_LEN]
            if o < nb:
                rdata[rp:rp + ln] = buf[o:o + ln]
            else:
                rdata[rp:rp + ln] = aux[o - nb:o - nb + ln]
            rp += ln
        if m_station[m] >= 0:
            svalid[m] = True
            s = m_station[m]
            o = S[s, C_ST_OFF]
            ln = S[s, C_ST_LEN]
            if o < nb:
                sdata[sp:sp + ln] = buf[o:o + ln]
            else:
                sdata[sp:sp + ln] = aux[o - nb:o - nb + ln]
            sp += ln
    return pdata, p_off, rdata, r_off, sdata, s_off, svalid


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
I_BOW, I_STERN, I_PORT, I_STAR, I_ETA_MO, I_ETA_D, I_ETA_H, I_ETA_MI = range(10, 18)
NI = 18
# float output columns
F_LAT, F_LON, F_SOG, F_COG, F_ROT, F_DRAUGHT = range(6)
NF = 6
# validity bits (1 << V_x) of the mask column
V_LATLON, V_SOG, V_COG, V_HEADING, V_NAV, V_ROT, V_ACC, V_SECOND, V_PART, V_IMO, V_SHIPTYPE, V_DIMS, \
    V_DRAUGHT, V_ETA = range(14)
# string columns
S_NAME, S_CALLSIGN, S_DEST = 0, 1, 2


@njit(cache=True)
def _get(w, nbits, start, width):
    """pyais ``bit_vector.get``: unsigned value of the bits present in [start, start+width)."""
    if width <= 0 or start >= nbits:
        return np.int64(0)
    avail = min(width, nbits - start)
    wi = start >> 6
    o = start & 63
    x = w[wi]
    if o:
        x = (x << np.uint64(o)) | (w[wi + 1] >> np.uint64(64 - o))
    return np.int64(x >> np.uint64(64 - avail))


@njit(cache=True)
def _get_signed(w, nbits, start, width):
    if width <= 0 or start >= nbits:
        return np.int64(0)
    avail = min(width, nbits - start)
    v = _get(w, nbits, start, width)
    if v & (np.int64(1) << (avail - 1)):
        v -= np.int64(1) << avail
    return v


@njit(cache=True)
def _latlon(iv):
    return ((10 * iv + 3) // 6) / 1e6


@njit(cache=True)
def _sixbit_str(w, nbits, start, width, tmp):
    """pyais ``get_str``: 6-bit text, ``.rstrip('@').strip()``; returns (start, end) in tmp."""
    n = 0
    for i in range(start, start + width, 6):
        v = _get(w, nbits, i, 6)
        tmp[n] = v + 64 if v < 32 else v
        n += 1
    while n > 0 and tmp[n - 1] == 64:
        n -= 1
    a = 0
    while a < n and tmp[a] == 32:
        a += 1
    while n > a and tmp[n - 1] == 32:
        n -= 1
    return a, n


@njit(cache=True)
def _put_str(tmp, a, b, clean, data, off, col, m, pos, valid):
    """Append tmp[a:b] to string column ``col``; ``clean`` applies clean_statics (strip "@ ",
    collapse blank runs, empty -> null)."""
    p = pos[col]
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
            if c == 32:
                if prev_space:
                    continue
                prev_space = True
            else:
                prev_space = False
            data[col, p] = c
            p += 1
    else:
        for i in range(a, b):
            data[col, p] = tmp[i]
            p += 1
    valid[col, m] = True
    off[col, m + 1] = p
    pos[col] = p


@njit(cache=True)
def decode_payloads(pdata, p_off, fill, rot_table, ship_table, nav_table, clean):
    """Decode every payload; see the module docstring. Returns
    (cat, I, F, mask, sdata, soff, svalid)."""
    n = p_off.shape[0] - 1
    cat = np.empty(n, np.int8)
    I = np.zeros((n, NI), np.int64)
    F = np.zeros((n, NF), np.float64)
    mask = np.zeros(n, np.int64)
    maxc = 35
    sdata = np.empty((3, n * maxc), np.uint8)
    soff = np.zeros((3, n + 1), np.int64)
    svalid = np.zeros((3, n), np.bool_)
    spos = np.zeros(3, np.int64)
    w = np.zeros(9, np.uint64)
    tmp = np.empty(40, np.int64)
    tmp2 = np.empty(40, np.int64)
    for m in range(n):
        for col in range(3):
            soff[col, m + 1] = spos[col]
        a = p_off[m]
        nch = p_off[m + 1] - a
        c0 = np.int64(pdata[a]) - 48
        t = c0 - 8 if c0 > 40 else c0
        nbits = 6 * nch - fill[m]
        I[m, I_TYPE] = t
        I[m, I_NBITS] = nbits
        decoded = t < 64 and MIN_BITS_TABLE[t] > 0
        if not decoded:
            if nch < 7:
                cat[m] = CAT_BITCOUNT
                continue
            bits = np.int64(0)
            for i in range(7):
                v = np.int64(pdata[a + i]) - 48
                if v > 40:
                    v -= 8
                bits = (bits << 6) | v
            I[m, I_MMSI] = (bits >> 4) & 0x3FFFFFFF
            cat[m] = CAT_OTHER
            continue
        if nbits < MIN_BITS_TABLE[t]:
            cat[m] = CAT_BITCOUNT
            continue
        # pack the first 72 characters (432 bits: every field decoded here) big-endian
        for i in range(9):
            w[i] = 0
        k = min(nch, 72)
        acc = np.uint64(0)
        nacc = 0
        wi = 0
        for i in range(k):
            v = np.int64(pdata[a + i]) - 48
            if v > 40:
                v -= 8
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
        I[m, I_MMSI] = _get(w, nb, 8, 30)
        mk = 0
        if t == 1 or t == 2 or t == 3:
            cat[m] = CAT_POS
            I[m, I_NAV] = nav_table[_get(w, nb, 38, 4)]
            F[m, F_ROT] = rot_table[_get_signed(w, nb, 42, 8) + 128]
            F[m, F_SOG] = _get(w, nb, 50, 10) / 10.0
            I[m, I_ACC] = _get(w, nb, 60, 1)
            F[m, F_LON] = _latlon(_get_signed(w, nb, 61, 28))
            F[m, F_LAT] = _latlon(_get_signed(w, nb, 89, 27))
            F[m, F_COG] = _get(w, nb, 116, 12) / 10.0
            I[m, I_HEADING] = _get(w, nb, 128, 9)
            I[m, I_SECOND] = _get(w, nb, 137, 6)
            mk = (1 << V_LATLON) | (1 << V_SOG) | (1 << V_COG) | (1 << V_HEADING) | (1 << V_NAV) | (1 << V_ROT) \
                | (1 << V_ACC) | (1 << V_SECOND)
        elif t == 4:
            cat[m] = CAT_POS
            I[m, I_SECOND] = _get(w, nb, 72, 6)
            I[m, I_ACC] = _get(w, nb, 78, 1)
            F[m, F_LON] = _latlon(_get_signed(w, nb, 79, 28))
            F[m, F_LAT] = _latlon(_get_signed(w, nb, 107, 27))
            mk = (1 << V_LATLON) | (1 << V_ACC) | (1 << V_SECOND)
        elif t == 9:
            cat[m] = CAT_POS
            F[m, F_SOG] = float(_get(w, nb, 50, 10))
            I[m, I_ACC] = _get(w, nb, 60, 1)
            F[m, F_LON] = _latlon(_get_signed(w, nb, 61, 28))
            F[m, F_LAT] = _latlon(_get_signed(w, nb, 89, 27))
            F[m, F_COG] = _get(w, nb, 116, 12) / 10.0
            I[m, I_SECOND] = _get(w, nb, 128, 6)
            mk = (1 << V_LATLON) | (1 << V_SOG) | (1 << V_COG) | (1 << V_ACC) | (1 << V_SECOND)
        elif t == 18 or t == 19:
            cat[m] = CAT_POS if t == 18 else CAT_BOTH
            F[m, F_SOG] = _get(w, nb, 46, 10) / 10.0
            I[m, I_ACC] = _get(w, nb, 56, 1)
            F[m, F_LON] = _latlon(_get_signed(w, nb, 57, 28))
            F[m, F_LAT] = _latlon(_get_signed(w, nb, 85, 27))
            F[m, F_COG] = _get(w, nb, 112, 12) / 10.0
            I[m, I_HEADING] = _get(w, nb, 124, 9)
            I[m, I_SECOND] = _get(w, nb, 133, 6)
            mk = (1 << V_LATLON) | (1 << V_SOG) | (1 << V_COG) | (1 << V_HEADING) | (1 << V_ACC) | (1 << V_SECOND)
            if t == 19:
                s0, s1 = _sixbit_str(w, nb, 143, 120, tmp)
                _put_str(tmp, s0, s1, clean, sdata, soff, S_NAME, m, spos, svalid)
                I[m, I_SHIPTYPE] = ship_table[_get(w, nb, 263, 8)]
                I[m, I_BOW] = _get(w, nb, 271, 9)
                I[m, I_STERN] = _get(w, nb, 280, 9)
                I[m, I_PORT] = _get(w, nb, 289, 6)
                I[m, I_STAR] = _get(w, nb, 295, 6)
                mk |= (1 << V_SHIPTYPE) | (1 << V_DIMS)
        elif t == 27:
            cat[m] = CAT_POS
            I[m, I_ACC] = _get(w, nb, 38, 1)
            I[m, I_NAV] = nav_table[_get(w, nb, 40, 4)]
            F[m, F_LON] = ((10000 * _get_signed(w, nb, 44, 18) + 3) // 6) / 1e6
            F[m, F_LAT] = ((10000 * _get_signed(w, nb, 62, 17) + 3) // 6) / 1e6
            F[m, F_SOG] = float(_get(w, nb, 79, 6))
            F[m, F_COG] = float(_get(w, nb, 85, 9))
            mk = (1 << V_LATLON) | (1 << V_SOG) | (1 << V_COG) | (1 << V_NAV) | (1 << V_ACC)
        elif t == 21:
            cat[m] = CAT_BOTH
            s0, s1 = _sixbit_str(w, nb, 43, 120, tmp)
            n1 = s1 - s0
            for i in range(n1):
                tmp2[i] = tmp[s0 + i]
            if 272 < nb:
                e0, e1 = _sixbit_str(w, nb, 272, 88, tmp)
                for i in range(e0, e1):
                    tmp2[n1] = tmp[i]
                    n1 += 1
            _put_str(tmp2, 0, n1, clean, sdata, soff, S_NAME, m, spos, svalid)
            I[m, I_ACC] = _get(w, nb, 163, 1)
            F[m, F_LON] = _latlon(_get_signed(w, nb, 164, 28))
            F[m, F_LAT] = _latlon(_get_signed(w, nb, 192, 27))
            I[m, I_BOW] = _get(w, nb, 219, 9)
            I[m, I_STERN] = _get(w, nb, 228, 9)
            I[m, I_PORT] = _get(w, nb, 237, 6)
            I[m, I_STAR] = _get(w, nb, 243, 6)
            I[m, I_SECOND] = _get(w, nb, 253, 6)
            mk = (1 << V_LATLON) | (1 << V_ACC) | (1 << V_SECOND) | (1 << V_DIMS)
        elif t == 5:
            cat[m] = CAT_STA
            I[m, I_IMO] = _get(w, nb, 40, 30)
            s0, s1 = _sixbit_str(w, nb, 70, 42, tmp)
            _put_str(tmp, s0, s1, clean, sdata, soff, S_CALLSIGN, m, spos, svalid)
            s0, s1 = _sixbit_str(w, nb, 112, 120, tmp)
            _put_str(tmp, s0, s1, clean, sdata, soff, S_NAME, m, spos, svalid)
            I[m, I_SHIPTYPE] = ship_table[_get(w, nb, 232, 8)]
            I[m, I_BOW] = _get(w, nb, 240, 9)
            I[m, I_STERN] = _get(w, nb, 249, 9)
            I[m, I_PORT] = _get(w, nb, 258, 6)
            I[m, I_STAR] = _get(w, nb, 264, 6)
            I[m, I_ETA_MO] = _get(w, nb, 274, 4)
            I[m, I_ETA_D] = _get(w, nb, 278, 5)
            I[m, I_ETA_H] = _get(w, nb, 283, 5)
            I[m, I_ETA_MI] = _get(w, nb, 288, 6)
            F[m, F_DRAUGHT] = _get(w, nb, 294, 8) / 10.0
            s0, s1 = _sixbit_str(w, nb, 302, 120, tmp)
            _put_str(tmp, s0, s1, clean, sdata, soff, S_DEST, m, spos, svalid)
            mk = (1 << V_IMO) | (1 << V_SHIPTYPE) | (1 << V_DIMS) | (1 << V_DRAUGHT) | (1 << V_ETA)
        elif t == 24:
            part = _get(w, nb, 38, 2)
            if part > 1:
                cat[m] = CAT_DECODE_ERROR
                continue
            cat[m] = CAT_STA
            I[m, I_PART] = part
            mk = 1 << V_PART
            if part == 0:
                s0, s1 = _sixbit_str(w, nb, 40, 120, tmp)
                _put_str(tmp, s0, s1, clean, sdata, soff, S_NAME, m, spos, svalid)
            else:
                I[m, I_SHIPTYPE] = _get(w, nb, 40, 8)
                s0, s1 = _sixbit_str(w, nb, 90, 42, tmp)
                _put_str(tmp, s0, s1, clean, sdata, soff, S_CALLSIGN, m, spos, svalid)
                mk |= 1 << V_SHIPTYPE
                mm = I[m, I_MMSI]
                if not (980000000 <= mm <= 989999999):  # pyais: auxiliary craft carry no dimensions
                    I[m, I_BOW] = _get(w, nb, 132, 9)
                    I[m, I_STERN] = _get(w, nb, 141, 9)
                    I[m, I_PORT] = _get(w, nb, 150, 6)
                    I[m, I_STAR] = _get(w, nb, 156, 6)
                    mk |= 1 << V_DIMS
        mask[m] = mk
    return cat, I, F, mask, sdata, soff, svalid


# =============================================================================================
# BLAKE2b-64
# =============================================================================================

_IV = np.array([0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
                0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179], dtype=np.uint64)
_SIGMA = np.array([
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3]], dtype=np.int64)


@njit(cache=True)
def _rotr(x, n):
    return (x >> np.uint64(n)) | (x << np.uint64(64 - n))


@njit(cache=True)
def _g(v, a, b, c, d, x, y):
    v[a] = v[a] + v[b] + x
    v[d] = _rotr(v[d] ^ v[a], 32)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 24)
    v[a] = v[a] + v[b] + y
    v[d] = _rotr(v[d] ^ v[a], 16)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 63)


@njit(cache=True)
def _compress(h, m, t, last, v):
    for i in range(8):
        v[i] = h[i]
        v[i + 8] = _IV[i]
    v[12] ^= np.uint64(t)
    if last:
        v[14] = ~v[14]
    for r in range(12):
        s = _SIGMA[r]
        _g(v, 0, 4, 8, 12, m[s[0]], m[s[1]])
        _g(v, 1, 5, 9, 13, m[s[2]], m[s[3]])
        _g(v, 2, 6, 10, 14, m[s[4]], m[s[5]])
        _g(v, 3, 7, 11, 15, m[s[6]], m[s[7]])
        _g(v, 0, 5, 10, 15, m[s[8]], m[s[9]])
        _g(v, 1, 6, 11, 12, m[s[10]], m[s[11]])
        _g(v, 2, 7, 8, 13, m[s[12]], m[s[13]])
        _g(v, 3, 4, 9, 14, m[s[14]], m[s[15]])
    for i in range(8):
        h[i] ^= v[i] ^ v[i + 8]


@njit(cache=True)
def blake2b64(data, offsets):
    """``hashlib.blake2b(data[o[i]:o[i+1]], digest_size=8)`` of every row, as little-endian int64."""
    n = offsets.shape[0] - 1
    out = np.empty(n, np.int64)
    h = np.empty(8, np.uint64)
    v = np.empty(16, np.uint64)
    block = np.zeros(128, np.uint8)
    m = block.view(np.uint64)
    for r in range(n):
        a = offsets[r]
        ln = offsets[r + 1] - a
        for i in range(8):
            h[i] = _IV[i]
        h[0] ^= np.uint64(0x01010008)
        t = 0
        p = 0
        while ln - p > 128:
            block[:] = data[a + p:a + p + 128]
            t += 128
            _compress(h, m, t, False, v)
            p += 128
        rem = ln - p
        block[:] = 0
        block[:rem] = data[a + p:a + ln]
        t += rem
        _compress(h, m, t, True, v)
        out[r] = np.int64(h[0])
    return out
