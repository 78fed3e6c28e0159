"""Zones created through the API (stored in the `zones` table) are used by detection like --zones files."""

from __future__ import annotations

import json

import seasentry
from conftest import run_cli
from seasentry.web.zones import create_zones
from test_detect_late_data import lines_for


def test_zone_created_in_store_produces_zone_events(tmp_path):
    db = tmp_path / "s.duckdb"
    f = tmp_path / "a.nmea"
    f.write_text(lines_for(list(range(0, 12 * 60, 10))))  # east along 36.0 N from 13.0 E at 10 kn
    run_cli("run", f, "-q", db=db)
    assert run_cli("events", "--zone", "Box A", "--format", "jsonl", db=db).stdout_text == ""
    s = seasentry.open(db)
    box = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Box A"},
           "geometry": {"type": "Polygon", "coordinates": [[[13.5, 35.8], [14.0, 35.8], [14.0, 36.2],
                                                            [13.5, 36.2], [13.5, 35.8]]]}}]}
    create_zones(s.con, box, "test")
    s.close()
    run_cli("detect", "-q", db=db)
    ev = [json.loads(x) for x in run_cli("events", "--zone", "Box A", "--format", "jsonl", db=db).stdout_text.splitlines()]
    assert sorted(e["type"] for e in ev) == ["zone_entry", "zone_exit"]
