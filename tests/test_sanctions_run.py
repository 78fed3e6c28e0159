"""After `seasentry run`, every vessel seen in AIS has been screened; hits are `sanctions_match` events,
re-screened when the lists change."""

from __future__ import annotations

import json

from conftest import FIXTURES, run_cli

OFAC = FIXTURES / "sanctions" / "ofac_sdn_2024-05-03_excerpt.csv"


def test_run_screens_every_vessel_and_rescreens_on_list_change(tmp_path):
    out = tmp_path / "sc"
    db = tmp_path / "s.duckdb"
    run_cli("scenario", "generate", "--seed", 5, "--hours", 36, "--vessels", 36, "--out", out)
    # no lists yet: no sanctions events
    run_cli("run", out / "scenario.nmea", "-q", db=db)
    assert run_cli("events", "--type", "sanctions_match", "--format", "jsonl", db=db).stdout_text.strip() == ""
    # loading a list screens the stored vessels at once
    p = run_cli("lists", "load", OFAC, db=db)
    assert "re-screened" in p.stderr_text + p.stdout_text
    hits = [json.loads(x) for x in run_cli("events", "--type", "sanctions_match", "--format", "jsonl",
                                           db=db).stdout_text.splitlines()]
    by_mmsi = {h["mmsi"]: h for h in hits}
    assert 249000882 in by_mmsi  # broadcasts the MMSI of MARIE DE LOURDES (OFAC LIBYA3)
    theo = [h for h in hits if h["details"]["name"] == "THEODOROS"]
    assert theo and theo[0]["details"]["matched_on"] == "imo" and "LIBYA3" in theo[0]["details"]["programs"]
    for h in hits:
        d = h["details"]
        assert d["list"] and d["list_version"] and d["explanation"] and 0 < h["confidence"] <= 1
    # a clean vessel has none
    vessels = [json.loads(x) for x in run_cli("vessels", "--format", "json", "--limit", 500, db=db).stdout_text.splitlines()]
    clean = [v["mmsi"] for v in vessels if v["mmsi"] not in by_mmsi]
    assert len(clean) > 20
    # a detect re-run keeps them (same ids)
    run_cli("detect", "-q", db=db)
    again = [json.loads(x)["event_id"] for x in run_cli("events", "--type", "sanctions_match", "--format", "jsonl",
                                                        db=db).stdout_text.splitlines()]
    assert sorted(again) == sorted(h["event_id"] for h in hits)
