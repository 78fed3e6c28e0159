"""Port visits: GFW state machine (entry 3 km / exit 4 km, stops, in-port gaps) and levels."""

from __future__ import annotations

import json

import polars as pl

from seasentry.config import Config
from seasentry.detect.port_visits import detect_port_visits
from seasentry.tracks import build_tracks
from test_detect_helpers import FakeGeo, T0, at, drift, frame, track

GEO = FakeGeo()
BERTH = 35.515


def _visit(stop_h=5.0, mmsi=215000005):
    arrive = track(mmsi, T0, 35.75, 14.25, 180, 10, 1.4, step_s=120)  # ends near the berth
    stay = drift(mmsi, at(1.45), BERTH, 14.25, stop_h, sog=0.05, seed=4)
    leave = track(mmsi, at(1.5 + stop_h), BERTH, 14.25, 0, 10, 2, step_s=120)
    return pl.concat([arrive, stay, leave])


def test_full_visit_level_4():
    ev = detect_port_visits(build_tracks(_visit()), GEO)
    assert ev.height == 1
    e = ev.row(0, named=True)
    d = json.loads(e["details"])
    assert d["port"]["name"] == "Porto Isola" and d["level"] == 4
    assert d["entry"] and d["exit"] and d["n_stops"] >= 1
    assert e["confidence"] == 1.0
    assert e["start"] < at(1.45) < at(6.5) < e["end"]


def test_pass_by_without_stop_is_not_reported():
    a = track(215000006, T0, 35.52, 14.0, 90, 12, 3, step_s=60)  # passes ~1 km off the port
    assert detect_port_visits(build_tracks(a), GEO).height == 0
    cfg = Config()
    cfg.port_visit.min_level = 1
    ev = detect_port_visits(build_tracks(a), GEO, cfg)
    assert ev.height == 1 and json.loads(ev["details"][0])["level"] == 1


def test_data_starts_in_port_level_3():
    a = _visit().filter(pl.col("ts") >= at(2))
    ev = detect_port_visits(build_tracks(a), GEO)
    d = json.loads(ev["details"][0])
    assert d["level"] == 3 and not d["entry"] and d["exit"]
    assert ev["confidence"][0] == 0.75


def test_in_port_gap_counts():
    # no stop (SOG 1 kn, drifting at the berth) but a 6 h in-port silence
    a = drift(215000007, T0, BERTH, 14.25, 12, sog=1.0).filter(~pl.col("ts").is_between(at(3), at(9), closed="none"))
    b = track(215000007, at(12.1), BERTH, 14.25, 0, 10, 1, step_s=120)
    ev = detect_port_visits(build_tracks(pl.concat([a, b])), GEO)
    d = json.loads(ev["details"][0])
    assert d["n_gaps"] == 1 and d["n_stops"] == 0 and d["level"] == 3


def test_hysteresis_between_3_and_4_km_keeps_visit():
    # stop at the berth, wander to 3.5 km (still in port), come back, stop again: one visit
    a = _visit(stop_h=2)
    wander = frame(215000005, [at(3.47), at(3.48)], [BERTH + 0.026, BERTH + 0.026], [14.25, 14.25], 0.3)
    ev = detect_port_visits(build_tracks(pl.concat([a, wander])), GEO)
    assert ev.height == 1


def test_two_vessels_moored_together_get_their_own_visits():
    ev = detect_port_visits(build_tracks(pl.concat([_visit(), _visit(mmsi=215000008)])), GEO)
    assert sorted(ev["mmsi"].to_list()) == [215000005, 215000008]


def _short_call(stay_min: float, mmsi=215000009):
    """Data starts at the berth (no entry), stays ``stay_min`` minutes, then leaves (exit)."""
    stay = drift(mmsi, T0, BERTH, 14.25, stay_min / 60.0, sog=0.05, seed=5)
    leave = track(mmsi, at(stay_min / 60.0 + 0.02), BERTH, 14.25, 0, 12, 1, step_s=60)
    return pl.concat([stay, leave])


def test_a_call_of_minutes_is_not_a_visit_until_min_duration():
    # issue 14: "visits" of seconds or minutes (a stop in a short capture) are not port calls;
    # port_visit.min_duration_min (30 min) decides, and the setting moves the line
    short, long_ = _short_call(5), _short_call(60)
    assert detect_port_visits(build_tracks(short), GEO).height == 0
    assert detect_port_visits(build_tracks(long_), GEO).height == 1
    cfg = Config()
    cfg.port_visit.min_duration_min = 2
    assert detect_port_visits(build_tracks(short), GEO, cfg).height == 1


def test_messages_all_at_one_time_make_no_visit():
    # issue 14: one-fix "visits" of zero duration when every message carries the same time
    n = 12
    same = frame(215000010, [T0] * n, [BERTH] * n, [14.25] * n, 0.0)
    cfg = Config()
    cfg.port_visit.min_duration_min = 0
    cfg.port_visit.min_level = 1
    assert detect_port_visits(build_tracks(same), GEO, cfg).height == 0


def test_silence_of_weeks_ends_the_visit():
    """Session 12 (MV.MUSTHIKA KENCANA, 525015381): heard at one anchorage in two captures ten
    weeks apart, a few minutes each, it made a 'visit' of 1,762 h. A silence longer than
    port_visit.max_gap_h ends a visit; each part must qualify on its own."""
    a = drift(215000011, T0, BERTH, 14.25, 0.2, step_s=60, sog=0.1)
    b = drift(215000011, at(1762), BERTH, 14.25, 0.2, step_s=60, sog=0.1, seed=1)
    assert detect_port_visits(build_tracks(pl.concat([a, b])), GEO).height == 0
    # two real stays either side of a long silence: two visits, neither spanning the silence
    a = drift(215000012, T0, BERTH, 14.25, 6, sog=0.05)
    b = drift(215000012, at(80), BERTH, 14.25, 6, sog=0.05, seed=2)
    ev = detect_port_visits(build_tracks(pl.concat([a, b])), GEO)
    assert ev.height == 2
    assert all(json.loads(d)["duration_h"] <= 6.01 for d in ev["details"])
    assert [json.loads(d)["exit"] for d in ev["details"]] == [False, False]
    cfg = Config()
    cfg.port_visit.max_gap_h = 0  # 0 = never split
    ev = detect_port_visits(build_tracks(pl.concat([a, b])), GEO, cfg)
    assert ev.height == 1 and json.loads(ev["details"][0])["duration_h"] > 80


def test_placeholder_mmsi_makes_no_port_visit():
    """Session 13: the boats sharing a placeholder MMSI make one 'visit' of several vessels: none
    is reported (port_visit.default_mmsi_visits), a ship's own MMSI beside it still is."""
    for m in (215000000, 123456789, 222222222):
        assert detect_port_visits(build_tracks(_visit(mmsi=m)), GEO).height == 0, m
    ev = detect_port_visits(build_tracks(pl.concat([_visit(mmsi=215000000), _visit(mmsi=215000005)])), GEO)
    assert ev["mmsi"].to_list() == [215000005]
    cfg = Config()
    cfg.port_visit.default_mmsi_visits = True
    assert detect_port_visits(build_tracks(_visit(mmsi=215000000)), GEO, cfg).height == 1
