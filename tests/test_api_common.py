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


class Serve:
    """`seasentry serve` as a user runs it, in a subprocess on a free port of 127.0.0.1:
    ``with Serve(db, "--set", "web.auth_failures_max=5") as s: httpx.get(s.url + ...)``.
    Stopped with Ctrl-C (SIGINT) at the end; ``kill9()`` kills it instead."""

    def __init__(self, db, *args: str, env: dict | None = None, wait_s: float = 60.0) -> None:
        import os
        import socket
        import subprocess
        import sys

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = Path(db)
        e = {k: v for k, v in os.environ.items() if k != "SEASENTRY_DB"}
        e.update(env or {})
        self.log = open(self.db.with_name(self.db.name + f".serve-{self.port}.log"), "w")  # noqa: SIM115
        self.proc = subprocess.Popen([sys.executable, "-m", "seasentry", "serve", "--db", str(db), "--port",
                                      str(self.port), "--poll", "0.5", *args], stdout=self.log,
                                     stderr=subprocess.STDOUT, env=e)
        self.wait(wait_s)

    def wait(self, wait_s: float) -> None:
        import time

        import httpx

        t0 = time.monotonic()
        while time.monotonic() - t0 < wait_s:
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited {self.proc.returncode}: {self.output()}")
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill9()
        raise AssertionError("serve did not start: " + self.output())

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-3000:]

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self, timeout: float = 30.0) -> int:
        import signal
        import subprocess

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()
        return self.proc.returncode

    def kill9(self) -> None:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.log.close()

    def __enter__(self) -> "Serve":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
