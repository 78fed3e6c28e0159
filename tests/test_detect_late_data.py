"""Gaps are revised when late data arrives: detection over the whole store, through the CLI."""

from __future__ import annotations

import json

from pyais import encode_dict

from conftest import run_cli
from seasentry.ingest.nmea import nmea_checksum

T0 = 1714521600  # 2024-05-01T00:00:00Z


def lines_for(minutes: list[int], mmsi=247123456) -> str:
    out = []
    for m in minutes:
        # a tanker steaming east at 10 kn, 40 nm south of Sicily (open sea, far from ports)
        lon = 13.0 + (m / 60.0) * 10.0 / (60.0 * 0.81)
        s = encode_dict({"type": 1, "mmsi": mmsi, "lat": 36.0, "lon": lon, "speed": 10.0, "course": 90.0,
                         "heading": 90, "second": 0, "status": 0}, talker_id="AI")[0]
        body = f"s:test,c:{T0 + 60 * m}"
        out.append(f"\\{body}*{nmea_checksum(body):02X}\\{s}")
    return "\n".join(out) + "\n"


def gaps(db):
    p = run_cli("events", "--type", "gap", "--format", "jsonl", db=db)
    return [json.loads(x) for x in p.stdout_text.splitlines()]


def test_late_data_fills_a_gap(tmp_path):
    db = tmp_path / "s.duckdb"
    every10 = list(range(0, 24 * 60, 10))
    early = [m for m in every10 if not (5 * 60 < m < 13 * 60)]
    late = [m for m in every10 if 5 * 60 < m < 13 * 60]
    a, b = tmp_path / "a.nmea", tmp_path / "b.nmea"
    a.write_text(lines_for(early))
    b.write_text(lines_for(late))
    run_cli("run", a, "-q", db=db)
    g = gaps(db)
    assert len(g) == 1 and g[0]["mmsi"] == 247123456
    assert g[0]["start"] == "2024-05-01T05:00:00Z" and g[0]["end"] == "2024-05-01T13:00:00Z"
    assert g[0]["details"]
    run_cli("run", b, "-q", db=db)  # the late positions arrive
    assert gaps(db) == []
