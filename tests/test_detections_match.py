"""The matching kernel (seasentry.detections.match) and its context helpers: SAR geometry against the
formula, interpolation and uncertainty, AIS-off vessels, the one-to-one assignment against brute
force, the radius tier, missed vessels, infrastructure by repetition, possible tracks."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import shapely
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from seasentry.config import Config
from seasentry.detections import context as C
from seasentry.detections.match import (KN, M_PER_DEG, WHY_MATCHED, WHY_OFF, WHY_TAKEN, Detections, Params, Scenes,
                                        Tracks, match, states_at)
from seasentry.detections.sar import azimuth_shift_m, pass_direction, track_heading_deg


def test_azimuth_shift_follows_the_formula():
    # a ship moving straight away from a right-looking radar on a satellite heading north (0 deg):
    # look direction 90 deg (east); v_r = v sin(incidence); shift = -(R/V) v_r along the track
    v_kn, inc, rv = 10.0, 37.0, 115.0
    de, dn = azimuth_shift_m(np.array([v_kn]), np.array([90.0]), np.array([0.0]), rv, inc)
    expected = -rv * v_kn * KN * np.sin(np.radians(inc))
    assert de[0] == pytest.approx(0.0, abs=1e-9) and dn[0] == pytest.approx(expected)
    assert dn[0] < 0                     # moving away: behind, against the direction of flight
    de, dn = azimuth_shift_m(np.array([v_kn]), np.array([270.0]), np.array([0.0]), rv, inc)
    assert dn[0] == pytest.approx(-expected)  # moving toward the radar: ahead
    de, dn = azimuth_shift_m(np.array([v_kn]), np.array([0.0]), np.array([0.0]), rv, inc)
    assert abs(de[0]) + abs(dn[0]) < 1e-9   # along the track: no shift
    # no satellite heading (optical, unknown): no shift
    assert azimuth_shift_m(np.array([10.0]), np.array([90.0]), np.array([np.nan]), rv, inc)[1][0] == 0.0


def test_sun_synchronous_pass_geometry():
    # 17:05 UTC at 13 E is 17:57 local: an ascending (dusk) pass; 05:05 UTC descending
    t_asc = 1714583100.0  # 2024-05-01T17:05:00Z
    t_desc = 1714539900.0  # 2024-05-01T05:05:00Z
    assert pass_direction(np.array([t_asc]), np.array([13.0]))[0] == "ascending"
    assert pass_direction(np.array([t_desc]), np.array([13.0]))[0] == "descending"
    asc, desc = track_heading_deg(35.0, True), track_heading_deg(35.0, False)
    assert 343 < asc < 351 and 189 < desc < 197       # Sentinel-1 over the Central Med
    assert track_heading_deg(0.0, True) > 340          # steeper at the equator


def _tracks(ts, lats, lons, sogs=None, cogs=None, lengths=None):
    """Tracks from lists per vessel."""
    node, t, la, lo, sg, cg = [], [], [], [], [], []
    for k, (tt, a, b) in enumerate(zip(ts, lats, lons)):
        n = len(tt)
        node += [k] * n
        t += list(tt)
        la += list(a)
        lo += list(b)
        sg += list(sogs[k]) if sogs else [np.nan] * n
        cg += list(cogs[k]) if cogs else [np.nan] * n
    K = len(ts)
    return Tracks(node=np.array(node, np.int64), t=np.array(t, float), lat=np.array(la), lon=np.array(lo),
                  sog=np.array(sg, float), cog=np.array(cg, float), mmsi=np.arange(K, dtype=np.int64) + 100_000_000,
                  length=np.array(lengths if lengths else [np.nan] * K, float))


def test_interpolation_extrapolation_and_off():
    p = Params()
    v = 10.0 * KN / M_PER_DEG  # deg of latitude per second at 10 kn
    T = np.arange(0, 3600, 600.0)
    tr = _tracks([T, T[:2], [0.0, 8 * 3600.0]], [35 + v * T, 35 + v * T[:2], [36.0, 36.0]], [np.full(6, 14.0),
                 np.full(2, 14.5), [15.0, 15.0]], sogs=[np.full(6, 10.0), np.full(2, 10.0), [0.0, 0.0]],
                 cogs=[np.zeros(6), np.zeros(2), [0.0, 0.0]])
    st_ = states_at(tr, 1500.0, p)
    by = {int(n): i for i, n in enumerate(st_.node)}
    i0 = by[0]
    assert st_.lat[i0] == pytest.approx(35 + v * 1500.0, abs=1e-9)       # straight line: exact
    assert st_.report_s[i0] == pytest.approx(300.0) and not st_.off[i0]
    i1 = by[1]                                                           # one side: extrapolated 900 s
    assert st_.lat[i1] == pytest.approx(35 + v * 1500.0, abs=1e-6)
    assert st_.sigma_track[i1] > st_.sigma_track[i0]                      # one side is less sure
    assert st_.off[by[2]]                                                 # 8 h silence around t: AIS off
    # uncertainty grows with the time to the nearest report
    later = states_at(tr, 3000.0, p, np.array([1]))
    assert later.sigma_track[0] > st_.sigma_track[i1]


def test_zigzag_prism_bound():
    """A trawler that turned between two reports (chord much shorter than the run) gets a wider
    uncertainty than a straight runner with the same gap."""
    p = Params()
    tr = _tracks([[0.0, 1200.0], [0.0, 1200.0]], [[35.0, 35.0], [35.0, 35.0 + 1200 * 4 * KN / M_PER_DEG]],
                 [[14.0, 14.0005], [14.5, 14.5]], sogs=[[4.0, 4.0], [4.0, 4.0]], cogs=[[0.0, 180.0], [0.0, 0.0]])
    s = states_at(tr, 600.0, p)
    assert s.sigma_track[0] > 1.3 * s.sigma_track[1]


def _scene(t, fp=None, heading=np.nan, sensor=0):
    b = np.array([shapely.bounds(fp)]) if fp is not None else np.full((1, 4), np.nan)
    return Scenes(t=np.array([t]), sensor=np.array([sensor]), heading=np.array([heading]), bbox=b, footprint=[fp])


def test_match_missed_off_and_reasons():
    p = Params()
    T = np.arange(0, 7200, 60.0)
    v = 10 * KN / M_PER_DEG
    # vessel 0 and 1 moving north 0.02 deg apart; vessel 2 silent 8 h around the image; vessel 3 not detected
    tr = _tracks([T, T, np.array([0.0, 30000.0]), T],
                 [35 + v * T, 35.02 + v * T, [35.3, 35.3], np.full(len(T), 35.4)],
                 [np.full(len(T), 14.0), np.full(len(T), 14.0), [14.1, 14.1], np.full(len(T), 14.3)],
                 sogs=[np.full(len(T), 10.0)] * 2 + [[0.0, 0.0], np.zeros(len(T))],
                 cogs=[np.zeros(len(T))] * 2 + [[0.0, 0.0], np.zeros(len(T))], lengths=[50, 120, 80, 60])
    t = 3630.0
    s0 = states_at(tr, t, p)
    fp = shapely.box(13.5, 34.5, 14.8, 35.8)
    sc = _scene(t, fp, heading=np.nan, sensor=1)
    d = Detections(scene=np.zeros(4, np.int64), lat=np.array([s0.lat[0], s0.lat[1], 35.3, 35.0]),
                   lon=np.array([14.0, 14.0, 14.1, 14.6]), length=np.array([52.0, 110.0, 80.0, 10.0]),
                   active=np.ones(4, bool))
    r = match(d, sc, tr, p)
    assert r.status.tolist() == [1, 1, 0, 0]
    assert r.node.tolist()[:2] == [0, 1]
    assert r.m_node.tolist() == [3]                     # in the footprint, reporting, undetected: missed
    assert 3 not in r.node                              # ... and never a match
    w = {(int(a), int(b)): int(c) for a, b, c in zip(r.c_det, r.c_node, r.c_why)}
    assert w[(2, 2)] == WHY_OFF                          # the silent vessel is listed, AIS off
    assert w[(0, 0)] == WHY_MATCHED
    assert len(r.o_node) and set(r.o_node.tolist()) == {2}


@settings(max_examples=examples(40), deadline=None)
@given(seed=st.integers(0, 10_000), nd=st.integers(1, 4), nv=st.integers(1, 4))
def test_assignment_is_the_most_likely_one_to_one(seed, nd, nv):
    """Differential: the kernel's assignment maximises the product of likelihood ratios over all
    one-to-one assignments (brute force over every injection), within the gates."""
    rng = np.random.default_rng(seed)
    p = Params(min_score=0.5)
    T = np.array([0.0, 600.0])
    lats = [35 + rng.uniform(0, 0.01, 1) + np.zeros(2) for _ in range(nv)]
    lons = [14 + rng.uniform(0, 0.01, 1) + np.zeros(2) for _ in range(nv)]
    tr = _tracks([T] * nv, lats, lons, sogs=[[0.0, 0.0]] * nv, cogs=[[0.0, 0.0]] * nv)
    dl = 35 + rng.uniform(0, 0.01, nd)
    do = 14 + rng.uniform(0, 0.01, nd)
    d = Detections(scene=np.zeros(nd, np.int64), lat=dl, lon=do, length=np.full(nd, np.nan), active=np.ones(nd, bool))
    r = match(d, _scene(300.0), tr, p)
    # likelihood ratio of every pair as the kernel computes it
    lr = {}
    for a, b, sc in zip(r.c_det, r.c_node, r.c_score):
        if sc >= p.min_score:
            lr[(int(a), int(b))] = sc / (1 - sc) if sc < 1 else 1e300
    best = 0.0
    for k in range(0, min(nd, nv) + 1):
        for dets in itertools.combinations(range(nd), k):
            for ves in itertools.permutations(range(nv), k):
                if all((a, b) in lr for a, b in zip(dets, ves)):
                    best = max(best, sum(np.log(lr[(a, b)]) for a, b in zip(dets, ves)))
    got = sum(np.log(lr[(i, int(r.node[i]))]) for i in range(nd) if r.node[i] >= 0)
    # the kernel assigns within connected components by Hungarian: same optimum, and every
    # unassigned valid pair has a reason
    assert got == pytest.approx(best, rel=1e-9, abs=1e-9)
    assert len(set(r.node[r.node >= 0].tolist())) == int((r.node >= 0).sum())   # one-to-one


def test_radius_method_and_taken_vessel():
    p = Params(method="radius", radius_m=1500.0)
    T = np.array([0.0, 600.0])
    tr = _tracks([T], [[35.0, 35.0]], [[14.0, 14.0]], sogs=[[0.0, 0.0]], cogs=[[0.0, 0.0]])
    off = 1000.0 / M_PER_DEG
    d = Detections(scene=np.zeros(3, np.int64), lat=np.array([35.0 + off, 35.0 + off / 10, 35.0 + 2 * off]),
                   lon=np.array([14.0, 14.0, 14.0]), length=np.full(3, np.nan), active=np.ones(3, bool))
    r = match(d, _scene(300.0), tr, p)
    # the nearest within 1,500 m; the other detection 1 km from the vessel makes it ambiguous
    assert r.status.tolist() == [0, 2, 0] and r.node[1] == 0
    w = {int(a): int(c) for a, b, c in zip(r.c_det, r.c_node, r.c_why)}
    assert w[0] == WHY_TAKEN


def test_repeated_spots_and_dark_tracks():
    # a fixed object in 3 passes over 2 days, plus a boat moving north at 6 kn seen in 3 passes
    day = 86400.0
    lat = np.array([34.6, 34.6005, 34.5998, 33.5, 33.5 + 6 * 1852 * 5 / M_PER_DEG, 33.5 + 6 * 1852 * 12 / M_PER_DEG])
    lon = np.array([13.95, 13.9502, 13.9497, 12.5, 12.5, 12.5])
    t = np.array([0.0, day, 1.5 * day, 0.0, 5 * 3600.0, 12 * 3600.0])
    passes = np.array([0, 1, 2, 0, 3, 4])
    lab, npass, span = C.repeated_spots(lat, lon, t, passes, 250.0)
    assert npass[:3].tolist() == [3, 3, 3] and span[0] == pytest.approx(36.0)
    assert npass[3:].tolist() == [1, 1, 1]
    tl, size = C.dark_tracks(lat[3:], lon[3:], t[3:], passes[3:], 8.0, 15.0, 2.0)
    assert size.tolist() == [3, 3, 3] and len(set(tl.tolist())) == 1
    # too fast to be the same boat: no track
    tl, size = C.dark_tracks(np.array([33.5, 35.5]), np.array([12.5, 12.5]), np.array([0.0, 3600.0]),
                             np.array([0, 1]), 8.0, 15.0, 2.0)
    assert size.tolist() == [1, 1]


def test_target_ids_are_negative_and_stable():
    a = C.target_id("S1-20240501T050500-00013")
    assert a < 0 and a == C.target_id("S1-20240501T050500-00013") and abs(a) < 2 ** 53
    assert C.ship_kind(80) == "tanker" and C.ship_kind(None) == "unknown"


def test_params_from_config_and_settings_have_sources():
    cfg = Config.load(overrides=["detections.radius_m=900", "detections.method=radius"])
    p = Params.from_config(cfg)
    assert p.radius_m == 900 and p.method == "radius"
    rows = [r for r in Config().describe() if r["setting"].startswith("detections.")]
    assert len(rows) > 30 and all(r["source"] and r["unit"] and r["doc"] for r in rows)


@settings(max_examples=examples(30), deadline=None)
@given(seed=st.integers(0, 100_000), nv=st.integers(1, 30), t=st.floats(-3600, 90_000))
def test_compiled_states_equal_the_numpy_reference(seed, nv, t):
    """Differential: the numba kernel gives the NumPy reference's states (positions, speeds,
    uncertainties, AIS-off, neighbours), with and without a hint from a nearby time."""
    from seasentry.detections.match import states_fast

    rng = np.random.default_rng(seed)
    ts, lats, lons, sogs, cogs = [], [], [], [], []
    for _ in range(nv):
        n = int(rng.integers(1, 40))
        tt = np.sort(rng.uniform(0, 86400, n))
        ts.append(tt)
        lats.append(35 + np.cumsum(rng.normal(0, 0.01, n)))
        lons.append(14 + np.cumsum(rng.normal(0, 0.01, n)))
        sg = rng.uniform(0, 20, n)
        sg[rng.random(n) < 0.2] = np.nan
        cg = rng.uniform(0, 360, n)
        cg[rng.random(n) < 0.2] = np.nan
        sogs.append(sg)
        cogs.append(cg)
    tr = _tracks(ts, lats, lons, sogs=sogs, cogs=cogs)
    p = Params()
    a = states_at(tr, t, p)
    b = states_fast(tr, t, p)
    assert a.node.tolist() == b.node.tolist()
    for f in ("lat", "lon", "sog", "cog", "sigma_track", "report_s", "silence_s"):
        np.testing.assert_allclose(getattr(a, f), getattr(b, f), rtol=1e-9, atol=1e-9, err_msg=f)
    for f in ("off", "prev", "nxt", "after"):
        assert getattr(a, f).tolist() == getattr(b, f).tolist(), f
    c = states_fast(tr, t + 300.0, p, b.node, hint=b.after)
    d = states_at(tr, t + 300.0, p, b.node)
    assert c.node.tolist() == d.node.tolist()
    np.testing.assert_allclose(c.lat, d.lat, rtol=1e-9, atol=1e-9)
    assert c.after.tolist() == d.after.tolist()


def test_azimuth_correction_keeps_fast_ships_apart():
    """Two vessels 450 m apart along a north-bound satellite track, the first steaming east (away
    from a right-looking radar) at 20 kn: its image is shifted ~700 m south, past the second
    vessel. With the shift modelled its detection sits on its expected position (and scores
    higher); without it, 700 m away (the joint assignment still sorts the two out here)."""
    T = np.array([0.0, 60.0, 120.0])
    d_lat = 450.0 / M_PER_DEG
    v = 20 * KN / (M_PER_DEG * np.cos(np.radians(35.0)))
    tr = _tracks([T, T], [np.full(3, 35.0), np.full(3, 35.0 - d_lat)], [14.0 + v * T, np.full(3, 14.0)],
                 sogs=[np.full(3, 20.0), np.zeros(3)], cogs=[np.full(3, 90.0), np.zeros(3)], lengths=[60.0, 60.0])
    t = 60.0
    de, dn = azimuth_shift_m(np.array([20.0]), np.array([90.0]), np.array([0.0]), 115.0, 37.0)
    assert dn[0] < -600
    lat_a = 35.0 + dn[0] / M_PER_DEG
    lon_a = 14.0 + v * t
    det = Detections(scene=np.zeros(2, np.int64), lat=np.array([lat_a, 35.0 - d_lat]), lon=np.array([lon_a, 14.0]),
                     length=np.array([60.0, 60.0]), active=np.ones(2, bool))
    sc = _scene(t, heading=0.0, sensor=0)
    good = match(det, sc, tr, Params())
    assert good.node.tolist() == [0, 1]
    off = match(det, sc, tr, Params(r_over_v_s=0.0))
    assert good.distance[0] < 100 and off.distance[0] > 600
    assert good.score[0] > off.score[0]


def _random_tracks(rng, nv):
    ts, lats, lons, sogs, cogs = [], [], [], [], []
    for _ in range(nv):
        n = int(rng.integers(0, 40))
        tt = np.sort(rng.choice(np.arange(0, 86400, 30.0), n, replace=False)) if n else np.zeros(0)
        ts.append(tt)
        lats.append(35 + np.cumsum(rng.normal(0, 0.01, n)))
        lons.append(14 + np.cumsum(rng.normal(0, 0.01, n)))
        sg = rng.uniform(0, 20, n)
        sg[rng.random(n) < 0.2] = np.nan
        cg = rng.uniform(0, 360, n)
        cg[rng.random(n) < 0.2] = np.nan
        sogs.append(sg)
        cogs.append(cg)
    return _tracks(ts, lats, lons, sogs=sogs, cogs=cogs)


@settings(max_examples=examples(40), deadline=None)
@given(seed=st.integers(0, 100_000), nv=st.integers(1, 25), t=st.floats(-3600, 90_000),
       dt=st.sampled_from([0.0, 15.0, 30.0, 90.0, -45.0, -120.0, 900.0, -4000.0]))
def test_pass_and_scene_kernels_equal_the_track_kernel_bit_for_bit(seed, nv, t, dt):
    """The pass kernel (every track at the pass time, keeping the reports around it) and the scene
    kernel (tracks at a scene time minutes away, from those reports or walked in the tracks) give
    exactly the states the per-track kernel gives (the same arithmetic: match results do not
    change), also for times on a report (t on the 30 s grid), tracks without reports, and scene
    times past the kept reports."""
    from seasentry.detections._kernels import pass_kernel, scene_kernel, states_kernel

    rng = np.random.default_rng(seed)
    tr = _random_tracks(rng, nv)
    if rng.random() < 0.5:
        t = float(np.round(t / 30.0) * 30.0)          # exactly on a report time
    p = Params()
    args = (float(p.max_gap_s), float(p.off_s), float(p.interp_fraction), float(p.extrap_fraction), float(p.drift_m_s))
    q = np.arange(tr.n_nodes, dtype=np.int64)
    # hints anywhere in each track (the previous pass: hours of reports before or after)
    hint = tr.start[:-1] + np.floor(rng.random(tr.n_nodes) * (np.diff(tr.start) + 1)).astype(np.int64)
    ref = states_kernel(q, t, hint, True, tr.start, tr.t, tr.lat, tr.lon, tr.sog, tr.cog, *args)
    out, g = pass_kernel(t, hint, tr.start, tr.rep, *args)
    keep = ref[0]
    assert out[0].tolist() == keep.tolist() and out[-1].tolist() == ref[-1].tolist()
    for a, b in zip(ref[1:-1], out[1:-1]):
        assert np.array_equal(a[keep], b[keep]), (a[keep], b[keep])   # bitwise equal where kept
    sub = np.sort(rng.choice(tr.n_nodes, int(rng.integers(1, tr.n_nodes + 1)), replace=False)).astype(np.int64)
    ts = t + dt
    after = out[-1][sub]
    nxt = after[after < tr.start[sub + 1]]
    if len(nxt) and rng.random() < 0.5:
        ts = float(tr.t[int(rng.choice(nxt))])   # exactly on a track's next report: the bracket moves
    ref2 = states_kernel(sub, ts, out[-1][sub], True, tr.start, tr.t, tr.lat, tr.lon, tr.sog, tr.cog, *args)
    got = scene_kernel(sub, ts, out[-1], g, tr.start, tr.rep, *args)
    k2 = ref2[0]
    assert got[0].tolist() == k2.tolist() and got[-1].tolist() == ref2[-1].tolist()
    for a, b in zip(ref2[1:-1], got[1:-1]):
        assert np.array_equal(a[k2], b[k2])


@settings(max_examples=examples(30), deadline=None)
@given(seed=st.integers(0, 100_000), nv=st.integers(1, 25), n_pass=st.integers(1, 6), rows=st.integers(1, 60))
def test_passes_in_blocks_equal_the_track_kernel_bit_for_bit(seed, nv, n_pass, rows):
    """The block kernel (every track at several pass times, read track by track) and its blocks in
    match (states_passes, at most ``rows`` states per block, the hint carried from block to block)
    give exactly the states of the per-track kernel at each pass time, hints anywhere, times on a
    report or between, tracks without reports."""
    from seasentry.detections._kernels import states_kernel
    from seasentry.detections.match import states_passes

    rng = np.random.default_rng(seed)
    tr = _random_tracks(rng, nv)
    ts = np.sort(rng.uniform(-3600, 90_000, n_pass))
    on = rng.random(n_pass) < 0.4
    ts[on] = np.round(ts[on] / 30.0) * 30.0
    ts = np.sort(ts)
    p = Params()
    args = (float(p.max_gap_s), float(p.off_s), float(p.interp_fraction), float(p.extrap_fraction), float(p.drift_m_s))
    q = np.arange(tr.n_nodes, dtype=np.int64)
    hint = tr.start[:-1] + np.floor(rng.random(tr.n_nodes) * (np.diff(tr.start) + 1)).astype(np.int64)
    got = list(states_passes(tr, ts, p, hint, rows=rows))
    assert len(got) == n_pass
    for t, (st_, g_j, g) in zip(ts, got):
        ref = states_kernel(q, float(t), hint, True, tr.start, tr.t, tr.lat, tr.lon, tr.sog, tr.cog, *args)
        keep = ref[0]
        assert st_.node.tolist() == np.flatnonzero(keep).tolist() and g_j.tolist() == ref[-1].tolist()
        for a, f in zip(ref[1:-1], ("lat", "lon", "sog", "cog", "sigma_track", "report_s", "off", "silence_s", "prev",
                                    "nxt")):
            assert np.array_equal(a[keep], getattr(st_, f)), f
        assert np.array_equal(st_.after, ref[-1][keep])
        # the reports kept for the scenes of the pass: the two around t (index 0 where one is missing)
        lo, hi = tr.start[:-1], tr.start[1:]
        ip = np.where(g_j - 1 >= lo, g_j - 1, 0)
        inn = np.where(g_j < hi, g_j, 0)
        if len(tr.t):
            assert np.array_equal(g, np.concatenate([tr.rep[ip], tr.rep[inn]], axis=1), equal_nan=True)


def test_tracks_hold_one_report_array_and_pickle_as_one():
    import pickle

    tr = _random_tracks(np.random.default_rng(3), 6)
    assert tr.rep.shape == (len(tr.t), 5)
    for c, f in enumerate(("t", "lat", "lon", "sog", "cog")):
        a = getattr(tr, f)
        assert np.shares_memory(a, tr.rep) and np.array_equal(a, tr.rep[:, c], equal_nan=True), f
    back = pickle.loads(pickle.dumps(tr))
    assert np.array_equal(back.rep, tr.rep, equal_nan=True) and np.shares_memory(back.lat, back.rep)
    assert np.array_equal(back.keys, tr.keys) and back.start.tolist() == tr.start.tolist()


@settings(max_examples=examples(60), deadline=None)
@given(seed=st.integers(0, 1_000_000))
def test_small_components_assigned_as_linear_sum_assignment_does(seed):
    """Differential: the enumeration of small components picks the pairs scipy's solver picks on
    the same cost matrix (one "no AIS vessel" column per detection); ties are left to the solver."""
    from scipy.optimize import linear_sum_assignment

    from seasentry.detections._kernels import assign_small

    rng = np.random.default_rng(seed)
    comps, ld, lc, mg, g_nd, g_nc, bounds = [], [], [], [], [], [], [0]
    for _ in range(int(rng.integers(1, 12))):
        nd, nc = int(rng.integers(1, 5)), int(rng.integers(1, 7))
        pairs = [(r, c) for r in range(nd) for c in range(nc) if rng.random() < 0.6] or [(0, 0)]
        used_r = sorted({r for r, _ in pairs})
        used_c = sorted({c for _, c in pairs})
        pairs = [(used_r.index(r), used_c.index(c)) for r, c in pairs]
        gains = rng.exponential(2.0, len(pairs))
        if rng.random() < 0.2 and len(pairs) > 1:
            gains[1] = gains[0]                           # an exact tie
        if rng.random() < 0.1:
            gains[0] = 0.0                                # as likely as no AIS vessel
        for (r, c), gv in zip(pairs, gains):
            ld.append(r)
            lc.append(c)
            mg.append(gv)
        g_nd.append(len(used_r))
        g_nc.append(len(used_c))
        bounds.append(bounds[-1] + len(pairs))
        comps.append((len(used_r), len(used_c), pairs, gains))
    chosen, fallback = assign_small(np.array(bounds, np.int64), np.array(ld, np.int64), np.array(lc, np.int64),
                                    np.array(mg, float), np.array(g_nd, np.int64), np.array(g_nc, np.int64), 4, 6, 1e-9)
    for k, (nd, nc, pairs, gains) in enumerate(comps):
        a, b = bounds[k], bounds[k + 1]
        cost = np.full((nd, nc + nd), 1e6)
        for (r, c), gv in zip(pairs, gains):
            cost[r, c] = -gv
        cost[np.arange(nd), nc + np.arange(nd)] = 0.0
        rr, cc = linear_sum_assignment(cost)
        want = sorted(pairs.index((r, c)) for r, c in zip(rr, cc) if c < nc)
        totals = sorted(sum(cost[r, c] for r, c in zip(range(nd), perm))
                        for perm in itertools.permutations(range(nc + nd), nd))
        if fallback[k]:
            assert totals[1] - totals[0] <= 1e-9 * max(1.0, abs(totals[0])) or nd > 4 or nc > 6
            continue
        assert sorted(np.flatnonzero(chosen[a:b]).tolist()) == want


def test_isin_by_sorted_lookup():
    from seasentry.detections.match import _isin

    rng = np.random.default_rng(0)
    for _ in range(50):
        a = rng.integers(0, 50, int(rng.integers(0, 40)))
        b = rng.integers(0, 50, int(rng.integers(0, 40)))
        assert _isin(a, b).tolist() == np.isin(a, b).tolist()
