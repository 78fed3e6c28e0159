"""`seasentry ingest` / `run` as a user runs them: non-zero exit when any input failed, with the
per-input summary still printed; `run` takes the input options of `ingest` (issue 14)."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import ROOT, run_cli

STORY = ROOT / "src" / "seasentry" / "data" / "demo" / "central_med_story.nmea.gz"
ODD_CSV = "ID,When,Y,X,Speed\n" + "".join(
    f"{m},{d:02d}/05/2024 {h:02d}:{mi:02d},{35.5 + 0.01 * k:.4f},{14.0 + 0.02 * k:.4f},10\n"
    for m in (215000001, 215000002) for k, (d, h, mi) in enumerate(
        [(1, 0, 0), (1, 0, 10), (1, 0, 20), (1, 0, 30), (1, 0, 40)]))
COLUMNS = ("--columns", "mmsi=ID,ts=When,lat=Y,lon=X,sog=Speed", "--time-format", "%d/%m/%Y %H:%M")


def shown(p) -> str:
    return " ".join((p.stdout_text + p.stderr_text).split())


@pytest.fixture
def inputs(tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_text(ODD_CSV)
    lines = gzip.decompress(STORY.read_bytes()).split(b"\n")[:3000]
    good = tmp_path / "good.nmea"
    good.write_bytes(b"\n".join(lines) + b"\n")
    whole = gzip.compress(b"\n".join(lines[3000:9000] or lines) + b"\n", mtime=0)
    cut = tmp_path / "cut.nmea.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    return odd, good, cut


def test_run_fails_when_its_only_input_fails(tmp_path, inputs):
    odd, _, _ = inputs
    p = run_cli("run", odd, db=tmp_path / "a.duckdb", check=False)
    assert p.returncode == 1
    s = shown(p)
    assert "failed" in s and "cannot map CSV columns" in s and "nothing was detected" in s
    assert "Traceback" not in s


def test_run_takes_columns_and_time_format(tmp_path, inputs):
    odd, _, _ = inputs
    db = tmp_path / "b.duckdb"
    p = run_cli("run", odd, *COLUMNS, db=db)
    assert p.returncode == 0
    stats = json.loads(run_cli("stats", "--format", "json", db=db).stdout_text)
    assert stats["positions"] == 10 and stats["vessels"] == 2


def test_ingest_and_run_fail_when_one_of_several_inputs_is_truncated(tmp_path, inputs):
    _, good, cut = inputs
    for cmd in ("ingest", "run"):
        db = tmp_path / f"{cmd}.duckdb"
        p = run_cli(cmd, good, cut, "--base-time", "2024-05-01T00:00:00Z", db=db, check=False)
        assert p.returncode == 1, (cmd, p.stdout_text, p.stderr_text)
        s = shown(p)
        assert f"failed {cut}" in s and "1 of 2 input(s) failed" in s and "Traceback" not in s
        assert "ingest summary" in s                  # the per-input summary is still printed
        stats = json.loads(run_cli("stats", "--format", "json", db=db).stdout_text)
        assert stats["messages"] > 0                  # the good file and the readable part are stored
        if cmd == "run":
            assert "ranked alerts" in s               # detection ran over what was read
    p = run_cli("ingest", good, cut, "--json", db=tmp_path / "j.duckdb", check=False)
    assert p.returncode == 1
    assert [x["status"] for x in json.loads(p.stdout_text)["sources"]] == ["complete", "failed"]
