"""Compiled helpers of a bulk ingest worker: the per-vessel newest positions of a flush
(:func:`latest_per_key`, for ``bulk.flush_latest``).

A module of its own (not :mod:`seasentry.ingest._kernels`): numba's on-disk cache of a module is
invalidated by any change to its source file, and the decoder's kernels take about a minute to
compile.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def latest_per_key(mmsi, sid, ts, seq, ok):
    """Per (mmsi, sid) of the rows ``ok``: the row of the greatest (ts, seq) and the least and
    greatest ts, found through a hash table (open addressing, one pass; no sort of the rows).
    Returns (row, first, last) per key, keys in the order of their first row."""
    n = mmsi.shape[0]
    cap = 16
    while cap < 2 * n:
        cap <<= 1
    mask = cap - 1
    slot = np.full(cap, -1, np.int64)  # the key's group, -1: free
    g_row = np.empty(max(n, 1), np.int64)
    g_first = np.empty(max(n, 1), np.int64)
    g_last = np.empty(max(n, 1), np.int64)
    ng = 0
    for i in range(n):
        if not ok[i]:
            continue
        m = mmsi[i]
        s = sid[i]
        h = (((m * np.int64(31) + s) * np.int64(-7046029254386353131)) >> 24) & mask
        while True:
            g = slot[h]
            if g == -1:
                slot[h] = ng
                g_row[ng] = i
                g_first[ng] = ts[i]
                g_last[ng] = ts[i]
                ng += 1
                break
            r = g_row[g]
            if mmsi[r] == m and sid[r] == s:
                t = ts[i]
                if t < g_first[g]:
                    g_first[g] = t
                if t > g_last[g]:
                    g_last[g] = t
                if t > ts[r] or (t == ts[r] and seq[i] > seq[r]):
                    g_row[g] = i
                break
            h = (h + 1) & mask
    return g_row[:ng].copy(), g_first[:ng].copy(), g_last[:ng].copy()


def warm_up() -> None:
    """Load (or compile) the kernels with the argument types the bulk ingest passes."""
    from .fast import _ro

    latest_per_key(_ro(np.array([5, 5], np.int64)), _ro(np.array([1, 1], np.int32)), _ro(np.array([0, 1], np.int64)),
                   _ro(np.array([0, 1], np.int64)), _ro(np.array([True, True])))
