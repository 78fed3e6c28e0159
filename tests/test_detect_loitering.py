"""Loitering detector: slow at sea >= 4 h, with look-alikes (slow but short, near shore, in port)."""

from __future__ import annotations

import json

import polars as pl

from seasentry.config import Config
from seasentry.detect.loitering import detect_loitering
from seasentry.tracks import build_tracks
from test_detect_helpers import FakeGeo, T0, at, drift, track

GEO = FakeGeo()


def test_loitering_outside_12nm_recorded_distance():
    # 14 nm south of the island (like the tankers just outside Malta's 12 nm limit)
    a = pl.concat([track(215000004, T0, 34.3, 14.25, 0, 10, 1, step_s=120),
                   drift(215000004, at(1.05), 34.77, 14.25, 6, seed=3)])
    ev = detect_loitering(build_tracks(a), GEO)
    assert ev.height == 1
    e = ev.row(0, named=True)
    assert e["start"] == at(1.05) and e["end"] == at(7.05)
    d = json.loads(e["details"])
    assert 13 < d["distance_from_shore_nm"] < 15 and d["shore_country"] == "MT"
    assert d["median_speed_kn"] < 2 and abs(d["duration_h"] - 6) < 1e-6
    assert e["confidence"] == 1.0


def test_slow_but_short_is_not_loitering():
    assert detect_loitering(build_tracks(drift(215000004, T0, 34.0, 15.5, 3.5)), GEO).height == 0


def test_slow_inside_territorial_sea_is_not_loitering():
    assert detect_loitering(build_tracks(drift(215000004, T0, 35.65, 14.25, 8)), GEO).height == 0


def test_moored_in_port_is_not_loitering():
    assert detect_loitering(build_tracks(drift(215000004, T0, 35.515, 14.25, 8, sog=0.0)), GEO).height == 0


def test_moving_vessel_is_not_loitering():
    assert detect_loitering(build_tracks(track(215000004, T0, 34.0, 12.0, 90, 8, 8)), GEO).height == 0


def test_gap_splits_run_and_threshold_configurable():
    a = drift(215000004, T0, 34.0, 15.5, 10).filter(~pl.col("ts").is_between(at(3), at(10), closed="none"))
    assert detect_loitering(build_tracks(a), GEO).height == 0  # 3 h + silence, not 10 h
    cfg = Config()
    cfg.loitering.min_distance_shore_nm = 70.0
    assert detect_loitering(build_tracks(drift(215000004, T0, 34.0, 15.5, 6)), GEO, cfg).height == 0


def test_placeholder_mmsi_makes_no_loitering():
    """Session 13: a placeholder MMSI (MID000000, 123456789, one repeated digit) is shared by
    unrelated transmitters: its slow run is no one vessel's (loitering.default_mmsi_loitering)."""
    for m in (215000000, 123456789, 222222222, 777777777):
        assert detect_loitering(build_tracks(drift(m, T0, 34.0, 15.5, 6)), GEO).height == 0, m
    cfg = Config()
    cfg.loitering.default_mmsi_loitering = True
    assert detect_loitering(build_tracks(drift(215000000, T0, 34.0, 15.5, 6)), GEO, cfg).height == 1
    # the same run on a ship's own MMSI (and next to a placeholder one) stays an event
    both = pl.concat([drift(215000004, T0, 34.0, 15.5, 6), drift(215000000, T0, 34.2, 15.5, 6)])
    ev = detect_loitering(build_tracks(both), GEO)
    assert ev["mmsi"].to_list() == [215000004]
