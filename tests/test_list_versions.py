"""A sanctions list's version is the dataset's date (issue 21): an OpenSanctions export without a
date in its file name is versioned by the date its entities were last seen by the OpenSanctions
crawl (``last_seen``), not by the day it was loaded plus a hash."""

from __future__ import annotations

import json
import shutil

from conftest import ROOT, run_cli
from seasentry.screening.loaders import load_path

FTM = ROOT / "tests" / "fixtures" / "sanctions" / "t1_entities.ftm.json"


def test_opensanctions_version_is_the_dataset_date(tmp_path):
    rows = [json.loads(x) for x in FTM.read_text(encoding="utf-8").splitlines() if x.strip()]
    newest = max(r["last_seen"][:10] for r in rows)
    assert load_path(FTM).version == newest == "2024-06-01"
    copy = tmp_path / "entities.ftm.json"  # no date in the name
    shutil.copy(FTM, copy)
    assert load_path(copy).version == newest
    p = run_cli("lists", "load", copy, "--db", tmp_path / "l.duckdb")
    assert f"opensanctions version {newest}" in p.stderr_text
    listed = json.loads(run_cli("lists", "--format", "json", "--db", tmp_path / "l.duckdb").stdout_text)
    assert listed[0]["version"] == newest and listed[0]["loaded_at"].endswith("Z")
    # a date in the file name (a delta's OpenSanctions version) still names the version
    delta = ROOT / "tests" / "fixtures" / "sanctions" / "t2_20240527194702-wnk_entities.delta.json"
    assert load_path(delta).version == "2024-05-27T194702"
