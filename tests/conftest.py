"""Shared test helpers: fixture paths, the optional shared data folder, running the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
AIS = FIXTURES / "ais"
SHARED = ROOT.parent / "shared" / "data"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data not present")

#: Long fuzzing: ``SEASENTRY_FUZZ=K`` multiplies the examples of every property-based test by K
#: (README, "Tests"); CI runs them at K = 1.
FUZZ = max(1, int(os.environ.get("SEASENTRY_FUZZ", "1") or 1))


def examples(n: int) -> int:
    """``max_examples`` of a hypothesis test: ``n`` in the normal run, ``n * SEASENTRY_FUZZ`` when
    fuzzing for longer."""
    return n * FUZZ


def least_cpu(f, *a) -> float:
    """CPU seconds of ``f(*a)``, the least disturbed of three runs (a shared machine): for the tests that
    check a reader's time grows linearly with its text (ten times the text, about ten times the steps)."""
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        f(*a)
        best = min(best, time.process_time() - t)
    return best


def run_cli(*args, db=None, input: bytes | None = None, check: bool = True, env=None, timeout=600):
    """Run `python -m seasentry ARGS` as a user would; returns CompletedProcess (text)."""
    cmd = [sys.executable, "-m", "seasentry", *map(str, args)]
    if db is not None:
        cmd += ["--db", str(db)]
    e = dict(os.environ)
    e.pop("SEASENTRY_DB", None)
    e.update(env or {})
    p = subprocess.run(cmd, input=input, capture_output=True, timeout=timeout, env=e)
    p.stdout_text = p.stdout.decode("utf-8", "replace")
    p.stderr_text = p.stderr.decode("utf-8", "replace")
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}\nstdout:\n{p.stdout_text}\nstderr:\n{p.stderr_text}")
    return p


def store_tables(db) -> dict:
    """Every row of the ingest tables of a store (source ids left out), for comparing two stores."""
    import seasentry
    s = seasentry.open(db)
    out = {}
    for t in ("positions", "statics", "other_messages", "raw_messages", "rejects"):
        cols = [d[0] for d in s.con.execute(f"SELECT * FROM {t} LIMIT 0").description if d[0] != "source_id"]
        out[t] = s.con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
    s.close()
    return out


def cli_json(*args, db=None):
    return json.loads(run_cli(*args, db=db).stdout_text)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store.duckdb"
