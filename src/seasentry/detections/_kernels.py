"""Compiled (numba) form of :func:`seasentry.detections.match.states_at`: every vessel track at an
image time in one pass over the tracks instead of ~70 array operations. Same arithmetic, same
results: ``tests/test_detections_match.py`` checks it against the NumPy reference on random tracks.
The benchmark (benchmarks/bench_matching.py) is what made it worth having: interpolating the whole
fleet to every pass time was the largest stage of the matching."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

KN = 1852.0 / 3600.0
M_PER_DEG = 111_195.0


@njit(cache=True, nogil=True)
def _state_one(t, j, lo, hi, t1, t2, la1, lo1, s1, c1, la2, lo2, s2, c2, max_gap, off_s, interp_f, extrap_f, drift):
    """One track at time ``t`` from its reports around it: the time, position, speed and course of
    report j - 1 (``t1`` ...) and j (``t2`` ...), the values at index 0 where one is missing, as the
    reference reads them. Returns (ok, lat, lon, sog, cog, sigma_track, near, off, silence); ok is
    False when no report is within ``max_gap``."""
    has_p = j - 1 >= lo
    has_n = j < hi
    d1 = t - t1 if has_p else np.inf
    d2 = t2 - t if has_n else np.inf
    if has_p and has_n:
        silence = d1 + d2
    elif has_p:
        silence = d1
    else:
        silence = d2
    use_p = has_p and d1 <= max_gap
    use_n = has_n and d2 <= max_gap
    if not (use_p or use_n):
        return False, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, False, 0.0
    both = use_p and use_n
    d1f = d1 if use_p else 0.0
    d2f = d2 if use_n else 0.0
    kin = not (math.isnan(s1) or math.isnan(c1) or math.isnan(s2) or math.isnan(c2))
    # extrapolations (NaN speed/course: none), each computed only where it is used
    ea_lat = ea_lon = eb_lat = eb_lon = 0.0
    if use_p and (kin or not both):
        sa = 0.0 if math.isnan(s1) else s1
        ca = math.radians(0.0 if math.isnan(c1) else c1)
        da = sa * KN * d1f
        ea_lat = la1 + da * math.cos(ca) / M_PER_DEG
        ea_lon = lo1 + da * math.sin(ca) / (M_PER_DEG * max(math.cos(math.radians(la1)), 1e-6))
    if use_n and (kin or not both):
        sb = 0.0 if math.isnan(s2) else s2
        cb = math.radians(0.0 if math.isnan(c2) else c2)
        db = sb * KN * (-d2f)
        eb_lat = la2 + db * math.cos(cb) / M_PER_DEG
        eb_lon = lo2 + db * math.sin(cb) / (M_PER_DEG * max(math.cos(math.radians(la2)), 1e-6))
    tot = d1f + d2f if both else 1.0
    w1 = (d2f / tot if tot > 0 else 1.0) if both else 1.0
    if both:
        if kin:
            r_lat = w1 * ea_lat + (1.0 - w1) * eb_lat
            r_lon = w1 * ea_lon + (1.0 - w1) * eb_lon
        else:
            r_lat = la1 + (la2 - la1) * (1.0 - w1)
            r_lon = lo1 + (lo2 - lo1) * (1.0 - w1)
    elif use_p:
        r_lat = ea_lat
        r_lon = ea_lon
    else:
        r_lat = eb_lat
        r_lon = eb_lon
    near_p = use_p and ((not use_n) or d1 <= d2)
    sg = s1 if near_p else s2
    cg = c1 if near_p else c2
    chord = imp_kn = 0.0
    if both:   # the speed and course implied by the two reports
        dt12 = max(t2 - t1, 1.0)
        dy = (la2 - la1) * M_PER_DEG
        dx = (lo2 - lo1) * M_PER_DEG * math.cos(math.radians(la1))
        chord = math.hypot(dx, dy)
        imp_kn = chord / dt12 / KN
        if math.isnan(sg) or math.isnan(cg):
            sg = imp_kn
            cg = math.degrees(math.atan2(dx, dy)) % 360.0
    if math.isnan(sg):
        sg = 0.0
    if both:
        v = max(max(0.0 if math.isnan(s1) else s1, 0.0 if math.isnan(s2) else s2), imp_kn) * KN
    else:
        v = max(sg, 0.0) * KN
    near = min(d1f, d2f) if both else (d1f if use_p else d2f)
    frac = interp_f if both else extrap_f
    sig = (frac * v + drift) * near
    if both:
        run = v * (d1f + d2f)
        hm = 0.5 * math.sqrt(max(run * run - chord * chord, 0.0))
        sig = max(sig, 0.5 * hm)
    return True, r_lat, r_lon, sg, 0.0 if math.isnan(cg) else cg, sig, near, silence >= off_s, silence


@njit(cache=True, nogil=True)
def _walk(t, j, lo, hi, use_hint, tt):
    """First index in [lo, hi) with tt > t: walked from the hint ``j``, or a binary search."""
    if use_hint:
        while j > lo and tt[j - 1] > t:
            j -= 1
        while j < hi and tt[j] <= t:
            j += 1
        return j
    a, b = lo, hi
    while a < b:
        m = (a + b) // 2
        if tt[m] <= t:
            a = m + 1
        else:
            b = m
    return a


@njit(cache=True, nogil=True)
def _new_states(n):
    """The outputs of :func:`states_kernel` / :func:`scene_kernel` for ``n`` queries: keep, lat,
    lon, sog, cog, sigma, near, off, silence, prev, next, after."""
    return (np.zeros(n, np.bool_), np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n),
            np.zeros(n, np.bool_), np.empty(n), np.empty(n, np.int64), np.empty(n, np.int64), np.empty(n, np.int64))


@njit(cache=True, nogil=True)
def _put_state(out, i, r, j, lo, hi, ip, inn):
    """Query ``i``'s row of ``out`` (:func:`_new_states`) from :func:`_state_one`'s result ``r``
    between the reports ``ip`` and ``inn`` of a track whose reports are ``lo``..``hi - 1``."""
    keep, o_lat, o_lon, o_sog, o_cog, o_sig, o_near, o_off, o_sil, o_prev, o_next, o_after = out
    o_after[i] = j
    keep[i] = r[0]
    if r[0]:
        o_lat[i], o_lon[i], o_sog[i], o_cog[i], o_sig[i], o_near[i], o_off[i], o_sil[i] = \
            r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]
        o_prev[i] = ip if j - 1 >= lo else -1
        o_next[i] = inn if j < hi else -1


@njit(cache=True, nogil=True)
def states_kernel(q, t, hint, use_hint, start, tt, lat, lon, sog, cog, max_gap, off_s, interp_f, extrap_f, drift):
    n = q.shape[0]
    out = _new_states(n)
    for i in range(n):
        node = q[i]
        lo = start[node]
        hi = start[node + 1]
        j = _walk(t, hint[i] if use_hint else 0, lo, hi, use_hint, tt)
        ip = j - 1 if j - 1 >= lo else 0
        inn = j if j < hi else 0
        r = _state_one(t, j, lo, hi, tt[ip], tt[inn], lat[ip], lon[ip], sog[ip], cog[ip], lat[inn], lon[inn],
                       sog[inn], cog[inn], max_gap, off_s, interp_f, extrap_f, drift)
        _put_state(out, i, r, j, lo, hi, ip, inn)
    return out


@njit(cache=True, nogil=True)
def _walk_rep(t, j, lo, hi, rep):
    """:func:`_walk` on the time column of the report array: the first index in [lo, hi) with a
    time later than ``t``, searched from the hint ``j`` by galloping (steps 1, 2, 4 ... then a
    binary search): the same index, found in a few reads when the hint is hours of reports away
    (the previous pass) and in one or two when it is next to it (a scene of the pass)."""
    if j < hi and rep[j, 0] <= t:            # forward
        a = j + 1
        step = 1
        while j + step < hi and rep[j + step, 0] <= t:
            a = j + step + 1
            step *= 2
        b = min(j + step, hi)
    elif j > lo and rep[j - 1, 0] > t:       # backward
        b = j - 1
        step = 1
        while j - 1 - step >= lo and rep[j - 1 - step, 0] > t:
            b = j - 1 - step
            step *= 2
        a = max(j - step, lo)
    else:
        return j
    while a < b:
        m = (a + b) // 2
        if rep[m, 0] <= t:
            a = m + 1
        else:
            b = m
    return a


@njit(cache=True, nogil=True)
def passes_kernel(ts, hint, start, rep, max_gap, off_s, interp_f, extrap_f, drift):
    """:func:`states_kernel` for every track (q = all nodes) at each of the pass times ``ts`` (P,
    in time order), walked from ``hint`` and then from one pass to the next, on the report array
    ``rep`` (N, 5: t, lat, lon, sog, cog; seasentry.detections.match.Tracks). Also keeps, per pass
    and track, the reports around the pass time it read (index j of the first report after it,
    and the five values at j - 1 and at j): the scenes of the pass, minutes away, mostly fall
    between the same two reports and are then computed from these contiguous values
    (:func:`scene_kernel`) instead of reading the tracks again.

    The loop runs track by track, every pass time inside: a track's reports (one stretch of
    ``rep``) are read once for all the passes while they are in the cache, instead of once per
    pass (one sweep over the whole day per pass: about three times the CPU time on
    benchmarks/bench_matching.py). Returns (keep, values, off, prev, next, j, g): ``values`` is
    (P, 7, n) = lat, lon, sog, cog, sigma_track, near, silence; the others (P, n); ``g`` (P, n, 10)."""
    n = start.shape[0] - 1
    P = ts.shape[0]
    keep = np.zeros((P, n), np.bool_)
    val = np.empty((P, 7, n))
    o_off = np.zeros((P, n), np.bool_)
    o_prev = np.empty((P, n), np.int64)
    o_next = np.empty((P, n), np.int64)
    g_j = np.empty((P, n), np.int64)
    g = np.empty((P, n, 10))      # t, lat, lon, sog, cog at j - 1 (or index 0), then at j (or index 0)
    for i in range(n):
        lo = start[i]
        hi = start[i + 1]
        j = hint[i]
        for k in range(P):
            t = ts[k]
            j = _walk_rep(t, j, lo, hi, rep)
            g_j[k, i] = j
            ip = j - 1 if j - 1 >= lo else 0
            inn = j if j < hi else 0
            for c in range(5):
                g[k, i, c] = rep[ip, c]
                g[k, i, 5 + c] = rep[inn, c]
            r = _state_one(t, j, lo, hi, g[k, i, 0], g[k, i, 5], g[k, i, 1], g[k, i, 2], g[k, i, 3], g[k, i, 4],
                           g[k, i, 6], g[k, i, 7], g[k, i, 8], g[k, i, 9], max_gap, off_s, interp_f, extrap_f, drift)
            keep[k, i] = r[0]
            if r[0]:
                val[k, 0, i], val[k, 1, i], val[k, 2, i], val[k, 3, i], val[k, 4, i], val[k, 5, i], val[k, 6, i] = \
                    r[1], r[2], r[3], r[4], r[5], r[6], r[8]
                o_off[k, i] = r[7]
                o_prev[k, i] = ip if j - 1 >= lo else -1
                o_next[k, i] = inn if j < hi else -1
    return keep, val, o_off, o_prev, o_next, g_j, g


@njit(cache=True, nogil=True)
def pass_kernel(t, hint, start, rep, max_gap, off_s, interp_f, extrap_f, drift):
    """:func:`passes_kernel` at one pass time, in the order of :func:`states_kernel`'s outputs:
    ((keep, lat, lon, sog, cog, sigma_track, near, off, silence, prev, next, j), g)."""
    ts = np.empty(1)
    ts[0] = t
    keep, val, off, prev, nxt, g_j, g = passes_kernel(ts, hint, start, rep, max_gap, off_s, interp_f, extrap_f, drift)
    return (keep[0], val[0, 0], val[0, 1], val[0, 2], val[0, 3], val[0, 4], val[0, 5], off[0], val[0, 6], prev[0],
            nxt[0], g_j[0]), g[0]


@njit(cache=True, nogil=True)
def scene_kernel(q, t, g_j, g, start, rep, max_gap, off_s, interp_f, extrap_f, drift):
    """:func:`states_kernel` for the tracks ``q`` at a scene time near the pass time of
    :func:`pass_kernel` (``g_j``, ``g``: its arrays, indexed by track): a track whose reports
    around the pass time also bracket ``t`` is computed from them; the others are walked in the
    report array from the pass's index. Same arithmetic (the shared :func:`_state_one`), same
    results."""
    n = q.shape[0]
    out = _new_states(n)
    for i in range(n):
        node = q[i]
        lo = start[node]
        hi = start[node + 1]
        j = g_j[node]
        if (j - 1 < lo or g[node, 0] <= t) and (j >= hi or g[node, 5] > t):
            # the same two reports bracket the scene time: their values from the pass
            t1, la1, lo1, s1, c1 = g[node, 0], g[node, 1], g[node, 2], g[node, 3], g[node, 4]
            t2, la2, lo2, s2, c2 = g[node, 5], g[node, 6], g[node, 7], g[node, 8], g[node, 9]
            ip = j - 1 if j - 1 >= lo else 0
            inn = j if j < hi else 0
        else:
            j = _walk_rep(t, j, lo, hi, rep)
            ip = j - 1 if j - 1 >= lo else 0
            inn = j if j < hi else 0
            t1, la1, lo1, s1, c1 = rep[ip, 0], rep[ip, 1], rep[ip, 2], rep[ip, 3], rep[ip, 4]
            t2, la2, lo2, s2, c2 = rep[inn, 0], rep[inn, 1], rep[inn, 2], rep[inn, 3], rep[inn, 4]
        r = _state_one(t, j, lo, hi, t1, t2, la1, lo1, s1, c1, la2, lo2, s2, c2, max_gap, off_s, interp_f, extrap_f,
                       drift)
        _put_state(out, i, r, j, lo, hi, ip, inn)
    return out


@njit(cache=True, nogil=True)
def assign_small(bounds, ld, lc, mg, g_nd, g_nc, max_rows, max_cols, rel_tol):
    """The most likely joint assignment of each small connected component (at most ``max_rows``
    detections and ``max_cols`` vessels), by enumerating every one-to-one choice of a vessel or
    "no AIS vessel" (gain 0) per detection: the problem ``scipy.optimize.linear_sum_assignment``
    solves in :func:`seasentry.detections.match.match`, without a call per component. A component
    whose best total is not better than the runner-up by ``rel_tol`` (a tie: two equally likely
    assignments, where the solver's own choice decides), or that is larger, or that holds a
    (detection, vessel) pair twice, is flagged for the solver. Returns (chosen pair flags, flags
    of the components left to the solver)."""
    n_comp = bounds.shape[0] - 1
    chosen = np.zeros(ld.shape[0], np.bool_)
    fallback = np.zeros(n_comp, np.bool_)
    opt_pair = np.empty((max_rows, max_cols + 1), np.int64)
    opt_col = np.empty((max_rows, max_cols + 1), np.int64)
    opt_cost = np.empty((max_rows, max_cols + 1))
    nopt = np.empty(max_rows, np.int64)
    idx = np.empty(max_rows, np.int64)
    best_idx = np.empty(max_rows, np.int64)
    for k in range(n_comp):
        a, b = bounds[k], bounds[k + 1]
        nd_, nc_ = g_nd[k], g_nc[k]
        if nd_ > max_rows or nc_ > max_cols:
            fallback[k] = True
            continue
        for r in range(nd_):
            nopt[r] = 0
        dup = False
        for q in range(a, b):
            r = ld[q]
            for u in range(nopt[r]):
                if opt_col[r, u] == lc[q]:
                    dup = True
            opt_pair[r, nopt[r]] = q
            opt_col[r, nopt[r]] = lc[q]
            opt_cost[r, nopt[r]] = -mg[q]
            nopt[r] += 1
        if dup:
            fallback[k] = True
            continue
        for r in range(nd_):  # the detection's own "no AIS vessel" column, last
            opt_pair[r, nopt[r]] = -1
            opt_col[r, nopt[r]] = -1
            opt_cost[r, nopt[r]] = 0.0
            nopt[r] += 1
            idx[r] = 0
        best = np.inf
        second = np.inf
        while True:
            used = 0
            ok = True
            cost = 0.0
            for r in range(nd_):
                c = opt_col[r, idx[r]]
                if c >= 0:
                    bit = 1 << c
                    if used & bit:
                        ok = False
                        break
                    used |= bit
                cost += opt_cost[r, idx[r]]
            if ok:
                if cost < best:
                    second = best
                    best = cost
                    for r in range(nd_):
                        best_idx[r] = idx[r]
                elif cost < second:
                    second = cost
            # next combination (odometer over the rows' options)
            r = 0
            while r < nd_:
                idx[r] += 1
                if idx[r] < nopt[r]:
                    break
                idx[r] = 0
                r += 1
            if r == nd_:
                break
        if not (best < second - rel_tol * max(1.0, abs(best))):
            fallback[k] = True
            continue
        for r in range(nd_):
            q = opt_pair[r, best_idx[r]]
            if q >= 0:
                chosen[q] = True
    return chosen, fallback
