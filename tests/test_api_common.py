"""Shared test data for the web tests (test_api*.py, test_web_browser.py): one labelled scenario
store built once per session, copied per test module so that writes do not leak between them.

The store is built as a user would: the scenario generator's NMEA ingested, the sanctions list
fixtures loaded, detection run, alerts evaluated (when the alerts stage is present), and one
API token per role.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SANCTIONS = ROOT / "tests" / "fixtures" / "sanctions"
_BUILT: dict[str, object] = {}


def build_store() -> dict:
    """Build (once per process) and return {"db": path, "tokens": {role: token}, "dir": tmpdir}."""
    if "info" in _BUILT:
        return _BUILT["info"]  # type: ignore[return-value]
    import seasentry
    from seasentry.engine import detect
    from seasentry.scenario import generate
    from seasentry.screening.loaders import load_path
    from seasentry.screening.store import save_list
    from seasentry.web.auth import create_token, ensure_tables

    d = Path(tempfile.mkdtemp(prefix="seasentry-webtest-"))
    sc = generate(seed=11, hours=36, vessels=35)
    paths = sc.write(d / "scenario")
    db = d / "web.duckdb"
    store = seasentry.open(db)
    try:
        store.ingest([str(paths["nmea"])])
        for f in ("ofac_sdn_2024-04-26_excerpt.csv", "un_sc_2025-04-19_libya_excerpt.xml"):
            save_list(store.con, load_path(SANCTIONS / f))
        detect(store)
        try:
            from seasentry.alerts import evaluate
        except ImportError:
            evaluate = None
        if evaluate is not None:
            evaluate(store, store.config)
        ensure_tables(store.con)
        tokens = {r: create_token(store.con, f"{r}-user", r, created_by="tests")["token"]
                  for r in ("viewer", "analyst", "admin")}
    finally:
        store.close()
    info = {"db": db, "tokens": tokens, "dir": d, "scenario": sc}
    _BUILT["info"] = info
    return info


def copy_store(dest_dir: Path) -> Path:
    info = build_store()
    dest = Path(dest_dir) / "copy.duckdb"
    shutil.copy(info["db"], dest)
    return dest


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
