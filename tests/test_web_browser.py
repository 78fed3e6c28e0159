"""The web page in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright; never a
browser download): log in with a token, see vessels on the map, open a vessel by clicking it, play
its track, acknowledge an alert; screenshots are checked for a non-blank map, and the page may
fetch nothing but this server.

Set SEASENTRY_SAVE_SCREENSHOT=1 to (re)write docs/img/dashboard.png.
"""

from __future__ import annotations

import importlib.util
import io
import os
import threading
import time
from pathlib import Path

import pytest
from test_api_common import ROOT, auth, build_store, copy_store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (/usr/bin/chromium)"),
    pytest.mark.slow,
]
playwright_sync = pytest.importorskip("playwright.sync_api")
Image = pytest.importorskip("PIL.Image")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from seasentry.web import create_app

    info = build_store()
    app = create_app(copy_store(tmp_path_factory.mktemp("browser")), poll_interval_s=1.0)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield {"url": f"http://127.0.0.1:{port}", "tokens": info["tokens"], "app": app}
    srv.should_exit = True
    th.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def wait_js(page, expr: str, timeout: float = 10.0) -> None:
    """Poll a JS expression from Python (page.wait_for_function evaluates strings, which the page's
    Content-Security-Policy forbids)."""
    from playwright.sync_api import Error as PlaywrightError

    t0 = time.monotonic()
    while True:
        try:
            if page.evaluate(expr):
                return
        except PlaywrightError as exc:  # the page navigated while we asked (e.g. to a blob: URL): ask again
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"timed out waiting for {expr}")
        time.sleep(0.05)


def map_stats(png: bytes, box: tuple[int, int, int, int]) -> dict:
    """Pixel statistics of the map area: distinct colours and the share of sea, land and vessel colours."""
    import numpy as np

    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    x0, y0, x1, y1 = box
    a = img[y0:y1, x0:x1].reshape(-1, 3)

    def share(rgb, tol=12):
        return float((np.abs(a - np.array(rgb)).max(axis=1) <= tol).mean())

    return {"colours": len(np.unique(a[:, 0] * 65536 + a[:, 1] * 256 + a[:, 2])),
            "sea": share((185, 211, 227)), "land": share((239, 233, 220)), "std": float(a.std()),
            "vessel": share((215, 38, 61), 30) + share((244, 157, 55), 30) + share((46, 158, 91), 30)
            + share((91, 122, 153), 20)}


def test_dashboard_end_to_end(server, browser, tmp_path):
    url, tok = server["url"], server["tokens"]["analyst"]
    foreign: list[str] = []
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 860})
    try:
        page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((url, "data:", "blob:")) else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        # -- log in
        page.goto(url + "/")
        assert page.is_visible("#login")
        page.fill("#token-input", "sst_00000000_" + "x" * 43)
        page.click("#login-button")
        wait_js(page, "document.querySelector('#login-error').textContent.length > 0")
        assert "invalid" in page.inner_text("#login-error")
        page.fill("#token-input", tok)
        page.click("#login-button")
        page.wait_for_selector("body[data-ready='1']", timeout=20000)
        assert not page.is_visible("#login")
        assert "analyst" in page.inner_text("#whoami")

        # -- vessels on the map
        wait_js(page, "window.seasentry.drawn > 20")
        n_drawn = page.evaluate("window.seasentry.drawn")
        box = page.locator("#map").bounding_box()
        mbox = (int(box["x"]) + 2, int(box["y"]) + 2, int(box["x"] + box["width"]) - 2,
                int(box["y"] + box["height"]) - 2)
        shot = page.screenshot(path=str(tmp_path / "map.png"))
        st = map_stats(shot, mbox)
        assert st["colours"] > 50 and st["std"] > 10, st           # not blank
        assert st["sea"] > 0.2 and st["land"] > 0.05, st            # basemap drawn
        assert st["vessel"] > 0.0005, st                            # vessel dots drawn
        assert n_drawn == page.evaluate("window.seasentry.vessels.size")

        # -- open a vessel by clicking its dot (the red one, i.e. the riskiest, when there is one)
        pt = page.evaluate("""() => {
            const pts = window.seasentry.vesselLayer._pts;
            const rank = {red: 3, amber: 2, green: 1};
            pts.sort((a, b) => (rank[b[2].level] || 0) - (rank[a[2].level] || 0));
            return [pts[0][0], pts[0][1], pts[0][2].mmsi];
        }""")
        page.mouse.click(box["x"] + pt[0], box["y"] + pt[1])
        page.wait_for_selector("[data-testid=vessel-name]", timeout=10000)
        assert page.evaluate("window.seasentry.selected") == pt[2]
        panel = page.inner_text("#vessel-panel")
        assert str(pt[2]) in panel and "identity history" in panel.lower()

        # -- its case file opens in a new tab (fetched with the token, shown from a blob: URL)
        if importlib.util.find_spec("seasentry.alerts.casefile") is not None:
            with page.context.expect_page(timeout=15000) as popup:
                page.click("#btn-case")
            case = popup.value
            case.wait_for_load_state()
            wait_js(case, "document.title.length > 0", timeout=15)
            assert f"MMSI {pt[2]}" in case.title() and case.url.startswith("blob:")
            case.close()

        # -- play its track
        page.click("#btn-track")
        page.wait_for_selector("#track-controls:not(.hidden)", timeout=10000)
        wait_js(page, "!!(window.seasentry.track && window.seasentry.track.points.length > 1)")
        t_end = page.evaluate("window.seasentry.playbackTime")
        page.select_option("#track-speed", "14400")
        page.click("#track-play")
        page.wait_for_timeout(1200)
        t_play = page.evaluate("window.seasentry.playbackTime")
        pts = page.evaluate("window.seasentry.track.points")
        assert pts[0][2] < t_play < t_end                # restarted from the beginning and moving
        page.wait_for_timeout(600)
        assert page.evaluate("window.seasentry.playbackTime") > t_play
        page.click("#track-play")                        # pause
        slider = float(page.input_value("#track-slider"))
        assert 0 < slider < 1000
        page.fill("#track-slider", "500")
        page.dispatch_event("#track-slider", "input")
        mid = page.evaluate("window.seasentry.playbackTime")
        assert abs(mid - (pts[0][2] + pts[-1][2]) / 2) < 1000
        shot2 = page.screenshot(path=str(tmp_path / "track.png"))
        assert map_stats(shot2, mbox)["colours"] > 50

        # -- acknowledge an alert (analyst)
        if importlib.util.find_spec("seasentry.alerts") is not None:
            page.click("#tabs button[data-tab=alerts]")
            page.wait_for_selector("#alert-list li[data-alert]", timeout=10000)
            item = page.locator("#alert-list li[data-alert]").filter(has=page.locator("button[data-act=ack]")).first
            alert_id = item.get_attribute("data-alert")
            item.locator("input[data-note]").fill("checked from the map")
            item.locator("button[data-act=ack]").click()
            wait_js(page, f"""(() => {{ const li = document.querySelector('#alert-list li[data-alert="{alert_id}"]');
                      return !!li && li.querySelector('[data-testid=alert-status]').textContent === 'acknowledged'; }})()""")
            import httpx

            a = httpx.get(f"{url}/api/alerts/{alert_id}", headers=auth(tok)).json()
            assert a["status"] == "acknowledged"
            assert any(x["note"] == "checked from the map" and x["user_name"] == "analyst-user"
                       for x in a["actions"])
        page.evaluate("window.seasentry.map.setView([34.9, 13.2], 7, {animate: false}) && null")
        page.wait_for_timeout(400)
        final = page.screenshot(path=str(tmp_path / "dashboard.png"))
        assert map_stats(final, mbox)["colours"] > 50
        if os.environ.get("SEASENTRY_SAVE_SCREENSHOT"):
            out = ROOT / "docs" / "img" / "dashboard.png"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(final)
    finally:
        page.close()
    assert not errors, errors
    assert not foreign, f"the page fetched from outside the server: {foreign[:5]}"


def test_viewer_sees_no_analyst_controls(server, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    try:
        page.goto(server["url"] + "/")
        page.fill("#token-input", server["tokens"]["viewer"])
        page.click("#login-button")
        page.wait_for_selector("body[data-ready='1']", timeout=20000)
        assert not page.is_visible("#tabs button[data-tab=admin]")
        assert not page.is_visible("#tabs button[data-tab=screen]")
        page.click("#tabs button[data-tab=alerts]")
        page.wait_for_timeout(800)
        assert page.locator("#alert-list button[data-act]").count() == 0
        # the token is remembered: a reload logs straight in
        page.reload()
        page.wait_for_selector("body[data-ready='1']", timeout=20000)
        assert not page.is_visible("#login")
        page.click("#logout")
        page.wait_for_selector("#login:not(.hidden)")
    finally:
        page.close()
