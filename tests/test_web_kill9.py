"""kill -9 of a writing server, as benchmarks/kill9_web.py does it (here 2 rounds on the 50-vessel
store): every acknowledged write survives with its audit row, no write is in the store without
its audit row nor an audit row without its write, and no answer is a server error.
`python benchmarks/kill9_web.py --rounds 10` runs the longer check (docs/web.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_kill9_loop_loses_nothing(tmp_path):
    out = tmp_path / "k9.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("SEASENTRY_DB", None)
    p = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "kill9_web.py"), "--rounds", "2", "--min-s", "1.5",
                        "--max-s", "3", "--workdir", str(tmp_path / "work"), "--json", str(out)],
                       capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    res = json.loads(out.read_text())
    t = res["totals"]
    assert t["lost"] == t["unaudited"] == t["orphans"] == t["5xx"] == 0, t
    assert t["acked_writes"] >= 10 and res["acked"]["zone.create"] > 0 and res["acked"]["token.create"] > 0
    assert "| round |" in p.stdout and "0 lost, 0 unaudited, 0 orphan audit rows" in p.stdout
