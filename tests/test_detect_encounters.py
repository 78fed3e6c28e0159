"""Encounter detector: drifting pair at sea, and the look-alikes (fast passing vessels,
moored together in port, short meetings), merging, and the grid join against brute force."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st

from seasentry.detect.encounters import close_pairs, detect_encounters
from seasentry.tracks import build_tracks, haversine_nm
from test_detect_helpers import FakeGeo, T0, at, drift, frame, track

GEO = FakeGeo()


def _pair(hours=5.0, lat=34.5, lon=12.5, sep_deg=0.001, sog=0.5, start=T0):
    return pl.concat([drift(215000002, start, lat, lon, hours, seed=1, sog=sog),
                      drift(215000003, start, lat + sep_deg, lon + sep_deg, hours, seed=2, sog=sog)])


def test_encounter_at_sea():
    ev = detect_encounters(build_tracks(_pair()), GEO)
    assert ev.height == 1
    e = ev.row(0, named=True)
    assert (e["mmsi"], e["other_mmsi"]) == (215000002, 215000003)
    assert e["start"] == T0 and e["end"] == at(5)
    d = json.loads(e["details"])
    assert d["median_distance_m"] < 500 and d["median_speed_kn"] < 2
    assert d["distance_from_port_km"] > 10
    assert e["confidence"] == 1.0


def test_fast_passing_vessels_are_not_encounters():
    a = track(215000010, T0, 34.5, 12.0, 90, 12, 6, step_s=60)
    b = track(215000011, T0, 34.5005, 12.0, 90, 12, 6, step_s=60)  # side by side but fast
    c = track(215000012, T0, 34.5, 13.2, 270, 12, 6, step_s=60)  # head-on crossing
    assert detect_encounters(build_tracks(pl.concat([a, b, c])), GEO).height == 0


def test_moored_together_in_port_is_not_an_encounter():
    ev = detect_encounters(build_tracks(_pair(lat=35.515, lon=14.25, sog=0.0)), GEO)
    assert ev.height == 0


def test_short_meeting_is_not_an_encounter():
    assert detect_encounters(build_tracks(_pair(hours=1.5)), GEO).height == 0


def test_far_apart_is_not_an_encounter():
    assert detect_encounters(build_tracks(_pair(sep_deg=0.01)), GEO).height == 0


def test_same_pair_merged_when_less_than_4h_apart():
    p1 = _pair(hours=2.5)
    p2 = _pair(hours=2.5, start=at(5.5))
    # in between the two vessels are 3 nm apart (not close), still slow
    a_mid = drift(215000002, at(2.6), 34.5, 12.5, 2.8, seed=5)
    b_mid = drift(215000003, at(2.6), 34.55, 12.5, 2.8, seed=6)
    ev = detect_encounters(build_tracks(pl.concat([p1, p2, a_mid, b_mid])), GEO)
    assert ev.height == 1
    d = json.loads(ev["details"][0])
    assert d["n_runs_merged"] == 2
    assert ev["start"][0] == T0 and ev["end"][0] == at(8)


def test_no_interpolation_across_long_gaps():
    # both vessels report only every 2 h: nothing is resampled, no encounter
    times = [at(h) for h in range(0, 9, 2)]
    a = frame(215000002, times, [34.5] * 5, [12.5] * 5, 0.1)
    b = frame(215000003, times, [34.501] * 5, [12.5] * 5, 0.1)
    assert detect_encounters(build_tracks(pl.concat([a, b])), GEO).height == 0


@settings(max_examples=examples(20), deadline=None)
@given(seed=st.integers(0, 100_000), lat0=st.floats(-60, 60))
def test_grid_join_equals_brute_force(seed, lat0):
    rng = np.random.default_rng(seed)
    n = 150
    rs = pl.DataFrame({
        "mmsi": rng.integers(0, 30, n).astype(np.int64) + 200_000_000,
        "g": np.zeros(n, np.int64),
        "t": rng.integers(0, 3, n).astype(np.int64) * 600,
        "lat": lat0 + rng.uniform(0, 0.02, n), "lon": 179.99 - rng.uniform(0, 0.03, n),
        "speed": rng.uniform(0, 3, n), "obs": np.ones(n, bool)})
    got = close_pairs(rs, 500.0)
    d = rs.to_dicts()
    want = set()
    for i in range(n):
        for j in range(n):
            a, b = d[i], d[j]
            if a["mmsi"] < b["mmsi"] and a["t"] == b["t"]:
                if haversine_nm(a["lat"], a["lon"], b["lat"], b["lon"]) * 1852 <= 500:
                    want.add((a["mmsi"], b["mmsi"], a["t"]))
    assert set(zip(got["a"].to_list(), got["b"].to_list(), got["t"].to_list())) == want


def _pair_of(a, b, **kw):
    lat, lon = 34.5, 12.5
    return pl.concat([drift(a, T0, lat, lon, 5.0, seed=1, sog=0.5),
                      drift(b, T0, lat + 0.001, lon + 0.001, 5.0, seed=2, sog=0.5)])


def test_placeholder_mmsis_encounters():
    """Session 13: two placeholder MMSIs close together are no known vessels: no event; a ship
    meeting a placeholder partner met someone unknown: kept, flagged details.default_mmsi (off
    with encounter.default_mmsi_partner = False)."""
    from seasentry.config import Config

    assert detect_encounters(build_tracks(_pair_of(215000000, 123456789)), GEO).height == 0
    ev = detect_encounters(build_tracks(_pair_of(215000000, 215000003)), GEO)
    assert ev.height == 1 and json.loads(ev["details"][0])["default_mmsi"] == 215000000
    ev = detect_encounters(build_tracks(_pair_of(215000002, 222222222)), GEO)
    assert ev.height == 1 and json.loads(ev["details"][0])["default_mmsi"] == 222222222
    assert "default_mmsi" not in json.loads(detect_encounters(build_tracks(_pair()), GEO)["details"][0])
    cfg = Config()
    cfg.encounter.default_mmsi_partner = False
    assert detect_encounters(build_tracks(_pair_of(215000000, 215000003)), GEO, cfg).height == 0
