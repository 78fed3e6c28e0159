"""The incident layer of the web map in a real headless Chromium (Debian's /usr/bin/chromium via
playwright): the Incidents tab lists the register, markers are drawn, the time filter narrows
them, and an incident opens its page with the extracted fields highlighted."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
pytestmark = [pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (/usr/bin/chromium)"),
              pytest.mark.slow]
pytest.importorskip("playwright.sync_api")
IN = FIXTURES / "reports" / "inputs"


def wait_js(page, expr: str, timeout: float = 15.0) -> None:
    """Poll a JS expression from Python (wait_for_function evaluates strings, which the page's CSP forbids)."""
    t0 = time.monotonic()
    while not page.evaluate(expr):
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"timed out waiting for {expr}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from seasentry.store import Store
    from seasentry.web import create_app
    from seasentry.web.auth import create_token, ensure_tables

    db = tmp_path_factory.mktemp("incweb") / "w.duckdb"
    run_cli("reports", "load", IN / "article_en.html", IN / "feed.rss", IN / "reports.jsonl",
            IN / "iom_mmp_excerpt.csv", db=db)
    st = Store(db)
    ensure_tables(st.con)
    tok = create_token(st.con, "viewer", "viewer", created_by="tests")["token"]
    st.close()
    app = create_app(db, poll_interval_s=2.0)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield {"url": f"http://127.0.0.1:{port}", "token": tok}
    srv.should_exit = True
    th.join(timeout=10)
    app.state.ctx.store.close()


def test_incident_layer_and_page(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = b.new_page(viewport={"width": 1400, "height": 900})
            outside = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server["url"]) else None)
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server["url"])
            page.fill("#token-input", server["token"])
            page.click("#login-button")
            wait_js(page, "document.body.dataset.ready === '1'", 30)
            n_all = page.evaluate("window.seasentry.incidents.items.length")
            assert n_all >= 15          # 13 IOM rows + the text reports, all drawn at start
            page.click("button[data-tab=incidents]")
            page.wait_for_selector("li[data-testid=incident-item]")
            assert page.locator("li[data-testid=incident-item]").count() == n_all
            # time filter
            page.fill("#incident-start", "2023-06-01")
            page.dispatch_event("#incident-start", "change")
            wait_js(page, f"window.seasentry.incidents.items.length < {n_all}")
            assert page.evaluate("window.seasentry.incidents.items.length") > 0
            assert all(e >= "2023-06-01" for e in page.evaluate(
                "window.seasentry.incidents.items.map(f => f.properties.end)"))
            # open the interception off Sabratha: its page highlights the extracted fields
            page.locator("li[data-testid=incident-item]", has_text="interception").first.click()
            page.wait_for_selector("#incident-panel:not(.hidden) mark.k-place")
            body = page.inner_text("#incident-body")
            assert "Sabratha" in body and "Libyan Coast Guard" in body
            assert page.locator("#incident-body mark.k-date").count() >= 1
            if os.environ.get("SEASENTRY_SAVE_SCREENSHOT"):
                page.screenshot(path=str(Path(__file__).resolve().parents[1] / "docs" / "img" / "incidents.png"))
            page.screenshot(path=str(tmp_path / "incidents.png"))
            assert not errors, errors
            assert not outside, outside
        finally:
            b.close()
