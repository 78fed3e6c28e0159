"""Every benchmark script under benchmarks/ runs, small, as a user would run it: exit code 0 and
the rows of its table printed (the end-to-end and web benchmarks have their own small tests).

No timing assertion anywhere: a benchmark prints figures, these tests only check that it still
works on a fresh checkout (CI), so that the documented commands keep working. Contenders that
need an optional package (libais) print "not installed" instead of failing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
NUM = r"[\d,]+(?:\.\d+)?"


def _run(script: str, *args: str, timeout: int = 600) -> str:
    p = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], capture_output=True, text=True,
                       timeout=timeout, cwd=ROOT)
    assert p.returncode == 0, f"{script} exited {p.returncode}:\n{p.stderr[-3000:]}"
    return p.stdout


def test_bench_decode_small():
    out = _run("bench_decode.py", "--messages", "20000", "--repeat", "1")
    assert re.search(r"corpus: 20,000 messages \+ [\d,]+ corrupt lines", out)
    fast = re.search(rf"\| seasentry fast \(frame\+decode\+clean -> Arrow\)\s+\|\s+({NUM}) \|\s+{NUM} \|\s+({NUM}) \|"
                     rf".*\|\s+({NUM})x \|", out)
    assert fast, out
    # every message of the corpus comes out (a multipart message counts once), and a ratio is printed
    assert int(fast.group(1).replace(",", "")) >= 20_000 and float(fast.group(3)) > 0
    assert re.search(rf"\| seasentry reference \(NmeaFramer\+pyais\+clean\)\s+\|\s+{fast.group(1)} \|", out), \
        "the reference path decodes the same messages as the fast path"
    assert re.search(rf"\| pyais FileReaderStream \(decode only\)\s+\|\s+{NUM} \|.*\|\s+1\.0x \|", out)
    assert re.search(r"\| libais", out)  # measured, or "not installed" without the bench extra


def test_bench_ingest_small():
    out = _run("bench_ingest.py", "--vessels", "20", "--hours", "36", "--scale", "1", "--no-reference")
    assert re.search(r"corpus: scenario generator \(seed 1, 36 h, 20 vessels, scale 1\)", out)
    row = re.search(rf"seasentry ingest, fast path \(to DuckDB\)\s+({NUM})\s+{NUM}\s+({NUM})\s+({NUM})x", out)
    assert row and int(row.group(1).replace(",", "")) > 10_000, out
    assert re.search(rf"pyais FileReaderStream \(decode only\)\s+{NUM}\s+{NUM}\s+{NUM}\s+1\.00x", out)


def test_bench_detect_small():
    out = _run("bench_detect.py", "--positions", "50000")
    for stage in ("tracks (sort, dedup, segment)", "gap", "encounter", "loitering", "port_visit", "zone_entry/exit",
                  "spoofing", "identity_change"):
        assert re.search(rf"^{re.escape(stage)}\s+{NUM}\s+{NUM}\s+{NUM}\s+{NUM}\s+{NUM}$", out, re.M), stage
    total = re.search(rf"^TOTAL \(detect_events\)\s+{NUM}\s+{NUM}\s+{NUM}\s+({NUM})\s+{NUM}$", out, re.M)
    assert total and int(total.group(1).replace(",", "")) > 0, out


def test_bench_store_layout_small():
    out = _run("bench_store_layout.py", "--positions", "50000", "--batches", "5")
    assert "50,000 positions in 5 batches" in out
    assert re.search(rf"^duckdb tables\s+{NUM}\s+{NUM}\s+{NUM}\s+{NUM}\s+{NUM}\s+{NUM}$", out, re.M), out
    assert re.search(rf"^parquet by day\s+{NUM}\s+{NUM}\s+{NUM}\s+{NUM}\s+{NUM}\s+{NUM}$", out, re.M), out


def test_bench_live_small():
    out = _run("bench_live.py", "--hours", "36", "--vessels", "10", "--latency-vessels", "3")
    assert re.search(rf"messages/s \(wall, busy\)\s+{NUM}", out), out
    # (a median over 999 ms is printed with a thousands separator, e.g. on a loaded machine)
    med = re.findall(r"arrival -> zone_entry on bus, batch [\d.]+ s: median\s+([\d,]+) ms", out)
    assert len(med) == 2, out
    for measured, missing in re.findall(r"crossings measured \(missing\)\s+(\d+) \((\d+)\)", out):
        assert int(measured) > 0 and int(missing) == 0, out


def test_bench_dask_small(tmp_path):
    """The Dask benchmark with 1 and 2 workers (the issue's "1 vs 2 workers"): both find exactly the
    embedded engine's events."""
    out = _run("bench_dask.py", "--positions", "100000", "--workers", "1,2", "--workdir", str(tmp_path / "w"))
    assert re.search(r"\| embedded\s+\|.*\|\s+1\.00x \|", out), out
    for label in ("dask, 1 worker ", "dask, 2 workers"):
        row = re.search(rf"\| {re.escape(label)}\s*\|.*\| (\w+)\s+\|$", out, re.M)
        assert row and row.group(1) == "yes", (label, out)


@pytest.mark.skipif(not (SHARED / "names").is_dir(), reason="needs ../shared/data/names (labelled name pairs)")
def test_bench_screening_small():
    out = _run("bench_screening.py", "--queries", "200", "--no-logic-v2")
    rec = re.search(r"recall@review ([\d.]+), recall@alert ([\d.]+)", out)
    assert rec and 0 < float(rec.group(2)) <= float(rec.group(1)) <= 1, out
    assert re.search(r"throughput: 200 queries, [\d,]+ queries/s", out), out
    # the labelled evaluation set of issue 15: every target printed with its verdict
    assert re.search(r"labelled evaluation set eval_set\.csv, split 'all' = tune \+ holdout \(development data\): \d+ positives",
                     out), out
    for label in ("alert (>= 0.90) recall", "false alerts per 1,000 negatives", "review or alert (>= 0.70) recall",
                  "false review+alert hits per 1,000 negatives", "place names at alert"):
        assert re.search(rf"^{re.escape(label)}\s+\S+ \S+\s+[\d.]+\s+(PASS|FAIL)$", out, re.M), (label, out)
    # speed on the evaluation queries, the 5 folds, and every GeoNames place name of the region
    assert re.search(r"speed on these queries, CPU time on one core: [\d,]+ queries/s as seasentry screen", out), out
    assert len(re.findall(r"^\s+[0-4]\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+$", out, re.M)) == 5, out
    assert re.search(r"GeoNames place names of the region \([\d,]+ names and variants, Arabic and Latin\): "
                     r"0 at alert", out), out


def test_bench_matching_small():
    """benchmarks/bench_matching.py (satellite/radar detections against a day of AIS), small."""
    out = _run("bench_matching.py", "--detections", "3000", "--vessels", "1500", "--scenes", "40", "--repeat", "1")
    assert re.search(r"AIS: [\d,]+ positions of 1,500 vessels over 24 h", out), out
    assert re.search(r"pinned to CPU \d+|not pinned", out), out
    for label in ("model (GFW-style)", "radius 1,500 m only (Skylight rule)"):
        # detections | scenes | wall s | CPU s | detections/s | detections/CPU s | RSS | peak | matched | right | missed
        row = re.search(rf"\| {re.escape(label)}\s+\|\s+({NUM}) \|\s+{NUM} \|\s+{NUM} \|\s+{NUM} \|\s+({NUM}) \|"
                        rf"\s+({NUM}) \|\s+({NUM}) \|\s+({NUM}) \|\s+({NUM}) \|\s+({NUM}) \|", out)
        assert row, (label, out)
        num = [float(x.replace(",", "")) for x in row.groups()]
        assert num[0] > 1000 and num[1] > 0 and num[2] > 0            # detections, rate per wall and per CPU second
        assert 0 < num[3] <= num[4]                                   # RSS before <= peak during the match
        assert num[5] > 0 and num[6] > 0.9                            # matched; the drawn vessel is found
    assert "model, stages (wall s):" in out


@pytest.mark.skipif(not (SHARED / "sar" / "gfw_ksat_rs2_sar_ais_matches.csv").exists(),
                    reason="../shared/data/sar not present")
def test_sar_length_model_script():
    out = _run("sar_length_model.py")
    assert re.search(r"all matched pairs\s+407\s+0\.613\s+0\.906\s+0\.507", out), out
    assert "logistic fit over" in out

def test_bench_reports_small():
    out = _run("bench_reports.py", "--docs", "20", "--small", "--repeat", "1")
    row = re.search(rf"^seasentry extract \(all\)\s+20\s+({NUM})\s+({NUM})\s+({NUM})\s+(\d+)\s+(\d+) \((\d+)\)\s*$",
                    out, re.M)
    assert row and 4.5 <= float(row.group(1)) <= 5.5, out
    assert float(row.group(2).replace(",", "")) > 0 and float(row.group(3).replace(",", "")) > 0, out  # wall, CPU
    assert int(row.group(4)) > 0 and int(row.group(5)) > 0, out
    # the screening cache changes no result: the same incidents with every name screened
    nocache = re.search(rf"^seasentry extract \(all\), screening every name\s+20\s+{NUM}\s+{NUM}\s+{NUM}\s+(\d+)\s+"
                        rf"no cache\s*$", out, re.M)
    assert nocache and nocache.group(1) == row.group(4), out
    assert re.search(r"pinned to CPU \d+|not pinned", out), out
    assert re.search(r"^baseline: dateparser search_dates", out, re.M)
    for part in ("tune", "heldout"):
        assert re.search(rf"^{part}\s+\d+\s+{NUM}\s+{NUM}\s+{NUM}", out, re.M), part


def test_bench_vessel_stage_small(tmp_path):
    """The per-vessel stage benchmark on a small store (a scenario ingested): its table and a
    digest of every stage output; two runs print the same digests (the A/B check)."""
    import seasentry
    from seasentry.scenario import generate

    paths = generate(seed=5, hours=36, vessels=20).write(tmp_path / "scenario")
    db = tmp_path / "s.duckdb"
    s = seasentry.open(db)
    try:
        s.ingest([str(paths["nmea"])])
    finally:
        s.close()
    outs = [_run("bench_vessel_stage.py", str(db), "--repeat", "1", "--out", str(tmp_path / f"o{k}")) for k in (1, 2)]
    for out in outs:
        assert re.search(rf"^store .*: {NUM} positions in \d+ stage calls", out, re.M), out
        assert re.search(rf"^\| build_tracks_trust \| {NUM} \| {NUM} % \|$", out, re.M), out
        assert re.search(rf"^\| vessel_stage \(all\) \| {NUM} \| 100 % \|$", out, re.M), out
    digests = [re.findall(r"^(\w+): (\d+ rows \w+|none)$", out, re.M) for out in outs]
    assert len(digests[0]) == 8 and digests[0] == digests[1]
    assert dict(digests[0])["events"] != "none"
