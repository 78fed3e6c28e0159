"""Case files through the CLI on the bundled demo: each piece of evidence is in the file (NMEA
lines with source file, line number and file SHA-256, the events, the sanctions hit, the alerts),
the content hash verifies, and a headless-Chromium screenshot shows a drawn map."""

from __future__ import annotations

import html
import json
import re
import subprocess

import duckdb
import pytest

from conftest import ROOT, run_cli
from seasentry.alerts.casefile import chromium_args, find_chromium, verify_case_file
from seasentry.alerts.svgmap import LAND, SEA, TRACK

DEMO = ROOT / "src" / "seasentry" / "data" / "demo"
STORY_TANKER, SANCTIONED_MMSI = 671940511, 249000882
CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (Debian: apt-get install chromium)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from test_alerts_cli import shared_demo

    d = tmp_path_factory.mktemp("case")
    db, _ = shared_demo(tmp_path_factory)
    tanker = d / "case-tanker.html"
    p = run_cli("case", STORY_TANKER, "--out", tanker, db=db)
    info = json.loads(p.stdout_text.strip().splitlines()[-1])
    sanc = d / "case-sanctioned.html"
    run_cli("case", SANCTIONED_MMSI, "--out", sanc, db=db)
    return {"db": db, "dir": d, "tanker": tanker, "info": info, "sanctioned": sanc}


def _text(p) -> str:
    return html.unescape(p.read_text(encoding="utf-8"))


def test_case_file_holds_every_piece_of_evidence(demo):
    text = _text(demo["tanker"])
    con = duckdb.connect(str(demo["db"]), read_only=True)
    try:
        events = con.execute("SELECT event_id, type FROM events WHERE mmsi = ? OR other_mmsi = ?",
                             [STORY_TANKER, STORY_TANKER]).fetchall()
        alerts = con.execute("SELECT alert_id, rule_id FROM alerts WHERE mmsi = ? AND active",
                             [STORY_TANKER]).fetchall()
        src = dict(con.execute("SELECT name, sha256 FROM sources WHERE status = 'complete'").fetchall())
        # the OFF position report of the gap: its original line must be in the file with file+line+hash
        off = con.execute("""SELECT r.raw, r.line_no, s.name, s.sha256 FROM raw_messages r
            JOIN sources s USING (source_id)
            JOIN positions p ON p.msg_key = r.msg_key AND p.ts = r.ts
            WHERE p.mmsi = ? AND p.ts = (SELECT start FROM events WHERE mmsi = ? AND type = 'gap')""",
                          [STORY_TANKER, STORY_TANKER]).fetchall()
        names = [r[0] for r in con.execute(
            "SELECT value FROM vessel_identities WHERE mmsi = ? AND field = 'name'", [STORY_TANKER]).fetchall()]
    finally:
        con.close()
    assert {t for _, t in events} >= {"gap", "encounter", "loitering", "identity_change"}
    for eid, _ in events:
        assert eid in text
    for aid, rule in alerts:
        assert aid in text and rule in text
    # identity history: both names, both call signs, the IMO, the flag
    assert set(names) == {"CAPE MERCHANT", "PACIFIC WAVE"} and all(n in text for n in names)
    assert "5VYG4" in text and "5VVPN" in text and "7202645" in text and "Togo" in text
    # raw evidence with chain of custody
    assert off, "gap OFF position not found in raw_messages"
    raw, line_no, fname, sha = off[0]
    row = re.search(re.escape(raw), text)
    assert row, "original NMEA line missing"
    assert fname in text and sha in text and f"<td>{line_no}</td>" in demo["tanker"].read_text()
    story = [k for k in src if k.endswith("central_med_story.nmea.gz")]
    assert story and src[story[0]] in text
    assert text.count("!AIVDM") >= 20
    # score breakdown, map, provenance
    assert "Risk score" in text and "open_registry_flag" in text and "<svg" in text
    assert demo["info"]["raw_lines"] >= 20 and demo["info"]["level"] == "red"
    assert verify_case_file(demo["tanker"])


def test_sanctions_hit_with_list_and_version(demo):
    text = _text(demo["sanctioned"])
    assert "ofac_sdn" in text and "2024-05-03" in text and "ofac-23425" in text and "LIBYA3" in text
    assert "MARIE DE LOURDES" in text and "imo" in text
    assert "!AIVDM" in text  # the static reports that carried the listed IMO


def test_case_hash_detects_tampering(demo, tmp_path):
    t = tmp_path / "t.html"
    t.write_text(demo["tanker"].read_text(encoding="utf-8").replace("PACIFIC WAVE", "PACIFIC WAVES", 1),
                 encoding="utf-8")
    assert not verify_case_file(t)


def test_case_errors_and_clean_vessel(demo, tmp_path):
    p = run_cli("case", 999999999, "--out", tmp_path / "x.html", db=demo["db"], check=False)
    assert p.returncode != 0 and "no vessel" in p.stderr_text
    con = duckdb.connect(str(demo["db"]), read_only=True)
    clean = con.execute("""SELECT mmsi FROM vessels WHERE positions > 100 AND mmsi NOT IN (SELECT mmsi FROM alerts)
        AND mmsi NOT IN (SELECT mmsi FROM vessel_context) ORDER BY mmsi LIMIT 1""").fetchone()[0]
    con.close()
    out = tmp_path / "clean.html"
    run_cli("case", clean, "--out", out, "--start", "2024-05-01T06:00:00Z", "--end", "2024-05-01T18:00:00Z",
            db=demo["db"])
    text = _text(out)
    assert "No alert rule fired" in text and "No open alert" in text and verify_case_file(out)


def _screenshot(html_path, png, tmp_path, height=2400):
    cmd = chromium_args(CHROMIUM) + [f"--user-data-dir={tmp_path / 'prof'}", f"--window-size=1100,{height}",
                                     f"--screenshot={png}", html_path.resolve().as_uri()]
    subprocess.run(cmd, capture_output=True, timeout=120)
    assert png.exists() and png.stat().st_size > 1000


def _near(rgb, hexcol, tol=8):
    c = tuple(int(hexcol[i:i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tol for a, b in zip(rgb, c))


@needs_chromium
def test_screenshot_shows_a_drawn_map(demo, tmp_path):
    from PIL import Image

    png = tmp_path / "case.png"
    _screenshot(demo["tanker"], png, tmp_path)
    img = Image.open(png).convert("RGB")
    counts = {"sea": 0, "land": 0, "track": 0}
    for (n, rgb) in img.getcolors(maxcolors=1 << 24):
        if _near(rgb, SEA):
            counts["sea"] += n
        elif _near(rgb, LAND):
            counts["land"] += n
        elif _near(rgb, TRACK, 20):
            counts["track"] += n
    assert counts["sea"] > 100_000, counts     # the map is there
    assert counts["land"] > 500, counts        # coastline/land drawn (Malta, Libya)
    assert counts["track"] > 300, counts       # the track drawn
    # a blank page would fail: the same check on an empty map
    blank = tmp_path / "blank.html"
    blank.write_text(f'<html><body><svg width="900" height="900"><rect width="900" height="900" fill="{SEA}"/>'
                     "</svg></body></html>")
    png2 = tmp_path / "blank.png"
    _screenshot(blank, png2, tmp_path, height=1000)
    cols = Image.open(png2).convert("RGB").getcolors(maxcolors=1 << 24)
    assert sum(n for n, rgb in cols if _near(rgb, LAND)) == 0


@needs_chromium
def test_case_pdf(demo, tmp_path):
    pdf = tmp_path / "case.pdf"
    run_cli("case", STORY_TANKER, "--out", tmp_path / "c.html", "--pdf", pdf, db=demo["db"])
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000


def test_no_external_resources(demo):
    raw = demo["tanker"].read_text(encoding="utf-8")
    assert not re.search(r'<(script|link|img)\b', raw)
    assert "http://" not in raw.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in raw
