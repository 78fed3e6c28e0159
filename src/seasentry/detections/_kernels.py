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
def states_kernel(q, t, hint, use_hint, start, tt, lat, lon, sog, cog, max_gap, off_s, interp_f, extrap_f, drift):
    n = q.shape[0]
    keep = np.zeros(n, np.bool_)
    o_lat = np.empty(n)
    o_lon = np.empty(n)
    o_sog = np.empty(n)
    o_cog = np.empty(n)
    o_sig = np.empty(n)
    o_near = np.empty(n)
    o_off = np.zeros(n, np.bool_)
    o_sil = np.empty(n)
    o_prev = np.empty(n, np.int64)
    o_next = np.empty(n, np.int64)
    o_after = np.empty(n, np.int64)
    for i in range(n):
        node = q[i]
        lo = start[node]
        hi = start[node + 1]
        if use_hint:
            j = hint[i]
            while j > lo and tt[j - 1] > t:
                j -= 1
            while j < hi and tt[j] <= t:
                j += 1
        else:  # first index in [lo, hi) with tt > t
            a, b = lo, hi
            while a < b:
                m = (a + b) // 2
                if tt[m] <= t:
                    a = m + 1
                else:
                    b = m
            j = a
        o_after[i] = j
        has_p = j - 1 >= lo
        has_n = j < hi
        ip = j - 1 if has_p else 0
        inn = j if has_n else 0
        d1 = t - tt[ip] if has_p else np.inf
        d2 = tt[inn] - t if has_n else np.inf
        if has_p and has_n:
            silence = d1 + d2
        elif has_p:
            silence = d1
        else:
            silence = d2
        use_p = has_p and d1 <= max_gap
        use_n = has_n and d2 <= max_gap
        if not (use_p or use_n):
            continue
        keep[i] = True
        both = use_p and use_n
        la1, lo1, s1, c1 = lat[ip], lon[ip], sog[ip], cog[ip]
        la2, lo2, s2, c2 = lat[inn], lon[inn], sog[inn], cog[inn]
        d1f = d1 if use_p else 0.0
        d2f = d2 if use_n else 0.0
        # extrapolations (NaN speed/course: none)
        sa = 0.0 if math.isnan(s1) else s1
        ca = math.radians(0.0 if math.isnan(c1) else c1)
        da = sa * KN * d1f
        ea_lat = la1 + da * math.cos(ca) / M_PER_DEG
        ea_lon = lo1 + da * math.sin(ca) / (M_PER_DEG * max(math.cos(math.radians(la1)), 1e-6))
        sb = 0.0 if math.isnan(s2) else s2
        cb = math.radians(0.0 if math.isnan(c2) else c2)
        db = sb * KN * (-d2f)
        eb_lat = la2 + db * math.cos(cb) / M_PER_DEG
        eb_lon = lo2 + db * math.sin(cb) / (M_PER_DEG * max(math.cos(math.radians(la2)), 1e-6))
        tot = d1f + d2f if both else 1.0
        w1 = (d2f / tot if tot > 0 else 1.0) if both else 1.0
        kin = not (math.isnan(s1) or math.isnan(c1) or math.isnan(s2) or math.isnan(c2))
        if both:
            if kin:
                o_lat[i] = w1 * ea_lat + (1.0 - w1) * eb_lat
                o_lon[i] = w1 * ea_lon + (1.0 - w1) * eb_lon
            else:
                o_lat[i] = la1 + (la2 - la1) * (1.0 - w1)
                o_lon[i] = lo1 + (lo2 - lo1) * (1.0 - w1)
        elif use_p:
            o_lat[i] = ea_lat
            o_lon[i] = ea_lon
        else:
            o_lat[i] = eb_lat
            o_lon[i] = eb_lon
        near_p = use_p and ((not use_n) or d1 <= d2)
        sg = s1 if near_p else s2
        cg = c1 if near_p else c2
        dt12 = max(tt[inn] - tt[ip], 1.0)
        dy = (la2 - la1) * M_PER_DEG
        dx = (lo2 - lo1) * M_PER_DEG * math.cos(math.radians(la1))
        chord = math.hypot(dx, dy)
        imp_kn = chord / dt12 / KN
        imp_cog = math.degrees(math.atan2(dx, dy)) % 360.0
        if both and (math.isnan(sg) or math.isnan(cg)):
            sg = imp_kn
            cg = imp_cog
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
        o_sog[i] = sg
        o_cog[i] = 0.0 if math.isnan(cg) else cg
        o_sig[i] = sig
        o_near[i] = near
        o_off[i] = silence >= off_s
        o_sil[i] = silence
        o_prev[i] = ip if has_p else -1
        o_next[i] = inn if has_n else -1
    return keep, o_lat, o_lon, o_sog, o_cog, o_sig, o_near, o_off, o_sil, o_prev, o_next, o_after
