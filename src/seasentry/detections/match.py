"""Matching kernel: vessel detections (satellite SAR / optical, VIIRS, coastal radar) against AIS.

Pure functions over NumPy arrays, no I/O (the orchestration is in :mod:`.run`). Method, after
Global Fishing Watch's SAR-AIS matching (Kroodsma et al. 2022, Sci. Rep. 12:21004, RADARSAT-2;
Paolo et al. 2024, Nature 625:85-91, Sentinel-1; github.com/GlobalFishingWatch/
paper-longline-ais-sar-matching, 5_SAR_AIS_Matching), with Gaussian uncertainties in place of
GFW's empirical probability rasters:

1. **Where each AIS vessel is at the image time.** For every vessel track (an MMSI, or one of its
   segments when two ships share it: :func:`seasentry.tracks.build_tracks`) the reports just
   before and after the image time are found (one ``searchsorted`` over all tracks). With both
   sides, the position is GFW's time-weighted mean of the forward extrapolation of the report
   before and the backward extrapolation of the report after (linear interpolation when speed or
   course is missing); with one side, the extrapolation. Reports farther than
   ``max_ais_gap_h`` are not used. A vessel silent for ``ais_off_h`` or more around the image time
   (the gap floor) had its AIS off: it is not a match candidate.
2. **How sure.** sigma^2 = sigma_detection(sensor)^2 + sigma_AIS^2 + (size_fraction x L_AIS)^2
   + (speed x time_sigma)^2 + sigma_track^2 + (azimuth_fraction x |azimuth shift|)^2, with
   sigma_track = (fraction x speed + drift) x (time to the nearest report): ``interp_sigma_fraction``
   between reports, ``extrap_sigma_fraction`` on one side (the region a vessel may be in grows
   linearly with time and speed, as GFW's rasters do). Between two reports sigma_track is at least
   half the semi-minor axis of the ellipse with foci at the reports and major axis speed x time
   between them (the space-time prism, Hagerstrand 1970): a vessel that ran much further than
   the chord turned (a trawler's zig-zag) and may be off the straight line.
3. **SAR azimuth shift.** For SAR scenes the expected image position is moved along the
   satellite track by -(R/V) v_r (:func:`.sar.azimuth_shift_m`).
4. **Candidates.** A fixed-radius query (``radius_m``, Skylight's 1,500 m) over every vessel of
   the scene is the fast path; vessels whose search radius (``gate_sigmas`` x sigma) is larger are
   searched again in a second tree of those vessels only. Up to ``max_candidates`` per detection.
5. **Score.** The likelihood ratio of "this detection is that vessel" against "it is an object
   without AIS" (density ``dark_density_km2``): LR = exp(-z_pos^2 / 2) / (2 pi sigma^2) x
   exp(-z_len^2 / 2) / density, with z_pos = distance / sigma and z_len = (ln L_det - (a + b ln
   L_AIS)) / s (the SAR length model fitted on GFW's RADARSAT-2 matches); score = LR / (1 + LR).
   Like GFW's probability rasters (densities), this keeps a diffuse AIS position (long since its
   last report) from taking a detection far from it. Gates: z_pos <= ``gate_sigmas``, |z_len| <=
   ``length_gate_sigmas``, score >= ``min_score``.
6. **One-to-one per scene.** Connected components of the candidate graph; a single pair is
   assigned directly, larger components by the Hungarian algorithm
   (:func:`scipy.optimize.linear_sum_assignment` on -ln LR, i.e. the most likely joint
   assignment). A match is *ambiguous* when a free alternative has at least ``ambiguity_ratio``
   of its likelihood ratio.
7. **Missed.** AIS vessels (on, nearest report within ``missed_max_report_min``) inside a
   footprint by ``missed_margin_m`` + 2 sigma that no detection of the scene took.

``method='radius'`` replaces 2-5 by Skylight's rule: the nearest interpolated AIS vessel within
``radius_m`` (score 1 - d / radius_m), still one-to-one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .sar import KN, azimuth_shift_m

M_PER_DEG = 111_195.0

# why codes of a (detection, vessel) pair
WHY_MATCHED = 0
WHY_FAR = 1
WHY_LENGTH = 2
WHY_TAKEN = 3          # the vessel was matched to another detection
WHY_LOW = 4            # score below min_score
WHY_OFF = 5            # AIS off around the image time
WHY_LOWER = 6          # valid, but the detection matched a better vessel
WHY_OUTSIDE = 7        # nearest vessels outside the search radius (listed for dark detections)
WHY_TEXT = {WHY_MATCHED: "matched", WHY_FAR: "too_far", WHY_LENGTH: "length_mismatch", WHY_TAKEN: "matched_elsewhere",
            WHY_LOW: "low_score", WHY_OFF: "ais_off", WHY_LOWER: "lower_score", WHY_OUTSIDE: "outside_search"}

SENSOR_CODES = {"sar": 0, "optical": 1, "viirs": 2, "radar": 3, "other": 4}


@dataclass
class Params:
    """The numbers of ``config.DetectionsConfig`` the kernel uses (seconds, metres)."""
    method: str = "model"
    radius_m: float = 1500.0
    max_gap_s: float = 12 * 3600.0
    off_s: float = 6 * 3600.0
    sigma_sensor_m: tuple = (60.0, 30.0, 400.0, 150.0, 200.0)   # by SENSOR_CODES
    ais_sigma_m: float = 30.0
    size_fraction: float = 0.25
    time_sigma_s: float = 30.0
    interp_fraction: float = 0.10
    extrap_fraction: float = 0.25
    drift_m_s: float = 1.0 * KN
    max_sigma_m: float = 20000.0
    gate: float = 4.0
    length_a: float = 0.613
    length_b: float = 0.906
    length_s_sar: float = 0.507
    length_s_other: float = 0.30
    length_gate: float = 3.0
    min_score: float = 0.5
    ambiguity_ratio: float = 0.1
    dark_density_m2: float = 1e-8
    k: int = 8
    r_over_v_s: float = 115.0
    incidence_deg: float = 37.0
    azimuth_fraction: float = 0.3
    missed_max_report_s: float = 3600.0
    missed_margin_m: float = 1000.0
    report_radius_m: float = 10_000.0

    @classmethod
    def from_config(cls, cfg) -> "Params":
        d = cfg.detections
        return cls(method=d.method, radius_m=d.radius_m, max_gap_s=d.max_ais_gap_h * 3600.0, off_s=d.ais_off_h * 3600.0,
                   sigma_sensor_m=(d.sigma_sar_m, d.sigma_optical_m, d.sigma_viirs_m, d.sigma_radar_m, d.sigma_other_m),
                   ais_sigma_m=d.ais_sigma_m, size_fraction=d.size_sigma_fraction, time_sigma_s=d.time_sigma_s,
                   interp_fraction=d.interp_sigma_fraction, extrap_fraction=d.extrap_sigma_fraction,
                   drift_m_s=d.drift_kn * KN, max_sigma_m=d.max_sigma_m, gate=d.gate_sigmas, length_a=d.length_a,
                   length_b=d.length_b, length_s_sar=d.length_sigma_log, length_s_other=d.length_sigma_log_optical,
                   length_gate=d.length_gate_sigmas, min_score=d.min_score, ambiguity_ratio=d.ambiguity_ratio,
                   dark_density_m2=d.dark_density_km2 / 1e6,
                   k=int(d.max_candidates), r_over_v_s=d.sar_range_over_velocity_s, incidence_deg=d.sar_incidence_deg,
                   azimuth_fraction=d.sar_azimuth_sigma_fraction, missed_max_report_s=d.missed_max_report_min * 60.0,
                   missed_margin_m=d.missed_margin_m)


@dataclass
class Tracks:
    """AIS positions sorted by (node, t); a node is one vessel track. Per-node arrays of length K.

    The five per-position values are held in one (N, 5) array ``rep`` (time, lat, lon, sog, cog
    of a report side by side), and ``t``, ``lat``, ``lon``, ``sog``, ``cog`` are views of its
    columns: the kernels read a report's five values from one place in memory instead of five
    arrays far apart (the interpolation of every track at every pass was bound by those reads),
    and the arrays given are not kept (no extra memory once built). A caller that builds ``rep``
    itself passes it with None for the five (no second copy while building)."""
    node: np.ndarray            # int64 per position
    t: np.ndarray               # float64 epoch seconds
    lat: np.ndarray
    lon: np.ndarray
    sog: np.ndarray             # knots, NaN unknown
    cog: np.ndarray             # degrees, NaN unknown
    mmsi: np.ndarray            # int64 per node
    length: np.ndarray          # float64 per node, NaN unknown
    start: np.ndarray = field(default=None)   # int64 offsets (K+1)
    keys: np.ndarray = field(default=None)
    t0: float = 0.0
    span_ms: int = 1
    rep: np.ndarray = field(default=None, repr=False)   # (N, 5) float64: t, lat, lon, sog, cog

    def __post_init__(self):
        if self.rep is None:
            rep = np.empty((len(self.t), 5))
            for c, a in enumerate((self.t, self.lat, self.lon, self.sog, self.cog)):
                rep[:, c] = a
            self.rep = rep
        self._views()
        k = len(self.mmsi)
        if self.start is None:
            self.start = np.searchsorted(self.node, np.arange(k + 1), side="left").astype(np.int64)
        if self.keys is None:
            if len(self.t):
                self.t0 = float(self.t.min()) - 1.0
                self.span_ms = int(np.ceil((float(self.t.max()) - self.t0) * 1000.0)) + 2
                self.keys = self.node * self.span_ms + np.round((self.t - self.t0) * 1000.0).astype(np.int64)
            else:
                self.keys = np.zeros(0, np.int64)

    def _views(self) -> None:
        self.t, self.lat, self.lon, self.sog, self.cog = (self.rep[:, c] for c in range(5))

    def __getstate__(self):  # pickled once: the report array, not its column views as copies
        d = dict(self.__dict__)
        for f in ("t", "lat", "lon", "sog", "cog"):
            d[f] = None
        return d

    def __setstate__(self, d):
        self.__dict__.update(d)
        self._views()

    @property
    def n_nodes(self) -> int:
        return len(self.mmsi)


@dataclass
class States:
    """Vessel tracks at one time: ``node`` (indices into Tracks) with expected positions."""
    node: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    sog: np.ndarray             # knots (0 when unknown)
    cog: np.ndarray
    sigma_track: np.ndarray     # metres
    report_s: np.ndarray        # seconds to the nearest report used
    off: np.ndarray             # bool: AIS off around the time
    silence_s: np.ndarray       # the silence around the time (seconds), for 'off' reasons
    prev: np.ndarray            # index of the report before (or -1), however far
    nxt: np.ndarray             # index of the report after (or -1), however far
    after: np.ndarray           # index of the first report after the time (the node's end when none)

    def take(self, m) -> "States":
        return States(*(getattr(self, f)[m] for f in self.__dataclass_fields__))


def _offset(lat, lon, sog_kn, cog_deg, dt_s):
    d = np.nan_to_num(sog_kn, nan=0.0) * KN * dt_s
    c = np.radians(np.nan_to_num(cog_deg, nan=0.0))
    dlat = d * np.cos(c) / M_PER_DEG
    dlon = d * np.sin(c) / (M_PER_DEG * np.maximum(np.cos(np.radians(lat)), 1e-6))
    return lat + dlat, lon + dlon


def _after(tr: Tracks, q: np.ndarray, t: float, hint: np.ndarray | None = None) -> np.ndarray:
    """Index of the first report of each node q later than t (its end when none). With ``hint``
    (the answer for a nearby time) the index is walked from there, which for the scenes of one
    pass (minutes apart) is a few steps instead of a binary search over every report."""
    lo, hi = tr.start[q], tr.start[q + 1]
    if hint is None:  # binary search on (node, ms) keys, then exact comparisons below (rounding)
        hint = np.clip(np.searchsorted(tr.keys, q * tr.span_ms + int(round((t - tr.t0) * 1000.0)), side="right"),
                       lo, hi)
    j = hint.copy()
    last = len(tr.t) - 1
    for _ in range(16):
        back = (j > lo) & (tr.t[np.maximum(j - 1, 0)] > t)
        if not back.any():
            break
        j[back] -= 1
    for _ in range(16):
        fwd = (j < hi) & (tr.t[np.minimum(j, last)] <= t)
        if not fwd.any():
            break
        j[fwd] += 1
    bad = ((j > lo) & (tr.t[np.maximum(j - 1, 0)] > t)) | ((j < hi) & (tr.t[np.minimum(j, last)] <= t))
    for i in np.flatnonzero(bad):  # a long way from the hint (rare): exact binary search in the node's reports
        a, b = int(lo[i]), int(hi[i])
        j[i] = a + int(np.searchsorted(tr.t[a:b], t, side="right"))
    return j


def states_at(tr: Tracks, t: float, p: Params, nodes: np.ndarray | None = None,
              hint: np.ndarray | None = None) -> States:
    """Expected position and uncertainty of each node at time ``t`` (nodes without a report
    within ``max_gap_s`` are left out). ``hint``: :attr:`States.after` of the same nodes at a
    nearby time."""
    q = np.arange(tr.n_nodes, dtype=np.int64) if nodes is None else np.asarray(nodes, np.int64)
    if len(tr.t) == 0 or len(q) == 0:
        e = np.zeros(0)
        z = np.zeros(0, np.int64)
        return States(z, e, e, e, e, e, e, np.zeros(0, bool), e, z, z, z)
    j = _after(tr, q, t, hint)
    lo, hi = tr.start[q], tr.start[q + 1]
    has_p = j - 1 >= lo
    has_n = j < hi
    ip = np.where(has_p, j - 1, 0)
    inn = np.where(has_n, j, 0)
    d1 = np.where(has_p, t - tr.t[ip], np.inf)
    d2 = np.where(has_n, tr.t[inn] - t, np.inf)
    # the silence around t, from the raw neighbours (load reports max_gap + off beyond the image time
    # so that it is known up to the 'off' threshold)
    silence = np.where(has_p & has_n, d1 + d2, np.where(has_p, d1, d2))
    use_p = has_p & (d1 <= p.max_gap_s)
    use_n = has_n & (d2 <= p.max_gap_s)
    keep = use_p | use_n
    q, ip, inn, d1, d2, silence, j = q[keep], ip[keep], inn[keep], d1[keep], d2[keep], silence[keep], j[keep]
    raw_p, raw_n = has_p[keep], has_n[keep]
    use_p, use_n = use_p[keep], use_n[keep]
    both = use_p & use_n
    off = silence >= p.off_s
    la1, lo1, s1, c1 = tr.lat[ip], tr.lon[ip], tr.sog[ip], tr.cog[ip]
    la2, lo2, s2, c2 = tr.lat[inn], tr.lon[inn], tr.sog[inn], tr.cog[inn]
    d1f = np.where(use_p, d1, 0.0)
    d2f = np.where(use_n, d2, 0.0)
    # one side: extrapolate (backward from the report after: course reversed by a negative time)
    ea_lat, ea_lon = _offset(la1, lo1, s1, c1, d1f)
    eb_lat, eb_lon = _offset(la2, lo2, s2, c2, -d2f)
    # both sides: GFW's time-weighted mean of the two extrapolations, or linear without sog/cog
    tot = np.where(both, d1f + d2f, 1.0)
    w1 = np.where(both & (tot > 0), d2f / np.where(tot > 0, tot, 1.0), 1.0)
    kin = np.isfinite(s1) & np.isfinite(c1) & np.isfinite(s2) & np.isfinite(c2)
    lin_lat = la1 + (la2 - la1) * (1.0 - w1)
    lin_lon = lo1 + (lo2 - lo1) * (1.0 - w1)
    wm_lat = w1 * ea_lat + (1.0 - w1) * eb_lat
    wm_lon = w1 * ea_lon + (1.0 - w1) * eb_lon
    lat = np.where(both, np.where(kin, wm_lat, lin_lat), np.where(use_p, ea_lat, eb_lat))
    lon = np.where(both, np.where(kin, wm_lon, lin_lon), np.where(use_p, ea_lon, eb_lon))
    # velocity: the nearer report's, else implied between the two
    near_p = use_p & (~use_n | (d1 <= d2))
    sog = np.where(near_p, s1, s2)
    cog = np.where(near_p, c1, c2)
    dt12 = np.maximum(tr.t[inn] - tr.t[ip], 1.0)
    dy = (la2 - la1) * M_PER_DEG
    dx = (lo2 - lo1) * M_PER_DEG * np.cos(np.radians(la1))
    imp_kn = np.hypot(dx, dy) / dt12 / KN
    imp_cog = np.mod(np.degrees(np.arctan2(dx, dy)), 360.0)
    fill = both & (~np.isfinite(sog) | ~np.isfinite(cog))
    sog = np.where(fill, imp_kn, sog)
    cog = np.where(fill, imp_cog, cog)
    sog = np.nan_to_num(sog, nan=0.0)
    v = np.maximum(np.where(both, np.fmax(np.nan_to_num(s1, nan=0.0), np.nan_to_num(s2, nan=0.0)), sog),
                   np.where(both, imp_kn, 0.0)) * KN
    near = np.where(both, np.minimum(d1f, d2f), np.where(use_p, d1f, d2f))
    frac = np.where(both, p.interp_fraction, p.extrap_fraction)
    sigma_track = (frac * v + p.drift_m_s) * near
    # between two reports the vessel is inside the ellipse with foci at them and major axis = the
    # distance it can run (space-time prism, Hagerstrand 1970): a chord much shorter than that
    # distance means it turned (a trawler's zig-zag), and its semi-minor axis bounds the deviation
    run = v * (d1f + d2f)
    chord = np.hypot(dx, dy)
    half_minor = 0.5 * np.sqrt(np.maximum(run ** 2 - chord ** 2, 0.0))
    sigma_track = np.where(both, np.maximum(sigma_track, 0.5 * half_minor), sigma_track)
    return States(q, lat, lon, sog, np.nan_to_num(cog, nan=0.0), sigma_track, near, off, silence,
                  np.where(raw_p, ip, -1), np.where(raw_n, inn, -1), j)


def states_fast(tr: Tracks, t: float, p: Params, nodes: np.ndarray | None = None,
                hint: np.ndarray | None = None, after_out: np.ndarray | None = None) -> States:
    """:func:`states_at` by the compiled kernel (seasentry.detections._kernels); same results.
    ``after_out`` (length of ``nodes``) receives the report index after ``t`` of every node, also
    of those left out: the hint for the next, nearby time."""
    from ._kernels import states_kernel

    q = np.arange(tr.n_nodes, dtype=np.int64) if nodes is None else np.ascontiguousarray(nodes, np.int64)
    if len(tr.t) == 0 or len(q) == 0:
        return states_at(tr, t, p, q)
    h = np.ascontiguousarray(hint, np.int64) if hint is not None else np.zeros(0, np.int64)
    out = states_kernel(q, float(t), h, hint is not None, tr.start, tr.t, tr.lat, tr.lon, tr.sog, tr.cog,
                        float(p.max_gap_s), float(p.off_s), float(p.interp_fraction), float(p.extrap_fraction),
                        float(p.drift_m_s))
    keep = out[0]
    if after_out is not None:
        after_out[:] = out[-1]
    return States(q[keep], *(a[keep] for a in out[1:]))


def states_pass(tr: Tracks, t: float, p: Params, hint: np.ndarray) -> tuple[States, np.ndarray, np.ndarray]:
    """Every track at a pass time (:func:`states_fast` over all nodes, walked from ``hint``), with
    what :func:`states_scene` needs for the scenes of the pass: the report index after ``t`` of
    every node (also the hint for the next pass) and the reports around ``t`` (seasentry.
    detections._kernels.pass_kernel)."""
    return next(states_passes(tr, np.array([float(t)]), p, hint))


def states_passes(tr: Tracks, ts: np.ndarray, p: Params, hint: np.ndarray, rows: int = 524_288):
    """:func:`states_pass` at each pass time of ``ts`` (in time order), yielded in that order: the
    passes are computed in blocks by one call of seasentry.detections._kernels.passes_kernel, which
    reads each track's reports once for the whole block; a block holds at most ``rows`` (pass,
    track) states (about 170 bytes each), so memory does not grow with the number of passes."""
    from ._kernels import passes_kernel

    n = max(tr.n_nodes, 1)
    step = max(1, rows // n)
    h = np.ascontiguousarray(hint, np.int64)
    for b in range(0, len(ts), step):
        keep, val, off, prev, nxt, g_j, g = passes_kernel(
            np.ascontiguousarray(ts[b:b + step], float), h, tr.start, tr.rep, float(p.max_gap_s), float(p.off_s),
            float(p.interp_fraction), float(p.extrap_fraction), float(p.drift_m_s))
        for k in range(len(g_j)):
            kp = keep[k]
            q = np.flatnonzero(kp)
            v = val[k]
            yield (States(q, v[0][kp], v[1][kp], v[2][kp], v[3][kp], v[4][kp], v[5][kp], off[k][kp], v[6][kp],
                          prev[k][kp], nxt[k][kp], g_j[k][kp]), g_j[k], g[k])
        h = g_j[-1]


def states_scene(tr: Tracks, t: float, p: Params, nodes: np.ndarray, g_j: np.ndarray, g: np.ndarray) -> States:
    """:func:`states_fast` for ``nodes`` at a scene time of the pass of :func:`states_pass` (``g_j``,
    ``g``: its arrays): the same results, read mostly from the pass's reports."""
    from ._kernels import scene_kernel

    q = np.ascontiguousarray(nodes, np.int64)
    out = scene_kernel(q, float(t), g_j, g, tr.start, tr.rep, float(p.max_gap_s), float(p.off_s),
                       float(p.interp_fraction), float(p.extrap_fraction), float(p.drift_m_s))
    keep = out[0]
    return States(q[keep], *(a[keep] for a in out[1:]))


@dataclass
class Scenes:
    t: np.ndarray                       # image time, epoch s
    sensor: np.ndarray                  # int codes (SENSOR_CODES)
    heading: np.ndarray                 # satellite heading (deg) of SAR scenes, NaN otherwise
    bbox: np.ndarray                    # (S, 4) min_lon, min_lat, max_lon, max_lat (NaN: unknown)
    footprint: list                     # shapely geometries (lon/lat) or None


@dataclass
class Detections:
    scene: np.ndarray                   # int64 index into Scenes
    lat: np.ndarray
    lon: np.ndarray
    length: np.ndarray                  # NaN unknown
    active: np.ndarray                  # bool: to be matched (not rejected / infrastructure)


@dataclass
class Result:
    status: np.ndarray                  # per detection: 0 unmatched, 1 matched, 2 ambiguous, -1 inactive
    node: np.ndarray                    # matched node or -1
    score: np.ndarray
    distance: np.ndarray
    # candidate pairs (flat, sorted by detection then score desc)
    c_det: np.ndarray
    c_node: np.ndarray
    c_dist: np.ndarray
    c_sigma: np.ndarray
    c_report: np.ndarray
    c_score: np.ndarray
    c_why: np.ndarray
    c_other: np.ndarray                 # WHY_TAKEN: the detection that took the vessel
    # missed (flat)
    m_scene: np.ndarray
    m_node: np.ndarray
    m_lat: np.ndarray
    m_lon: np.ndarray
    m_sigma: np.ndarray
    m_report: np.ndarray
    # vessels with AIS off near each scene (for gap links): flat
    o_scene: np.ndarray
    o_node: np.ndarray
    o_prev: np.ndarray
    o_next: np.ndarray
    # expected positions of AIS-on vessels per scene (for 'alongside'): the candidate pairs carry them
    timings: dict = field(default_factory=dict)


def _local_xy(lat, lon, lat0, lon0):
    c = np.cos(np.radians(lat0))
    return (np.asarray(lon) - lon0) * M_PER_DEG * c, (np.asarray(lat) - lat0) * M_PER_DEG


def _nearest_outside(rows, dets, cache, p: Params, c_det, c_node, n_nodes, k: int = 3):
    """The k nearest vessels (within report_radius_m) of unmatched detections that are not already
    candidates: (det, node, distance, sigma, report_s, off, z_len) arrays, or None."""
    out = {x: [] for x in range(7)}
    have = np.sort(c_det * max(n_nodes, 1) + c_node)
    # the rows of each scene, in row order (a stable sort by scene instead of a mask per scene)
    sc = dets.scene[rows]
    o = np.argsort(sc, kind="stable")
    us, first = np.unique(sc[o], return_index=True)
    bounds = np.r_[first, len(o)]
    for u, s in enumerate(us):
        if int(s) not in cache:
            continue
        tree, node, sigma, rep, off, L, sensor, lat0, lon0 = cache[int(s)]
        r = rows[o[bounds[u]:bounds[u + 1]]]
        x, y = _local_xy(dets.lat[r], dets.lon[r], lat0, lon0)
        kk = min(k, len(node))
        dd, ii = tree.query(np.column_stack([x, y]), k=kk, distance_upper_bound=p.report_radius_m)
        dd, ii = dd.reshape(len(r), -1), ii.reshape(len(r), -1)
        hit = np.isfinite(dd)
        rr = np.repeat(r, kk).reshape(len(r), kk)[hit]
        jj = ii[hit]
        key = rr * max(n_nodes, 1) + node[jj]
        pos = np.clip(np.searchsorted(have, key), 0, max(len(have) - 1, 0))
        new = ~(have[pos] == key) if len(have) else np.ones(len(key), bool)
        rr, jj = rr[new], jj[new]
        for q, arr in enumerate((rr, node[jj], dd[hit][new], sigma[jj], rep[jj], off[jj],
                                 _zlen(dets.length[rr], L[jj], sensor, p))):
            out[q].append(arr)
    if not out[0]:
        return None
    return tuple(np.concatenate(out[q]) for q in range(7))


def _local_rank(group: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Dense rank (0, 1, ...) of ``key`` within each run of equal ``group`` (rows sorted by group)."""
    o = np.lexsort((key, group))
    g, k = group[o], key[o]
    new_group = np.r_[True, g[1:] != g[:-1]]
    new_key = new_group | np.r_[True, k[1:] != k[:-1]]
    dense = np.cumsum(new_key)
    first = np.maximum.accumulate(np.where(new_group, dense, 0))
    out = np.empty(len(key), np.int64)
    out[o] = dense - first
    return out


def _isin(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.isin(a, b)`` for int64 keys: ``b`` sorted once and ``a`` looked up by binary search
    (the same answer; numpy's isin sorts ``a`` and ``b`` together, slower here where ``a`` is the
    larger side)."""
    if not len(b) or not len(a):
        return np.zeros(len(a), bool)
    bs = np.sort(b)
    pos = np.searchsorted(bs, a)
    pos[pos == len(bs)] = len(bs) - 1
    return bs[pos] == a


def _group_max(idx: np.ndarray, val: np.ndarray, n: int) -> np.ndarray:
    """out[i] = max(val[idx == i]) (-inf where none), without ufunc.at."""
    out = np.full(n, -np.inf)
    if len(idx):
        o = np.argsort(idx, kind="stable")
        si = idx[o]
        starts = np.flatnonzero(np.r_[True, si[1:] != si[:-1]])
        out[si[starts]] = np.maximum.reduceat(val[o], starts)
    return out


def _zlen(Ld, La, sensor: int, p: Params) -> np.ndarray:
    """Length disagreement in sigmas (0 when a length is unknown). SAR: the length model fitted on
    RADARSAT-2 matches; other sensors: unbiased."""
    sar = sensor == SENSOR_CODES["sar"]
    a_, b_, s_log = (p.length_a, p.length_b, p.length_s_sar) if sar else (0.0, 1.0, p.length_s_other)
    with np.errstate(divide="ignore", invalid="ignore"):
        zl = (np.log(Ld) - (a_ + b_ * np.log(La))) / s_log
    return np.where(np.isfinite(zl), zl, 0.0)


def _passes(t: np.ndarray, gap_s: float = 600.0) -> np.ndarray:
    """Group scenes into passes: sorted times split where consecutive scenes are > gap_s apart."""
    order = np.argsort(t, kind="stable")
    ts = t[order]
    new = np.ones(len(ts), bool)
    new[1:] = np.diff(ts) > gap_s
    g = np.cumsum(new) - 1
    out = np.empty(len(t), np.int64)
    out[order] = g
    return out


def match(dets: Detections, scenes: Scenes, tr: Tracks, p: Params, timings: dict | None = None) -> Result:
    """Match detections to AIS vessel tracks, scene by scene (see the module docstring)."""
    import time

    from scipy.spatial import cKDTree

    tm = timings if timings is not None else {}
    t_start = time.perf_counter()
    n = len(dets.lat)
    S = len(scenes.t)
    sig_sensor = np.asarray(p.sigma_sensor_m, float)
    pass_of = _passes(scenes.t) if S else np.zeros(0, np.int64)
    det_order = np.argsort(dets.scene, kind="stable")
    det_bounds = np.searchsorted(dets.scene[det_order], np.arange(S + 1))
    pairs = {k: [] for k in ("det", "node", "dist", "sigma", "report", "zlen", "off", "scene", "outside")}
    scene_cache: dict = {}
    missed = {k: [] for k in ("scene", "node", "lat", "lon", "sigma", "report", "x", "y", "fp")}
    offs = {k: [] for k in ("scene", "node", "prev", "next")}
    length_node = tr.length
    # a vessel whose position is more uncertain than this cannot reach min_score even at distance 0
    # (LR <= 1 / (2 pi sigma^2 density)): no need to search for it beyond the listing of nearest vessels
    lr_min = p.min_score / max(1.0 - p.min_score, 1e-12)
    sigma_useful = float(np.sqrt(1.0 / (2.0 * np.pi * p.dark_density_m2 * max(lr_min, 1e-12)))) \
        if p.method != "radius" else p.radius_m
    t_states = t_query = 0.0
    after_all = tr.start[:-1].copy()   # walking hints: each track's first report before the first pass
    use_pass = len(tr.t) > 0 and tr.n_nodes > 0
    g_j = g_rep = None
    pass_ids = np.unique(pass_of)     # in time order (_passes numbers them so)
    pass_t = np.array([float(np.mean(scenes.t[pass_of == g])) for g in pass_ids])
    # every track at each pass time, walked from where the previous (earlier) pass left it; the
    # reports around the pass time are kept for the scenes of the pass (states_scene)
    t0 = time.perf_counter()
    pass_states = states_passes(tr, pass_t, p, after_all) if use_pass else None
    t_states += time.perf_counter() - t0
    for g, tp in zip(pass_ids, pass_t):
        sc_idx = np.flatnonzero(pass_of == g)
        t0 = time.perf_counter()
        if use_pass:
            st_pass, g_j, g_rep = next(pass_states)
        else:
            st_pass = states_fast(tr, tp, p, hint=after_all)
        t_states += time.perf_counter() - t0
        if len(st_pass.node) == 0:
            continue
        # how far from a scene each vessel may be and still matter: its search radius (a bound on
        # its uncertainty there), the azimuth shift, and what it runs between the pass and scene times
        span = float(np.max(np.abs(scenes.t[sc_idx] - tp)))
        v_pass = np.maximum(st_pass.sog, 1.0) * KN
        sig_bound = np.minimum(np.sqrt(float(sig_sensor.max()) ** 2 + p.ais_sigma_m ** 2 + (p.size_fraction * 500.0) ** 2
                                       + (v_pass * p.time_sigma_s) ** 2 + (st_pass.sigma_track + p.drift_m_s * span
                                                                         + v_pass * span) ** 2), p.max_sigma_m)
        reach_m = np.maximum(p.gate * np.minimum(sig_bound, sigma_useful), p.report_radius_m) \
            + p.r_over_v_s * v_pass + v_pass * span + 1000.0
        reach_lat = reach_m / M_PER_DEG
        reach_lon = reach_lat / np.maximum(np.cos(np.radians(st_pass.lat)), 0.1)
        for s in sc_idx:
            t0 = time.perf_counter()
            ds = det_order[det_bounds[s]:det_bounds[s + 1]]
            has_fp = scenes.footprint[s] is not None
            if not len(ds) and not has_fp:
                continue
            b = scenes.bbox[s]
            if not np.all(np.isfinite(b)):
                b = np.array([dets.lon[ds].min(), dets.lat[ds].min(), dets.lon[ds].max(), dets.lat[ds].max()])
            near = ((st_pass.lat >= b[1] - reach_lat) & (st_pass.lat <= b[3] + reach_lat)
                    & (st_pass.lon >= b[0] - reach_lon) & (st_pass.lon <= b[2] + reach_lon))
            if len(ds):  # and the detections' own extent (a footprint may be wrong or partial)
                db_ = [dets.lon[ds].min(), dets.lat[ds].min(), dets.lon[ds].max(), dets.lat[ds].max()]
                near |= ((st_pass.lat >= db_[1] - reach_lat) & (st_pass.lat <= db_[3] + reach_lat)
                         & (st_pass.lon >= db_[0] - reach_lon) & (st_pass.lon <= db_[2] + reach_lon))
            if abs(scenes.t[s] - tp) <= 1e-6:
                st = st_pass.take(near)
            elif use_pass:
                st = states_scene(tr, float(scenes.t[s]), p, st_pass.node[near], g_j, g_rep)
            else:
                st = states_fast(tr, float(scenes.t[s]), p, st_pass.node[near], hint=st_pass.after[near])
            t_states += time.perf_counter() - t0
            if len(st.node) == 0:
                continue
            t0 = time.perf_counter()
            b = scenes.bbox[s]
            if np.all(np.isfinite(b)):
                lat0, lon0 = (b[1] + b[3]) / 2, (b[0] + b[2]) / 2
            else:
                lat0, lon0 = float(np.mean(dets.lat[ds])), float(np.mean(dets.lon[ds]))
            sensor = int(scenes.sensor[s])
            # expected image position (SAR: azimuth shift)
            if sensor == SENSOR_CODES["sar"] and np.isfinite(scenes.heading[s]):
                de, dn = azimuth_shift_m(st.sog, st.cog, np.full(len(st.node), scenes.heading[s]), p.r_over_v_s,
                                         p.incidence_deg)
            else:
                de = dn = np.zeros(len(st.node))
            x, y = _local_xy(st.lat, st.lon, lat0, lon0)
            x, y = x + de, y + dn
            shift = np.hypot(de, dn)
            L = length_node[st.node]
            v = st.sog * KN
            base = (sig_sensor[sensor] ** 2 + p.ais_sigma_m ** 2 + (p.size_fraction * np.nan_to_num(L, nan=0.0)) ** 2
                    + (v * p.time_sigma_s) ** 2 + st.sigma_track ** 2 + (p.azimuth_fraction * shift) ** 2)
            sigma = np.minimum(np.sqrt(base), p.max_sigma_m)
            radius = p.radius_m if p.method == "radius" else np.maximum(p.gate * sigma, p.radius_m)
            # ---- missed candidates: AIS on, recent report, well inside the footprint
            if has_fp:
                ok = ~st.off & (st.report_s <= p.missed_max_report_s)
                if ok.any():
                    missed["scene"].append(np.full(int(ok.sum()), s))
                    for k_, arr in (("node", st.node), ("lat", st.lat), ("lon", st.lon), ("sigma", sigma),
                                    ("report", st.report_s), ("x", x - de), ("y", y - dn)):
                        missed[k_].append(arr[ok])
                    missed["fp"].append(np.full(int(ok.sum()), s))
            # ---- vessels with AIS off (gap links)
            if st.off.any():
                o = st.off
                offs["scene"].append(np.full(int(o.sum()), s))
                offs["node"].append(st.node[o])
                offs["prev"].append(st.prev[o])
                offs["next"].append(st.nxt[o])
            act = ds[dets.active[ds]]
            if not len(act):
                t_query += time.perf_counter() - t0
                continue
            dx, dy = _local_xy(dets.lat[act], dets.lon[act], lat0, lon0)
            dxy = np.column_stack([dx, dy])
            xy = np.column_stack([x, y])
            k = min(p.k, len(st.node))
            # tier 1 (fast path): every vessel within radius_m, one fixed-radius query
            tree = cKDTree(xy)
            scene_cache[s] = (tree, st.node, sigma, st.report_s, st.off, L, sensor, lat0, lon0)
            dd, ii = tree.query(dxy, k=k, distance_upper_bound=p.radius_m)
            dd, ii = np.atleast_2d(dd.reshape(len(act), -1)), np.atleast_2d(ii.reshape(len(act), -1))
            hit = np.isfinite(dd)
            rows = np.repeat(np.arange(len(act)), k).reshape(len(act), k)
            pi, pj, pd = rows[hit], ii[hit], dd[hit]
            inside = np.ones(len(pi), bool)
            # tier 2: vessels whose search radius (gate x sigma) exceeds radius_m, in their own tree
            if p.method != "radius":
                big = np.flatnonzero((radius > p.radius_m) & (sigma <= sigma_useful))
                if len(big):
                    t2 = cKDTree(xy[big])
                    k2 = min(p.k, len(big))
                    d2, i2 = t2.query(dxy, k=k2, distance_upper_bound=float(radius[big].max()))
                    d2, i2 = d2.reshape(len(act), -1), i2.reshape(len(act), -1)
                    h2 = np.isfinite(d2)
                    r2 = np.repeat(np.arange(len(act)), k2).reshape(len(act), k2)
                    j2 = big[np.where(h2, i2, 0)[h2]]
                    in2 = d2[h2] <= radius[j2]
                    nn = len(st.node)
                    new = ~_isin(r2[h2] * nn + j2, pi * nn + pj)
                    pi = np.concatenate([pi, r2[h2][new]])
                    pj = np.concatenate([pj, j2[new]])
                    pd = np.concatenate([pd, d2[h2][new]])
                    inside = np.concatenate([inside, in2[new]])
            pairs["det"].append(act[pi])
            pairs["node"].append(st.node[pj])
            pairs["dist"].append(pd)
            pairs["sigma"].append(sigma[pj])
            pairs["report"].append(st.report_s[pj])
            pairs["off"].append(st.off[pj])
            pairs["scene"].append(np.full(len(pi), s))
            pairs["outside"].append(~inside)
            pairs["zlen"].append(_zlen(dets.length[act][pi], L[pj], sensor, p))
            t_query += time.perf_counter() - t0
    tm["states"] = t_states
    tm["candidates"] = t_query
    t0 = time.perf_counter()
    cat = {k: (np.concatenate(v) if v else np.zeros(0)) for k, v in pairs.items()}
    c_det = cat["det"].astype(np.int64)
    c_node = cat["node"].astype(np.int64)
    c_scene = cat["scene"].astype(np.int64)
    c_dist = cat["dist"].astype(float)
    c_sigma = cat["sigma"].astype(float)
    c_off = cat["off"].astype(bool)
    c_out = cat["outside"].astype(bool)
    zl = cat["zlen"].astype(float)
    if p.method == "radius":
        c_score = np.clip(1.0 - c_dist / p.radius_m, 0.0, 1.0)
        c_lr = np.maximum(c_score, 1e-300)
        far = c_dist > p.radius_m
        lenbad = np.zeros(len(c_det), bool)
        low = np.zeros(len(c_det), bool)
    else:
        zp = c_dist / np.maximum(c_sigma, 1e-9)
        c_lr = np.exp(-0.5 * (zp ** 2 + zl ** 2)) / (2.0 * np.pi * np.maximum(c_sigma, 1e-9) ** 2) / p.dark_density_m2
        c_score = c_lr / (1.0 + c_lr)
        far = zp > p.gate
        lenbad = np.abs(zl) > p.length_gate
        low = c_score < p.min_score
    # what a pair adds to the joint log-likelihood against "no AIS vessel" (>= 0 for a valid pair)
    gain = np.log(np.maximum(c_lr, 1e-300)) if p.method != "radius" else c_score
    why = np.full(len(c_det), -1, np.int64)
    why[c_off] = WHY_OFF
    why[(why < 0) & c_out] = WHY_OUTSIDE
    why[(why < 0) & far] = WHY_FAR
    why[(why < 0) & lenbad] = WHY_LENGTH
    why[(why < 0) & low] = WHY_LOW
    valid = why < 0
    tm["score"] = time.perf_counter() - t0

    # ---- one-to-one assignment per scene (candidate ids are (scene, node))
    t0 = time.perf_counter()
    status = np.where(dets.active, 0, -1).astype(np.int64)
    node_of = np.full(n, -1, np.int64)
    score_of = np.full(n, np.nan)
    dist_of = np.full(n, np.nan)
    vi = np.flatnonzero(valid)
    assigned_pair = np.zeros(len(c_det), bool)
    # dense ids of (scene, vessel): the candidate nodes of the one-to-one assignment
    uc_all, cid_all = np.unique(c_scene * max(tr.n_nodes, 1) + c_node, return_inverse=True)
    cid_all = cid_all.reshape(-1)
    if len(vi):
        uc, cidx = np.unique(cid_all[vi], return_inverse=True)
        ud, didx = np.unique(c_det[vi], return_inverse=True)
        nd, nc = len(ud), len(uc)
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components
        g = coo_matrix((np.ones(len(vi)), (didx, nd + cidx)), shape=(nd + nc, nd + nc))
        ncomp, lab = connected_components(g, directed=False)
        comp = lab[didx]
        dcount = np.bincount(lab[:nd], minlength=ncomp)
        ccount = np.bincount(lab[nd:], minlength=ncomp)
        single = (dcount[comp] == 1) & (ccount[comp] == 1)
        assigned_pair[vi[single]] = True
        multi = np.flatnonzero(~single)
        if len(multi):
            from scipy.optimize import linear_sum_assignment
            order = np.argsort(comp[multi], kind="stable")
            mi = multi[order]
            mc = comp[mi]
            bounds = np.r_[0, np.flatnonzero(np.diff(mc)) + 1, len(mi)]
            # local row / column numbers of every pair inside its component, computed at once
            ld = _local_rank(mc, didx[mi])
            lc = _local_rank(mc, cidx[mi])
            g_nd = np.maximum.reduceat(ld, bounds[:-1]) + 1
            g_nc = np.maximum.reduceat(lc, bounds[:-1]) + 1
            mg = gain[vi[mi]]
            # small components (most: two detections and two vessels, or one and two) are solved by
            # enumeration in one compiled pass; ties, larger components and the rest by the solver
            from ._kernels import assign_small
            chosen, to_solver = assign_small(bounds.astype(np.int64), ld, lc, np.ascontiguousarray(mg, float),
                                             g_nd.astype(np.int64), g_nc.astype(np.int64), 4, 6, 1e-9)
            assigned_pair[vi[mi[chosen]]] = True
            for k in np.flatnonzero(to_solver):
                a, b = bounds[k], bounds[k + 1]
                nd_, nc_ = int(g_nd[k]), int(g_nc[k])
                # one column per vessel plus one "no AIS vessel" column per detection (gain 0): the
                # most likely joint assignment may leave a detection dark rather than force a match
                cost = np.full((nd_, nc_ + nd_), 1e6)
                cost[ld[a:b], lc[a:b]] = -mg[a:b]
                cost[np.arange(nd_), nc_ + np.arange(nd_)] = 0.0
                r, c = linear_sum_assignment(cost)
                ok = c < nc_
                if ok.any():
                    # the pair of each chosen (row, column)
                    pos = np.full((nd_, nc_), -1, np.int64)
                    pos[ld[a:b], lc[a:b]] = np.arange(a, b)
                    q = pos[r[ok], c[ok]]
                    assigned_pair[vi[mi[q[q >= 0]]]] = True
    ap = np.flatnonzero(assigned_pair)
    node_of[c_det[ap]] = c_node[ap]
    score_of[c_det[ap]] = c_score[ap]
    dist_of[c_det[ap]] = c_dist[ap]
    status[c_det[ap]] = 1
    why[ap] = WHY_MATCHED
    tm["assign"] = time.perf_counter() - t0

    # ---- reasons of the other valid pairs, ambiguity
    t0 = time.perf_counter()
    other = np.full(len(c_det), -1, np.int64)
    if len(ap):
        # who took each (scene, node)
        took_det = np.full(len(uc_all), -1, np.int64)
        took_lr = np.full(len(uc_all), -np.inf)
        took_det[cid_all[ap]] = c_det[ap]
        took_lr[cid_all[ap]] = c_lr[ap]
        taker = took_det[cid_all]
        taken = taker >= 0
        taker_lr = took_lr[cid_all]
        rest = valid & ~assigned_pair
        tk = rest & taken & (taker != c_det)
        why[tk] = WHY_TAKEN
        other[tk] = taker[tk]
        why[rest & ~tk] = WHY_LOWER
        lr_of = np.full(n, np.nan)
        lr_of[c_det[ap]] = c_lr[ap]
        # ambiguous: a free alternative vessel (or one its taker fits less well) close to the match
        free_alt = rest & (~taken | (taker_lr < c_lr))
        alt_d = _group_max(c_det[free_alt], c_lr[free_alt], n)
        amb = np.zeros(n, bool)
        m1 = status == 1
        amb[m1] = alt_d[m1] >= p.ambiguity_ratio * lr_of[m1]
        # ... or a detection left unmatched that this vessel fits nearly as well
        unm = rest & (status[c_det] == 0) & taken
        best_unm = _group_max(taker[unm], c_lr[unm], n)
        amb[m1] |= best_unm[m1] >= p.ambiguity_ratio * lr_of[m1]
        status[amb & m1] = 2
    else:
        why[valid] = WHY_LOWER
    # unmatched detections: also list the nearest vessels outside every search radius (why not them)
    un = np.flatnonzero((status == 0) & dets.active)
    if len(un):
        extra = _nearest_outside(un, dets, scene_cache, p, c_det, c_node, tr.n_nodes)
        if extra is not None:
            e_det, e_node, e_dist, e_sig, e_rep, e_off, e_zl = extra
            zp = e_dist / np.maximum(e_sig, 1e-9)
            e_lr = np.exp(-0.5 * (zp ** 2 + e_zl ** 2)) / (2.0 * np.pi * np.maximum(e_sig, 1e-9) ** 2) / p.dark_density_m2
            c_det = np.concatenate([c_det, e_det])
            c_node = np.concatenate([c_node, e_node])
            c_dist = np.concatenate([c_dist, e_dist])
            c_sigma = np.concatenate([c_sigma, e_sig])
            cat["report"] = np.concatenate([cat["report"].astype(float), e_rep])
            c_score = np.concatenate([c_score, e_lr / (1.0 + e_lr)])
            why = np.concatenate([why, np.where(e_off, WHY_OFF, np.where(
                e_dist <= p.gate * e_sig, WHY_LOW, WHY_OUTSIDE))])
            other = np.concatenate([other, np.full(len(e_det), -1, np.int64)])
            c_scene = np.concatenate([c_scene, np.full(len(e_det), -1, np.int64)])
    # order candidates: by detection, then score (one float key: scores are in [0, 1])
    o = np.argsort(c_det * 2.0 + (1.0 - c_score), kind="stable")
    tm["reasons"] = time.perf_counter() - t0

    # ---- missed: AIS-on vessels inside a footprint that no detection of the scene took
    t0 = time.perf_counter()
    mc = {k: (np.concatenate(v) if v else np.zeros(0)) for k, v in missed.items()}
    m_scene = mc["scene"].astype(np.int64)
    m_node = mc["node"].astype(np.int64)
    keep = np.zeros(len(m_scene), bool)
    if len(m_scene):
        import shapely

        K = max(tr.n_nodes, 1)
        not_taken = ~_isin(m_scene * K + m_node, c_scene[ap] * K + c_node[ap])
        mo = np.argsort(m_scene, kind="stable")
        ms, mfirst = np.unique(m_scene[mo], return_index=True)
        mbounds = np.r_[mfirst, len(mo)]
        for u, s in enumerate(ms):
            sel = mo[mbounds[u]:mbounds[u + 1]]       # the scene's rows in row order
            sel = sel[not_taken[sel]]
            if not len(sel):
                continue
            fp = scenes.footprint[s]
            b = scenes.bbox[s]
            lat0, lon0 = (b[1] + b[3]) / 2, (b[0] + b[2]) / 2
            c = np.cos(np.radians(lat0))
            fpm = shapely.transform(fp, lambda xy: np.column_stack([(xy[:, 0] - lon0) * M_PER_DEG * c,
                                                                    (xy[:, 1] - lat0) * M_PER_DEG]))
            xx, yy = mc["x"][sel], mc["y"][sel]
            sg = mc["sigma"][sel]
            # most are well inside: one containment test in the footprint shrunk by the margin plus
            # 2 km; the distance to the edge only for the others still inside
            sure = shapely.contains_xy(shapely.buffer(fpm, -(p.missed_margin_m + 2000.0)), xx, yy) & (sg <= 1000.0)
            rest_ = np.flatnonzero(~sure & shapely.contains_xy(fpm, xx, yy))
            ok = sure.copy()
            if len(rest_):
                dist = shapely.distance(shapely.boundary(fpm), shapely.points(xx[rest_], yy[rest_]))
                ok[rest_] = dist >= p.missed_margin_m + 2.0 * sg[rest_]
            keep[sel] = ok
    tm["missed"] = time.perf_counter() - t0
    oc = {k: (np.concatenate(v) if v else np.zeros(0, np.int64)) for k, v in offs.items()}
    tm["total"] = time.perf_counter() - t_start
    return Result(status=status, node=node_of, score=score_of, distance=dist_of,
                  c_det=c_det[o], c_node=c_node[o], c_dist=c_dist[o], c_sigma=c_sigma[o],
                  c_report=cat["report"].astype(float)[o], c_score=c_score[o], c_why=why[o], c_other=other[o],
                  m_scene=m_scene[keep], m_node=m_node[keep], m_lat=mc["lat"][keep], m_lon=mc["lon"][keep],
                  m_sigma=mc["sigma"][keep], m_report=mc["report"][keep],
                  o_scene=oc["scene"].astype(np.int64), o_node=oc["node"].astype(np.int64),
                  o_prev=oc["prev"].astype(np.int64), o_next=oc["next"].astype(np.int64), timings=tm)
