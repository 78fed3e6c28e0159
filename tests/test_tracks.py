"""Tests for seasentry.tracks: sorting, de-duplication, GFW-style segmentation, noise flags."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st

from seasentry.config import Config
from seasentry.tracks import build_tracks, haversine_nm, parallel_pairs, segment_table, vessel_positions
from test_detect_helpers import T0, at, frame, track


def test_sort_dedup_and_filters():
    a = track(215000001, T0, 34.0, 13.0, 90, 10, 1, step_s=300)
    dup = a.head(3)  # same reports heard by a second station
    base = frame(2150001, [T0], [34.0], [13.0], msg_type=4)  # base station MMSI (00...) and type 4
    aton = frame(992150001, [T0], [34.0], [13.0], msg_type=21)
    sar = frame(111215001, [T0], [34.0], [13.0], msg_type=9)
    null_island = frame(215000001, [at(5)], [0.0], [0.0])
    df = pl.concat([a, dup, base, aton, sar, null_island]).reverse()
    v = vessel_positions(df)
    assert v.height == a.height
    assert v["ts"].is_sorted()
    assert set(v["mmsi"].unique()) == {215000001}


def test_single_vessel_one_segment_and_columns():
    a = track(215000001, T0, 34.0, 13.0, 90, 12, 2, step_s=600)
    tr = build_tracks(a.sample(fraction=1.0, shuffle=True, seed=3))
    assert tr["seg_id"].unique().to_list() == [0]
    assert not tr["noise"].any()
    assert tr["track_id"].unique().to_list() == [0]
    assert tr["dt_s"][0] is None and tr["dt_s"][1] == 600.0
    assert abs(tr["implied_speed_kn"][5] - 12.0) < 0.05
    assert abs(tr["dist_nm"][1] - 2.0) < 0.01


def test_two_ships_one_mmsi_become_parallel_segments():
    a = track(247000001, T0, 34.0, 13.0, 90, 10, 6, step_s=300)
    b = track(247000001, T0 + dt.timedelta(seconds=40), 36.0, 16.0, 270, 8, 6, step_s=300)
    tr = build_tracks(pl.concat([a, b]).sample(fraction=1.0, shuffle=True, seed=1))
    segs = segment_table(tr)
    assert segs.height == 2 and not segs["noise"].any()
    assert sorted(segs["n"].to_list()) == [a.height, b.height]
    # each segment is physically consistent
    assert tr["implied_speed_kn"].drop_nulls().max() < 11
    # detectors work per segment for this MMSI
    assert sorted(tr["track_id"].unique().to_list()) == [0, 1]
    pairs = parallel_pairs(segs)
    assert pairs.height == 1


def test_burst_of_bad_positions_is_noise_not_deleted():
    a = track(247000002, T0, 34.0, 13.0, 90, 10, 4, step_s=300)
    bad = frame(247000002, [at(1.01), at(1.02), at(1.03)], [36.5, 36.5, 36.5], [18.0, 18.0, 18.0])
    tr = build_tracks(pl.concat([a, bad]))
    assert tr.height == a.height + 3
    noisy = tr.filter(pl.col("noise"))
    assert noisy.height == 3 and (noisy["lat"] == 36.5).all()
    assert (noisy["track_id"] == -1).all()
    good = tr.filter(~pl.col("noise"))
    assert good["seg_id"].n_unique() == 1


def test_long_silence_starts_new_segment():
    a = track(247000003, T0, 34.0, 13.0, 90, 10, 2, step_s=600)
    b = track(247000003, at(30), 34.5, 13.5, 90, 10, 2, step_s=600)
    tr = build_tracks(pl.concat([a, b]))
    assert tr["seg_id"].n_unique() == 2
    assert not tr["noise"].any()
    assert tr["track_id"].unique().to_list() == [0]  # sequential, not parallel


def test_slow_jitter_below_min_distance_is_not_a_jump():
    times = [T0 + dt.timedelta(seconds=s) for s in (0, 1, 2, 3)]
    # 0.5 nm jumps in one second: implied 1800 kn but below min_distance_for_speed_nm
    df = frame(247000004, times, [34.0, 34.0083, 34.0, 34.0083], [13.0] * 4)
    tr = build_tracks(df)
    assert tr["seg_id"].n_unique() == 1


def test_empty_and_all_invalid_inputs():
    empty = frame(215000001, [], [], [])
    assert build_tracks(empty).height == 0
    junk = frame(215000001, [T0, T0], [95.0, float("nan")], [13.0, 13.0])
    assert build_tracks(junk).height == 0


@settings(max_examples=examples(25), deadline=None)
@given(seed=st.integers(0, 10_000), n_bad=st.integers(0, 6))
def test_permutation_and_duplication_invariance(seed, n_bad):
    rng = np.random.default_rng(seed)
    parts = [track(215000000 + k, T0 + dt.timedelta(minutes=int(rng.integers(0, 60))),
                   34 + rng.random(), 13 + rng.random(), float(rng.uniform(0, 360)),
                   float(rng.uniform(0, 20)), 3, step_s=float(rng.integers(30, 600))) for k in range(3)]
    if n_bad:
        parts.append(frame(215000000, [at(1 + i / 100) for i in range(n_bad)],
                           rng.uniform(36, 37, n_bad), rng.uniform(18, 19, n_bad)))
    df = pl.concat(parts)
    ref = build_tracks(df)
    shuffled = pl.concat([df, df.sample(n=min(20, df.height), seed=seed)]).sample(
        fraction=1.0, shuffle=True, seed=seed)
    got = build_tracks(shuffled)
    cols = ["mmsi", "ts", "lat", "lon", "seg_id", "noise", "track_id"]
    assert got.select(cols).equals(ref.select(cols))


def test_vectorised_speed_matches_scalar():
    a = track(215000001, T0, 34.0, 13.0, 45, 15, 1, step_s=60)
    tr = build_tracks(a)
    lat, lon = tr["lat"].to_numpy(), tr["lon"].to_numpy()
    d = haversine_nm(lat[:-1], lon[:-1], lat[1:], lon[1:])
    assert np.allclose(tr["dist_nm"].to_numpy()[1:], d)


def test_config_thresholds_are_used():
    a = track(247000005, T0, 34.0, 13.0, 90, 30, 2, step_s=300)  # 30 kn vessel
    cfg = Config()
    assert build_tracks(a, cfg)["seg_id"].n_unique() == 1
    cfg.tracks.max_implied_speed_kn = 20.0
    assert build_tracks(a, cfg)["seg_id"].n_unique() > 1


@settings(max_examples=examples(60), deadline=None)
@given(seed=st.integers(0, 1_000_000), n=st.integers(1, 80), n_mmsi=st.integers(1, 5),
       p_null=st.sampled_from([0.0, 0.2, 0.9]), p_clock=st.sampled_from([0.0, 0.5, 0.9]),
       p_base=st.sampled_from([0.0, 0.3]))
def test_time_trust_numpy_equals_the_polars_definition(seed, n, n_mmsi, p_null, p_clock, p_base):
    """time_trust (NumPy counts per MMSI) returns what the polars definition
    (_time_trust_frame) returns: unsorted rows, unknown UTC seconds, clocks off by a constant,
    scrambled seconds, ties between offsets, --base-time rows, special seconds 60-63."""
    from seasentry.tracks import _time_trust_frame, time_trust

    rng = np.random.default_rng(seed)
    mmsi = rng.integers(0, n_mmsi, n) + 247000000
    ts = T0 + pd_seconds(rng.integers(-100, 10_000, n))
    sec_ts = np.array([t.second for t in ts])
    clock = rng.integers(0, 60, n_mmsi)[mmsi - 247000000]
    sec = np.where(rng.random(n) < p_clock, (sec_ts - clock) % 60,
                   np.where(rng.random(n) < 0.5, sec_ts, rng.integers(0, 64, n)))
    sec = np.where(rng.random(n) < 0.3, (sec + rng.integers(-3, 4, n)) % 60, sec)
    df = pl.DataFrame({"mmsi": mmsi, "ts": pl.Series(list(ts), dtype=pl.Datetime("us")),
                       "second": pl.Series([None if rng.random() < p_null else int(x) for x in sec], dtype=pl.Int8),
                       "time_source": ["base" if rng.random() < p_base else "tagblock" for _ in range(n)]})
    for cfg in (Config(), _cfg_clock(1.0, 0.5)):
        assert np.array_equal(time_trust(df, cfg), _time_trust_frame(df, cfg))


def pd_seconds(s):
    return np.array([dt.timedelta(seconds=int(x), microseconds=int(x) % 7 * 100_000) for x in s])


def _cfg_clock(max_off, support):
    c = Config()
    c.spoofing.max_time_offset_s = max_off
    c.spoofing.min_clock_support = support
    return c


def test_time_trust_tie_between_two_clock_offsets_takes_the_smaller():
    """Two offsets equally frequent: the smaller is the vessel's usual offset (both forms)."""
    from seasentry.tracks import _time_trust_frame, time_trust

    ts = [T0 + dt.timedelta(minutes=k) for k in range(4)]  # second 0 each
    df = pl.DataFrame({"mmsi": [247000001] * 4, "ts": ts,
                       "second": pl.Series([55, 50, 55, 50], dtype=pl.Int8)})  # offsets 5, 10, 5, 10
    cfg = _cfg_clock(1.0, 0.5)
    want = np.array([True, False, True, False])
    assert np.array_equal(_time_trust_frame(df, cfg), want)
    assert np.array_equal(time_trust(df, cfg), want)


@settings(max_examples=examples(25), deadline=None)
@given(seed=st.integers(0, 10_000), n_bad=st.integers(0, 6), two=st.booleans())
def test_vessel_track_rows_are_the_rows_of_vessel_tracks(seed, n_bad, two):
    """vessel_track_rows(tracks) gives vessel_tracks(tracks) and the row of ``tracks`` each of
    its rows is (noise left out, parallel tracks re-ordered)."""
    from seasentry.detect._common import vessel_track_rows, vessel_tracks

    rng = np.random.default_rng(seed)
    parts = [track(215000000 + k, T0 + dt.timedelta(minutes=int(rng.integers(0, 60))), 34 + rng.random(),
                   13 + rng.random(), float(rng.uniform(0, 360)), float(rng.uniform(0, 20)), 3,
                   step_s=float(rng.integers(30, 600))) for k in range(3)]
    if two:  # a second ship on the first MMSI, far away at the same time: parallel segments
        parts.append(track(215000000, T0 + dt.timedelta(seconds=40), 36.0, 16.0, 270, 8, 3, step_s=300))
    if n_bad:
        parts.append(frame(215000001, [at(1 + i / 100) for i in range(n_bad)],
                           rng.uniform(36, 37, n_bad), rng.uniform(18, 19, n_bad)))
    tr = build_tracks(pl.concat(parts))
    v, rows = vessel_track_rows(tr)
    assert v.equals(vessel_tracks(tr)) and rows is not False
    assert v.equals(tr if rows is None else tr[pl.Series(rows)])


@settings(max_examples=examples(25), deadline=None)
@given(seed=st.integers(0, 10_000), n_bad=st.integers(0, 6), two=st.booleans(), shuffle=st.booleans())
def test_multi_segment_rows_keep_every_segment_of_multi_segment_mmsis(seed, n_bad, two, shuffle):
    """segment_table of multi_segment_rows(...) holds exactly the segments of the MMSIs with
    several segments that segment_table of every row holds (what noise and parallel tracks use)."""
    from seasentry.tracks import multi_segment_rows, multi_segment_table

    rng = np.random.default_rng(seed)
    parts = [track(215000000 + k, T0 + dt.timedelta(minutes=int(rng.integers(0, 60))), 34 + rng.random(),
                   13 + rng.random(), float(rng.uniform(0, 360)), float(rng.uniform(0, 20)), 3,
                   step_s=float(rng.integers(30, 600))) for k in range(3)]
    if two:
        parts.append(track(215000000, T0 + dt.timedelta(seconds=40), 36.0, 16.0, 270, 8, 3, step_s=300))
    if n_bad:
        parts.append(frame(215000001, [at(1 + i / 100) for i in range(n_bad)],
                           rng.uniform(36, 37, n_bad), rng.uniform(18, 19, n_bad)))
    tr = build_tracks(pl.concat(parts))
    if shuffle:
        tr = tr.sample(fraction=1.0, shuffle=True, seed=seed)
    multi = pl.len().over("mmsi") > 1
    want = segment_table(tr).filter(multi)
    assert segment_table(multi_segment_rows(tr)).filter(multi).equals(want)
    assert multi_segment_table(tr).equals(want)
    assert want.height == 0 or multi_segment_rows(tr).height <= tr.height


def _packed_key_order(m, t):
    """The previous form of tracks.mmsi_ts_order: one stable argsort of a packed key."""
    u = np.sort(pl.Series(m).unique().to_numpy())
    tt = t - t.min()
    bits = max(int(tt.max()).bit_length(), 1)
    if bits + max(len(u).bit_length(), 1) > 62:
        return np.lexsort((t, m))
    return np.argsort((np.searchsorted(u, m).astype(np.int64) << bits) | tt, kind="stable")


@settings(max_examples=examples(200), deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 20)), min_size=1, max_size=200),
       runs=st.integers(1, 4), wide=st.booleans())
def testmmsi_ts_order_is_the_stable_lexsort(rows, runs, wide):
    """mmsi_ts_order (stable sort by time, then radix sort by MMSI rank) is the stable order
    by (mmsi, ts), as the packed-key argsort it replaces and np.lexsort: equal (mmsi, ts)
    keep their row order; input in a few time-ordered runs (part files) or in any order;
    time spans too wide for the packed key."""
    from seasentry.tracks import mmsi_ts_order

    m = np.array([211000000 + 7919 * r[0] for r in rows], dtype=np.int64)
    t = np.array([r[1] for r in rows], dtype=np.int64) * (1 << 50 if wide else 1_000_000) // 8
    if runs > 1:  # rows in `runs` consecutive pieces, each sorted by time
        cut = np.linspace(0, len(rows), runs + 1).astype(int)
        o = np.concatenate([np.arange(a, b)[np.argsort(t[a:b], kind="stable")] for a, b in zip(cut[:-1], cut[1:])])
        m, t = m[o], t[o]
    got = mmsi_ts_order(m, t)
    np.testing.assert_array_equal(got, np.lexsort((t, m)))
    np.testing.assert_array_equal(got, _packed_key_order(m, t))


def testmmsi_ts_order_beyond_16_bit_ranks():
    from seasentry.tracks import mmsi_ts_order

    rng = np.random.default_rng(5)
    m = rng.integers(200_000_000, 200_070_000, 200_000)
    t = rng.integers(0, 1000, 200_000)
    assert len(np.unique(m)) > 65_535
    np.testing.assert_array_equal(mmsi_ts_order(m, t), np.lexsort((t, m)))


def testmmsi_ts_order_of_a_bucket_sized_input():
    """A bucket's size and shape: 120,000 rows of 80 MMSIs in three time-ordered runs with
    repeated times (stable sorts on arrays past the small-array paths)."""
    from seasentry.tracks import mmsi_ts_order

    rng = np.random.default_rng(7)
    parts = []
    for _ in range(3):
        t = np.sort(rng.integers(0, 36 * 3600, 40_000)) * 1_000_000
        parts.append((rng.integers(0, 80, 40_000) * 1009 + 247_000_000, t))
    m = np.concatenate([p[0] for p in parts])
    t = np.concatenate([p[1] for p in parts])
    got = mmsi_ts_order(m, t)
    np.testing.assert_array_equal(got, np.lexsort((t, m)))
    np.testing.assert_array_equal(got, _packed_key_order(m, t))


def _complex_segments_ref(t, lat, lon, buf, brk, vstart, vend, vessels, seg, max_gap_s, min_dist, max_speed,
                          radius_nm):
    """The reference of tracks._complex_segments: the compiled loop (_track_kernels.complex_segments,
    sessions 9-10) it replaced, in plain Python -- open segments in arrays compacted in place,
    distances by math.pow -- where tracks keeps them in lists."""
    import math

    def hav(lat1, lon1, lat2, lon2):
        p1 = math.radians(lat1)
        p2 = math.radians(lat2)
        a = math.pow(math.sin((p2 - p1) / 2), 2.0) + math.cos(p1) * math.cos(p2) * math.pow(
            math.sin(math.radians(lon2 - lon1) / 2), 2.0)
        return 2 * radius_nm * math.asin(math.sqrt(min(1.0, max(0.0, a))))

    for v in vessels:
        r0, r1 = vstart[v], vend[v]
        m = r1 - r0
        o_t, o_la, o_lo, o_b = np.empty(m), np.empty(m), np.empty(m), np.empty(m)
        o_seg = np.empty(m, dtype=np.int64)
        n_open = n_seg = 0
        s = r0
        while s < r1:
            e = s + 1
            while e < r1 and not brk[e]:
                e += 1
            ti, lai, loi, bi = t[s], lat[s], lon[s], buf[s]
            k = 0
            for q in range(n_open):  # close the segments too old to continue (order kept)
                if ti - o_t[q] <= max_gap_s:
                    o_t[k], o_la[k], o_lo[k], o_b[k], o_seg[k] = o_t[q], o_la[q], o_lo[q], o_b[q], o_seg[q]
                    k += 1
            n_open = k
            best, best_d = -1, math.inf
            for q in range(n_open):
                dd = hav(o_la[q], o_lo[q], lai, loi)
                dtt = ti - o_t[q]
                bb = max(bi, o_b[q])
                ph = math.sqrt(dtt * dtt + bb * bb) / 3600.0
                if dd <= min_dist or (ph > 0 and dd / ph <= max_speed):
                    if dd < best_d:
                        best, best_d = q, dd
            if best < 0:
                best = n_open
                o_seg[best] = n_seg
                n_seg += 1
                n_open += 1
            j = e - 1
            o_t[best], o_la[best], o_lo[best], o_b[best] = t[j], lat[j], lon[j], buf[j]
            seg[s:e] = o_seg[best]
            s = e


@settings(max_examples=examples(60), deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_mmsi=st.integers(1, 4), n=st.integers(2, 400),
       p_jump=st.floats(0.0, 0.4), p_gap=st.floats(0.0, 0.1), buffers=st.booleans())
def test_complex_segmenter_equals_the_compiled_loop(seed, n_mmsi, n, p_jump, p_gap, buffers):
    """tracks._assign_segments' loop over the vessels with implausible steps
    (tracks._complex_segments, Python: no numba in a detection worker) gives the segment ids (and
    so the steps) of the compiled loop it replaced (_complex_segments_ref), on tracks of several
    vessels with jumps between a few places (two ships on one MMSI, spoofed positions), long
    silences and per-row timing buffers."""
    from seasentry import tracks as T

    rng = np.random.default_rng(seed)
    m = np.sort(rng.integers(0, n_mmsi, n)).astype(np.int64) + 215000000
    t = np.zeros(n)
    for v in np.unique(m):
        k = m == v
        t[k] = np.cumsum(rng.exponential(120.0, k.sum()) + np.where(rng.random(k.sum()) < p_gap, 30_000.0, 0.0))
    places = rng.uniform([33.0, 12.0], [36.0, 16.0], (4, 2))
    which = np.where(rng.random(n) < p_jump, rng.integers(0, 4, n), 0)
    lat = places[which, 0] + np.cumsum(rng.normal(0, 0.002, n))
    lon = places[which, 1] + np.cumsum(rng.normal(0, 0.002, n))
    buf = np.where(rng.random(n) < 0.3, 1800.0, 600.0) if buffers else 0.0
    args = (m, t, lat, lon, 30.0, 0.5, 86400.0, buf)
    got = T._assign_segments(*args)
    orig = T._complex_segments
    try:
        T._complex_segments = _complex_segments_ref
        want = T._assign_segments(*args)
    finally:
        T._complex_segments = orig
    for a, b in zip(got, want):
        np.testing.assert_array_equal(a, b)


@settings(max_examples=examples(100), deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5)), max_size=60))
def test_tie_rows_are_the_rows_sharing_mmsi_and_time_with_a_neighbour(rows):
    """tracks.tie_rows (what sort_order and identity.established_blocks re-sort by their further
    keys) marks exactly the rows of the (mmsi, ts)-ordered input whose pair occurs more than
    once; mmsi_ts_order falls back to lexsort for float input (nulls read as NaN)."""
    from collections import Counter

    from seasentry.tracks import mmsi_ts_order, tie_rows

    pairs = sorted(rows)
    m = np.array([p[0] for p in pairs], np.int64)
    t = np.array([p[1] for p in pairs], np.int64)
    c = Counter(pairs)
    assert tie_rows(m, t).tolist() == [i for i, p in enumerate(pairs) if c[p] > 1]
    mf = np.array([np.nan if i % 7 == 3 else float(p[0]) for i, p in enumerate(rows)])
    tf = np.array([float(p[1]) for p in rows])
    np.testing.assert_array_equal(mmsi_ts_order(mf, tf), np.lexsort((tf, mf)))
