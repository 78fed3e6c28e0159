"""Compiled (numba) part of the track segmenter (:func:`seasentry.tracks._assign_segments`).

:func:`complex_segments` gives each run between breaks of a "complex" vessel (one with a step
that neither fits its segment nor is a time gap: a position far from where it should be) to the
nearest open segment it can reach at a plausible speed, or to a new segment -- the loop
``tracks`` ran in Python, with the same operations in the same order (``math.pow(x, 2.0)`` as
Python's ``x ** 2``, the same libm ``sin``/``cos``/``asin``/``sqrt``), so the same segment ids.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _hav_nm(lat1, lon1, lat2, lon2, radius_nm):
    p1 = math.radians(lat1)
    p2 = math.radians(lat2)
    a = math.pow(math.sin((p2 - p1) / 2), 2.0) + math.cos(p1) * math.cos(p2) * math.pow(
        math.sin(math.radians(lon2 - lon1) / 2), 2.0)
    return 2 * radius_nm * math.asin(math.sqrt(min(1.0, max(0.0, a))))


@njit(cache=True, nogil=True)
def complex_segments(t, lat, lon, buf, brk, vstart, vend, vessels, seg, max_gap_s, min_dist, max_speed,
                     radius_nm):
    """Write the segment ids of the rows of ``vessels`` (indices into ``vstart``/``vend``) into
    ``seg``. A vessel's runs start at its rows where ``brk`` is True; the open segments are kept
    in the order they were opened, those more than ``max_gap_s`` before a run's first row are
    closed, and the run joins the first open segment at the smallest distance among those it
    fits (within ``min_dist`` nm, or at most ``max_speed`` kn over the time padded by the larger
    timing buffer of the two rows)."""
    for v in vessels:
        r0 = vstart[v]
        r1 = vend[v]
        m = r1 - r0
        o_t = np.empty(m)
        o_la = np.empty(m)
        o_lo = np.empty(m)
        o_b = np.empty(m)
        o_seg = np.empty(m, dtype=np.int64)
        n_open = 0
        n_seg = 0
        s = r0
        while s < r1:
            e = s + 1
            while e < r1 and not brk[e]:
                e += 1
            ti = t[s]
            lai = lat[s]
            loi = lon[s]
            bi = buf[s]
            k = 0
            for q in range(n_open):  # close the segments too old to continue (order kept)
                if ti - o_t[q] <= max_gap_s:
                    o_t[k] = o_t[q]
                    o_la[k] = o_la[q]
                    o_lo[k] = o_lo[q]
                    o_b[k] = o_b[q]
                    o_seg[k] = o_seg[q]
                    k += 1
            n_open = k
            best = -1
            best_d = math.inf
            for q in range(n_open):
                dd = _hav_nm(o_la[q], o_lo[q], lai, loi, radius_nm)
                dtt = ti - o_t[q]
                bb = max(bi, o_b[q])
                ph = math.sqrt(dtt * dtt + bb * bb) / 3600.0
                if dd <= min_dist or (ph > 0 and dd / ph <= max_speed):
                    if dd < best_d:
                        best = q
                        best_d = dd
            if best < 0:
                best = n_open
                o_seg[best] = n_seg
                n_seg += 1
                n_open += 1
            j = e - 1
            o_t[best] = t[j]
            o_la[best] = lat[j]
            o_lo[best] = lon[j]
            o_b[best] = buf[j]
            sid = o_seg[best]
            for r in range(s, e):
                seg[r] = sid
            s = e
