"""The end-to-end benchmark (benchmarks/bench_e2e.py) runs, small: table printed, events found.

No timing assertion: the benchmark prints figures, tests only check it works. The archive mode
(Dask) and libais are left out to keep this fast; the script reports a contender that is not
available instead of failing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "bench_e2e.py"

pytest.importorskip("psutil")


def test_bench_e2e_small(tmp_path):
    out_json = tmp_path / "e2e.json"
    p = subprocess.run([sys.executable, str(BENCH), "--messages", "50000", "--base-vessels", "60", "--file-mb", "1",
                        "--workdir", str(tmp_path / "work"), "--skip", "archive", "--skip", "libais", "--no-warmup",
                        "--json", str(out_json)], capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr[-3000:]
    text = p.stdout
    assert re.search(r"contender\s+messages\s+wall s\s+CPU s\s+msg/s\s+vs pyais\s+tree MB\s+main MB\s+child MB\s+"
                     r"300M min", text)
    row = re.search(r"seasentry run --db \(embedded DuckDB\)\s+50,000\s+[\d.]+\s+[\d.]+\s+[\d,]+\s+[\d.]+x\s+[\d,]+"
                    r"\s+[\d,]+\s+[\d,]+\s+[\d.]+", text)
    assert row, text
    assert re.search(r"pyais FileReaderStream \(decode only, 50,000\)\s+50,000", text)
    ev = re.search(r"embedded: events ([\d,]+) \((.*?)\); positions ([\d,]+)", text)
    assert ev and int(ev.group(1).replace(",", "")) > 0 and int(ev.group(3).replace(",", "")) > 0
    assert "targets (embedded):" in text and "projected from an 50,000-message run" in text
    doc = json.loads(out_json.read_text())
    emb = doc["results"]["embedded"]
    assert doc["messages"] == 50_000 and emb["messages"] == 50_000
    assert emb["events"] > 0 and sum(emb["events_by_type"].values()) == emb["events"]
    assert emb["events"] == emb["reported_events"]  # store and printed summary agree
    assert emb["peak_tree_mb"] >= emb["largest_mb"] > 0
    assert emb["largest_mb"] == max(emb["main_mb"], emb["child_mb"]) and emb["main_mb"] > 0
    assert emb["processes"][0]["main"] and emb["processes"][0]["peak_mb"] == emb["main_mb"]
    assert doc["results"]["pyais"]["messages"] == 50_000
    # without --keep the work folder is cleaned up
    assert not any((tmp_path / "work").iterdir())
