"""The real detection samples in ../shared/data/sar (read there, never copied: the GFW/KSAT files carry
no licence): every row loads as a detection or a reject with a reason, through the CLI; files that
are not detection tables fail with one clear line; the SAR length model in the configuration is the
fit on GFW's published RADARSAT-2 matches."""

from __future__ import annotations

import json
import sys

import polars as pl
import pytest
from conftest import ROOT, SHARED, cli_json, needs_shared, run_cli

SAR = SHARED / "sar"
pytestmark = [needs_shared, pytest.mark.shared,
              pytest.mark.skipif(not (SAR / "gfw_ksat_rs2_sar_ais_matches.csv").exists(),
                                 reason="../shared/data/sar not present")]

SAMPLES = {  # file: (rows, detections)
    "gfw_ksat_rs2_detections_indian_2019-2020.csv": (320, 320),
    "gfw_ksat_rs2_detections_pacific_2019.csv": (173, 173),
    "allenai_sentinel1_example_predictions.csv": (2, 2),
    "allenai_sentinel2_example_predictions.csv": (1, 1),
    "allenai_viirs_sample_response_2023-11-06.json": (46, 46),
}


def test_real_samples_load_cleanly(tmp_path):
    db = tmp_path / "s.duckdb"
    s = cli_json("detections", "load", *[SAR / f for f in SAMPLES], "--json", db=db)
    by = {f["name"].split("/")[-1]: f for f in s["files"]}
    for f, (rows, dets) in SAMPLES.items():
        r = by[f]
        assert r["status"] == "complete", r
        assert r["rows"] == rows and r["detections"] + sum(r["rejects"].values()) == rows
        assert r["detections"] == dets, r
    assert by["gfw_ksat_rs2_detections_indian_2019-2020.csv"]["footprints"] == 15
    assert by["gfw_ksat_rs2_detections_pacific_2019.csv"]["footprints"] == 9
    # the KSAT DetectionId is kept: it joins GFW's published matches
    m = pl.read_csv(SAR / "gfw_ksat_rs2_sar_ais_matches.csv")
    ids = set(m.filter(pl.col("detect_id").is_not_null())["detect_id"].to_list())
    recs = [json.loads(x) for x in run_cli("detections", "--format", "jsonl", db=db).stdout_text.splitlines()]
    assert ids <= {r["detection_id"] for r in recs}
    # matching with no AIS at all: every detection dark (none on land, none invented as a match)
    run_cli("detect", "-q", db=db)
    recs = [json.loads(x) for x in run_cli("detections", "--format", "jsonl", db=db).stdout_text.splitlines()]
    assert len(recs) == 542 and {r["status"] for r in recs} == {"dark"}
    # RADARSAT-2 scenes: pass direction and satellite heading from the dawn-dusk orbit
    sc = run_cli("detections", "--format", "jsonl", "--scene",
                 "RS2_20200107_144650_0074_DVWF_HH_SCS_785751_1158_32185414", db=db).stdout_text
    assert sc.count("\n") > 0


@pytest.mark.parametrize("name,message", [
    ("allenai_viirs_feedback_labels.csv", "no time column"),
    ("gfw_ksat_rs2_sar_ais_matches.csv", "match table"),
])
def test_non_detection_files_fail_clearly(tmp_path, name, message):
    p = run_cli("detections", "load", SAR / name, db=tmp_path / "s.duckdb", check=False)
    assert p.returncode == 1 and message in " ".join(p.stderr_text.split()) and "Traceback" not in p.stderr_text


def test_length_model_is_the_fit_on_gfw_matches():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from sar_length_model import fit_length_model, recall_by_length
    finally:
        sys.path.pop(0)
    from seasentry.config import Config

    m = pl.read_csv(SAR / "gfw_ksat_rs2_sar_ais_matches.csv")
    fit = fit_length_model(m)
    d = Config().detections
    assert fit["n"] == 407
    assert fit["a"] == pytest.approx(d.length_a, abs=0.002)
    assert fit["b"] == pytest.approx(d.length_b, abs=0.002)
    assert fit["s"] == pytest.approx(d.length_sigma_log, abs=0.002)
    rows, lf = recall_by_length(m)
    assert 25 < lf["L50"] < 40                       # RADARSAT-2 ScanSAR: half the ~32 m vessels seen
    shares = [r[4] for r in rows if r[4] is not None]
    assert shares[0] < shares[-1]                    # longer vessels are detected more often
