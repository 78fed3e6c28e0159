"""Zone entry/exit: crossings, debounce of boundary jitter, tracks starting inside."""

from __future__ import annotations

import json

import numpy as np
import polars as pl

from seasentry.detect.zones import detect_zone_crossings
from seasentry.tracks import build_tracks
from test_detect_helpers import FakeGeo, T0, at, frame, track

GEO = FakeGeo()


def test_entry_and_exit():
    a = track(215000001, T0, 36.0, 14.25, 180, 12, 9, step_s=60)  # crosses the island's sea N->S
    a = a.filter(~((pl.col("lat") < 35.52) & (pl.col("lat") > 34.98)))  # skip the island itself
    ev = detect_zone_crossings(build_tracks(a), GEO)
    assert sorted(ev["type"].to_list()) == ["zone_entry", "zone_exit"]
    ent = ev.filter(pl.col("type") == "zone_entry").row(0, named=True)
    ext = ev.filter(pl.col("type") == "zone_exit").row(0, named=True)
    assert ent["zone"] == "Isola territorial sea" and ent["start"] == ent["end"]
    assert ent["start"] < ext["start"]
    d = json.loads(ent["details"])
    assert d["zone_country"] == "MT" and d["crossed_during_gap"] is False
    assert abs(ent["lat"] - 35.7) < 0.01


def test_boundary_jitter_does_not_storm():
    n = 200
    rng = np.random.default_rng(0)
    times = [T0 + __import__("datetime").timedelta(seconds=30 * i) for i in range(n)]
    lat = 35.7 + rng.normal(0, 0.002, n)  # jitter around the boundary line
    ev = detect_zone_crossings(build_tracks(frame(215000001, times, lat, np.full(n, 14.25), 5.0)), GEO)
    assert ev.height <= 2


def test_start_inside_gives_only_exit():
    a = track(215000001, T0, 35.65, 14.25, 0, 12, 1, step_s=60)
    ev = detect_zone_crossings(build_tracks(a), GEO)
    assert ev["type"].to_list() == ["zone_exit"]


def test_crossing_during_gap_has_lower_confidence():
    a = frame(215000001, [T0, at(0.1), at(8), at(8.1)], [36.0, 35.99, 35.6, 35.59], [14.25] * 4, 5.0)
    ev = detect_zone_crossings(build_tracks(a), GEO)
    assert ev.height == 1 and ev["confidence"][0] == 0.5
    assert json.loads(ev["details"][0])["crossed_during_gap"] is True


def test_no_zones_no_events():
    a = track(215000001, T0, 36.0, 14.25, 180, 12, 5, step_s=60)
    assert detect_zone_crossings(build_tracks(a), FakeGeo(with_zones=False)).height == 0
