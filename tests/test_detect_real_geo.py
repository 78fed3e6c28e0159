"""Detectors with the shipped Central-Med geography (seasentry.geo) and, when present, real
AIS data from ../shared/data: plausible events and no event storms from real-world noise."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from seasentry.config import Config
from seasentry.detect import detect_events
from test_detect_helpers import T0, at, drift, track

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _geo():
    try:
        from seasentry.geo import Geography
        return Geography.default()
    except Exception as exc:  # noqa: BLE001 - geography built in parallel; skip until it loads
        pytest.skip(f"seasentry.geo not available: {exc}")


def test_malta_loitering_and_valletta_visit():
    geo = _geo()
    # a tanker drifting ~14.6 nm east of Malta (outside the 12 nm limit: UN PoE pattern)
    loiter = drift(256000001, T0, 35.90, 14.86, 8, seed=1)
    # a vessel arriving at Valletta from the east, stopping 5 h, leaving
    arrive = track(256000002, T0, 35.95, 15.0, 262.6, 12, 1.94, step_s=60)
    end_lat, end_lon = float(arrive["lat"][-1]), float(arrive["lon"][-1])
    stay = drift(256000002, at(2.0), end_lat, end_lon, 5, sog=0.0, seed=2)
    leave = track(256000002, at(7.05), end_lat, end_lon, 80, 10, 1.5, step_s=60)
    ev = detect_events(pl.concat([loiter, arrive, stay, leave]), None, geo, Config())
    lo = ev.filter(pl.col("type") == "loitering")
    assert lo.height == 1 and lo["mmsi"][0] == 256000001
    d = json.loads(lo["details"][0])
    assert 12 < d["distance_from_shore_nm"] < 17 and d["shore_country"] == "MT"
    pv = ev.filter(pl.col("type") == "port_visit")
    assert pv.height == 1 and pv["mmsi"][0] == 256000002
    assert json.loads(pv["details"][0])["port"]["country"] == "MT"
    assert not (ev["type"] == "encounter").any() and not (ev["type"] == "spoofing").any()
    entries = ev.filter((pl.col("type") == "zone_entry") & (pl.col("mmsi") == 256000002))
    assert entries["zone"].to_list() == ["Malta territorial sea"]


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data absent")
def test_real_mediterranean_sample_has_no_event_storm(tmp_path):
    geo = _geo()
    import seasentry
    db = seasentry.open(tmp_path / "s.duckdb")
    db.ingest([str(SHARED / "ais_nmea" / "pyais" / "nmea_data_sample.txt")], base_time="2024-01-01T00:00:00")
    pos, st = db.positions(), db.statics()
    db.close()
    assert pos.height > 500
    ev = detect_events(pos, st, geo, Config())
    vessel_days = pos.group_by("mmsi").agg(
        ((pl.col("ts").max() - pl.col("ts").min()).dt.total_seconds() / 86400).clip(lower_bound=1 / 24)
        .alias("d"))["d"].sum()
    assert ev.height / vessel_days < 3.0
    assert not (ev["type"] == "spoofing").any()
