"""The detections map layer in a real headless Chromium (Debian's /usr/bin/chromium via playwright):
the Detections tab lists the scenes, the map draws footprints, dark / matched / missed markers; a
scene can be picked; a dark detection's alert opens it on the map (it has no vessel)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from test_web_browser import ARGS, CHROMIUM, map_stats, wait_js

from conftest import run_cli

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (/usr/bin/chromium)"),
    pytest.mark.slow,
]
playwright_sync = pytest.importorskip("playwright.sync_api")
pytest.importorskip("PIL.Image")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from seasentry.web import create_app
    from seasentry.web.auth import create_token

    tmp = tmp_path_factory.mktemp("detbrowser")
    sc = tmp / "sc"
    run_cli("scenario", "generate", "--seed", 42, "--hours", 36, "--vessels", 40, "--out", sc)
    run_cli("scenario", "scenes", sc)
    db = tmp / "s.duckdb"
    run_cli("run", sc / "scenario.nmea", "--detections", sc / "detections.csv", "--footprints",
            sc / "footprints.geojson", "-q", db=db)
    app = create_app(db, poll_interval_s=1.0)
    tok = create_token(app.state.ctx.store.con, "det-analyst", "analyst")["token"]
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


def test_detections_layer(server, tmp_path):
    from playwright.sync_api import sync_playwright

    url = server["url"]
    foreign, errors = [], []
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = b.new_page(viewport={"width": 1400, "height": 860})
            page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((url, "data:", "blob:")) else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url + "/")
            page.fill("#token-input", server["token"])
            page.click("#login-button")
            page.wait_for_selector("body[data-ready='1']", timeout=20000)
            box = page.locator("#map").bounding_box()
            mbox = (int(box["x"]) + 2, int(box["y"]) + 2, int(box["x"] + box["width"]) - 2,
                    int(box["y"] + box["height"]) - 2)
            before = map_stats(page.screenshot(), mbox)
            page.click("#tabs button[data-tab=detections]")
            page.wait_for_selector("body[data-detections-ready='1']", timeout=20000)
            wait_js(page, "window.seasentry.detectionsDrawn > 50")
            n_all = page.evaluate("window.seasentry.detectionsDrawn")
            assert page.locator("#det-scenes li[data-scene]").count() > 10
            page.evaluate("window.seasentry.map.setView([34.2, 13.0], 7, {animate: false}) && null")
            page.wait_for_timeout(500)
            shot = page.screenshot(path=str(tmp_path / "detections.png"))
            st = map_stats(shot, mbox)
            # dark markers (#b3001b) and footprint outlines (#6c3483) are drawn
            import io

            import numpy as np
            from PIL import Image
            img = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)
            x0, y0, x1, y1 = mbox
            a = img[y0:y1, x0:x1].reshape(-1, 3)
            dark_px = float((np.abs(a - np.array([179, 0, 27])).max(axis=1) <= 30).mean())
            assert dark_px > 0.0002, (dark_px, st, before)
            # hide dark: fewer markers; one scene: fewer still
            page.uncheck("#det-filters input[data-status=dark]")
            assert page.evaluate("window.seasentry.detectionsDrawn") < n_all
            page.check("#det-filters input[data-status=dark]")
            page.locator("#det-scenes li[data-scene]").first.click()
            page.wait_for_timeout(300)
            one = page.evaluate("window.seasentry.detectionsDrawn")
            assert 0 < one < n_all and "one scene" in page.inner_text("#det-count")
            page.click("#det-all")
            assert page.evaluate("window.seasentry.detectionsDrawn") == n_all
            # an alert on a dark detection opens it on the map, not a (non-existent) vessel panel
            page.click("#tabs button[data-tab=alerts]")
            page.wait_for_selector("#alert-list li[data-alert]", timeout=10000)
            dark_alert = page.locator("#alert-list li[data-alert]").filter(has_text="dark detection").first
            dark_alert.locator(".t").click()
            page.wait_for_selector(".leaflet-popup-content", timeout=10000)
            assert "detection" in page.inner_text(".leaflet-popup-content")
            assert not page.is_visible("#vessel-panel")
            assert not errors, errors
            assert not foreign, foreign
        finally:
            b.close()
    Path(tmp_path / "detections.png").exists()
