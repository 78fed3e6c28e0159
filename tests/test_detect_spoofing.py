"""Spoofing detector: impossible speeds, type caps (fast ferries are not spoofing), land,
one MMSI in two places, SAR aircraft exempt."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from seasentry.detect.spoofing import detect_spoofing
from seasentry.tracks import build_tracks
from test_detect_helpers import FakeGeo, T0, at, frame, statics_frame, track

GEO = FakeGeo()


def _st(mmsi, ship_type):
    return statics_frame([(mmsi, T0, "X", "Y", None, ship_type), (mmsi, at(1), "X", "Y", None, ship_type)])


def test_burst_of_false_positions_spans_them():
    a = track(247000002, T0, 34.0, 13.0, 90, 10, 4, step_s=300)
    bad = frame(247000002, [at(1.01), at(1.02), at(1.03)], [36.5] * 3, [18.0] * 3)
    ev = detect_spoofing(build_tracks(pl.concat([a, bad])), None, GEO)
    assert ev.height == 1
    e = ev.row(0, named=True)
    assert e["start"] == at(1.01) and e["end"] == at(1.03)
    d = json.loads(e["details"])
    assert d["kinds"] == ["impossible_speed"] and d["n_false_positions"] == 3
    assert d["max_implied_speed_kn"] > 50 and len(d["false_positions"]) == 3
    assert abs(e["lat"] - 36.5) < 1e-9


def test_fast_ferry_is_not_spoofing():
    ferry = track(248000001, T0, 35.6, 14.6, 330, 36, 3, step_s=10)  # 36 kn passenger catamaran
    hsc = track(248000002, T0, 35.6, 14.6, 330, 38, 3, step_s=10)
    st = pl.concat([_st(248000001, 60), _st(248000002, 40)])
    assert detect_spoofing(build_tracks(pl.concat([ferry, hsc])), st, GEO).height == 0


def test_tanker_at_ferry_speed_is_suspect():
    tk = track(248000003, T0, 34.0, 13.0, 90, 40, 1, step_s=240)  # 2.7 nm steps at 40 kn
    ev = detect_spoofing(build_tracks(tk), _st(248000003, 80), GEO)
    assert ev.height == 1
    d = json.loads(ev["details"][0])
    assert d["kinds"] == ["type_speed"] and d["type_cap_kn"] == 20.0 and d["ship_type"] == 80


def test_positions_on_land():
    # a ship west of the island broadcasts positions in the middle of it for 20 minutes
    a = track(247000004, T0, 35.25, 13.5, 0, 10, 3, step_s=120)
    spoofed = a.filter(pl.col("ts").is_between(at(1.0), at(1.33))).with_columns(
        pl.lit(35.25).alias("lat"), pl.lit(14.25).alias("lon"))
    a = pl.concat([a.filter(~pl.col("ts").is_between(at(1.0), at(1.33))), spoofed]).sort("ts")
    ev = detect_spoofing(build_tracks(a), None, GEO)
    assert ev.height == 1
    d = json.loads(ev["details"][0])
    assert "on_land" in d["kinds"]
    assert ev["start"][0] == spoofed["ts"].min() and ev["end"][0] == spoofed["ts"].max()


def test_sailing_smoothly_across_land_is_not_on_land():
    """A track that crosses 'land' at its reported speed, with no jump, is a waterway the land
    mask does not know (a river, a canal): not spoofing (NOAA river tracks, issue 14)."""
    a = track(247000014, T0, 35.25, 13.8, 90, 10, 3, step_s=300)  # drives across the island
    assert detect_spoofing(build_tracks(a), None, GEO).height == 0


def test_moored_ship_glitch_is_not_a_teleport():
    """A slow ship that stays put is never a teleport: one bad fix of a moored ship."""
    a = track(247000015, T0, 34.0, 13.0, 0, 0, 3, step_s=180, sog=0.0)
    bad = frame(247000015, [at(1.01)], [34.4], [13.6], 0.0)
    assert detect_spoofing(build_tracks(pl.concat([a, bad])), None, GEO).height == 0


def test_jump_along_the_reported_course_is_a_time_error():
    """Satellite collection times shift reports along the ship's own course: a 'jump' ahead
    on the course line at the reported speed is not spoofing; one across the course is."""
    a = track(247000016, T0, 34.0, 13.0, 90, 18, 2, step_s=60).with_columns(pl.lit(90.0, pl.Float32).alias("cog"))
    # ten minutes of reports stamped 50 minutes early: they lie 15 nm ahead on the course line
    late = a.filter(pl.col("ts").is_between(at(1.0), at(1.17)))
    shifted = late.with_columns((pl.col("ts") - __import__("datetime").timedelta(minutes=50)).alias("ts"))
    tt = pl.concat([a.filter(~pl.col("ts").is_between(at(1.0), at(1.17))), shifted]).sort("ts")
    assert detect_spoofing(build_tracks(tt), None, GEO).height == 0
    across = shifted.with_columns((pl.col("lat") + 0.25).alias("lat"))  # 15 nm off the course line
    tt = pl.concat([a.filter(~pl.col("ts").is_between(at(1.0), at(1.17))), across]).sort("ts")
    assert detect_spoofing(build_tracks(tt), None, GEO).height == 1


def test_same_time_on_every_message_gives_no_speed_evidence():
    """A file without times read with --base-time: every message of a moving ship has one time."""
    a = track(247000017, T0, 34.0, 13.0, 90, 15, 2, step_s=300)
    a = a.with_columns(pl.lit(T0, pl.Datetime("us")).alias("ts"), pl.lit("base").alias("time_source"))
    assert detect_spoofing(build_tracks(a), None, GEO).height == 0


def test_default_mmsi_is_not_spoofing():
    a = track(412000000, T0, 34.0, 13.0, 90, 10, 6, step_s=300)
    b = track(412000000, T0 + __import__("datetime").timedelta(seconds=40), 36.0, 16.0, 270, 8, 6, step_s=300)
    assert detect_spoofing(build_tracks(pl.concat([a, b])), None, GEO).height == 0


def test_one_mmsi_in_two_places():
    a = track(247000001, T0, 34.0, 13.0, 90, 10, 6, step_s=300)
    b = track(247000001, T0 + __import__("datetime").timedelta(seconds=40), 36.0, 16.0, 270, 8, 6, step_s=300)
    ev = detect_spoofing(build_tracks(pl.concat([a, b])), None, GEO)
    assert ev.height == 1
    d = json.loads(ev["details"][0])
    assert d["kinds"] == ["two_places"] and d["separation_nm"] > 100
    assert ev["confidence"][0] >= 0.9


def test_sar_aircraft_exempt_and_normal_traffic_clean():
    sar = track(111247001, T0, 34.0, 13.0, 90, 140, 1, step_s=10, msg_type=9)
    ship = track(247000009, T0, 34.0, 13.0, 90, 14, 6, step_s=10)
    assert detect_spoofing(build_tracks(pl.concat([sar, ship])), _st(247000009, 70), GEO).height == 0


def test_teleport_jump():
    a = track(247000005, T0, 34.0, 13.0, 90, 10, 3, step_s=300)
    b = track(247000005, at(3.1), 34.0, 16.0, 90, 10, 3, step_s=300)  # 150 nm in 6 min
    ev = detect_spoofing(build_tracks(pl.concat([a, b])), None, GEO)
    assert ev.height == 1 and json.loads(ev["details"][0])["kinds"] == ["impossible_jump"]


def _with_second(df, scramble_seed=None):
    import numpy as np
    sec = df["ts"].dt.second().to_numpy().astype(np.int16)
    if scramble_seed is not None:
        sec = np.random.default_rng(scramble_seed).integers(0, 60, len(sec)).astype(np.int16)
    return df.with_columns(pl.Series("second", sec, dtype=pl.Int8))


def test_unreliable_timestamps_are_not_evidence():
    # a burst 5 nm off the track: spoofing when timestamps agree with the AIS second field,
    # ignored when they do not (store-and-forward/satellite receive times)
    a = track(247000006, T0, 34.0, 13.0, 90, 10, 4, step_s=60)
    bad = frame(247000006, [at(1.01), at(1.02)], [34.09, 34.09], [13.2, 13.2])
    good_times = _with_second(pl.concat([a, bad]))
    assert detect_spoofing(build_tracks(good_times), None, GEO).height == 1
    shuffled = _with_second(pl.concat([a, bad]), scramble_seed=3)
    assert detect_spoofing(build_tracks(shuffled), None, GEO).height == 0


def test_jump_along_own_path_is_a_timing_error():
    # a report stamped 30 min late sits on the vessel's own path: not spoofing
    a = track(247000007, T0, 34.0, 13.0, 90, 20, 3, step_s=60)
    late = a.filter(pl.col("ts") == at(1)).with_columns(pl.lit(at(1.5)).cast(pl.Datetime("us")).alias("ts"))
    assert detect_spoofing(build_tracks(pl.concat([a, late])), None, GEO).height == 0


def test_time_trust_from_the_segmenter_gives_the_same_events():
    """build_tracks_trust returns time_trust of its rows; detect_spoofing given it (time_ok)
    returns exactly what it computes without it, with a placeholder MMSI among the rows (its
    rows are left out of both) and with scrambled UTC-second fields (untrusted times)."""
    from seasentry.config import Config
    from seasentry.tracks import build_tracks_trust, time_trust

    a = track(247000006, T0, 34.0, 13.0, 90, 10, 4, step_s=60)
    bad = frame(247000006, [at(1.01), at(1.02)], [34.09, 34.09], [13.2, 13.2])
    b = track(247000001, T0, 34.0, 13.0, 90, 10, 6, step_s=300)
    c = track(247000001, T0 + __import__("datetime").timedelta(seconds=40), 36.0, 16.0, 270, 8, 6, step_s=300)
    d = track(412000000, T0, 34.0, 13.0, 90, 10, 6, step_s=300)
    cfg = Config()
    for seed in (None, 3):
        pos = pl.concat([_with_second(pl.concat([a, bad]), scramble_seed=seed), _with_second(pl.concat([b, c, d]))])
        tr, ok = build_tracks_trust(pos, cfg)
        assert tr.equals(build_tracks(pos, cfg))
        assert np.array_equal(ok, time_trust(tr, cfg))
        got = detect_spoofing(tr, None, GEO, cfg, time_ok=ok)
        assert got.equals(detect_spoofing(tr, None, GEO, cfg)) and got.height >= 1
        # a time_ok that does not fit the rows is not used
        assert detect_spoofing(tr, None, GEO, cfg, time_ok=ok[:-1]).equals(got)


@settings(max_examples=examples(40), deadline=None)
@given(seed=st.integers(0, 100_000), n=st.integers(2, 60))
def test_impossible_steps_on_some_rows_equal_all_rows(seed, n):
    """_impossible_steps(rows=...) (what the on-land test evaluates: rows next to maybe-land
    positions) gives, at those rows, what the evaluation of every row gives."""
    from seasentry.config import Config
    from seasentry.detect.spoofing import _impossible_steps

    rng = np.random.default_rng(seed)
    m = np.sort(rng.choice([247000001, 247000002, 247000003], n))
    t = np.sort(rng.integers(0, 4 * 3600, n)) * 1_000_000
    t[rng.random(n) < 0.1] = t[0]
    lat = 34 + rng.normal(0, 0.3, n) * (rng.random(n) < 0.4)
    lon = 13 + rng.normal(0, 0.3, n) * (rng.random(n) < 0.4)
    tok = rng.random(n) < 0.9
    sog = np.where(rng.random(n) < 0.2, np.nan, rng.uniform(0, 30, n))
    cog = rng.uniform(0, 360, n)
    cfg = Config()
    full = _impossible_steps(m, t, lat, lon, tok, sog, cog, cfg)
    rows = np.flatnonzero(rng.random(n) < 0.5)
    rows = rows[rows >= 1]
    got = _impossible_steps(m, t, lat, lon, tok, sog, cog, cfg, rows=rows)
    assert np.array_equal(got[rows], full[rows]) and not got[np.setdiff1d(np.arange(n), rows)].any()


@settings(max_examples=examples(200), deadline=None)
@given(caps=st.lists(st.integers(0, 20), min_size=1, max_size=10, unique=True),
       runs=st.lists(st.tuples(st.integers(0, 25), st.integers(1, 6)), min_size=1, max_size=20),
       steps=st.lists(st.integers(0, 900), min_size=1, max_size=200), win=st.sampled_from([0.0, 60.0, 600.0, 1800.0]))
def test_type_speed_lookups_equal_a_search_per_row(caps, runs, steps, win):
    """_intervals_type's look-ups: the speed cap of every row's MMSI searched once per run of
    one MMSI, and the window start searched for the capped rows only, equal the search of
    every row (the previous form) where _intervals_type reads them."""
    from seasentry.detect._common import searchsorted_runs
    from seasentry.detect.spoofing import _window_start

    cm = np.array(sorted(caps), dtype=np.int64)
    m = np.repeat(np.array([r[0] for r in runs], dtype=np.int64), [r[1] for r in runs])
    k = searchsorted_runs(cm, m)
    np.testing.assert_array_equal(k, np.clip(np.searchsorted(cm, m), 0, len(cm) - 1))
    has = cm[k] == m
    n = len(m)
    key = np.cumsum(np.resize(np.array(steps, dtype=np.float64), n))  # sorted, with repeats
    j = _window_start(key, win, has)
    full = np.searchsorted(key, key - win, side="right") - 1
    np.testing.assert_array_equal(j[has], full[has])
    assert (j[~has] == -1).all()
