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
    # the file by its name (never the folder it was read from on the analyst's machine)
    assert fname.rsplit("/", 1)[-1] in text and sha in text and f"<td>{line_no}</td>" in demo["tanker"].read_text()
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


# --------------------------------------------------------------------------- read by an inspector (issue 21)
def _markers(raw: str) -> list[int]:
    return [int(x) for x in re.findall(r'<g class="event-marker" data-event="(\d+)">', raw)]


def _timeline(raw: str) -> list[tuple[int, bool]]:
    """(number, has a position) of each row of section 4."""
    sec = raw[raw.index("<h2>4. Events timeline"):raw.index("<h2>5.")]
    rows = re.findall(r'<tr><td><span class="num"[^>]*>(\d+)</span></td>(.*?)</tr>', sec)
    return [(int(n), "not on the map" not in rest) for n, rest in rows]


def _svg_shapes(raw: str):
    from seasentry.alerts.svgmap import MARKER_R, label_box

    svg = raw[raw.index("<svg"):raw.index("</svg>")]
    circles = [(float(x), float(y)) for x, y in re.findall(
        r'<g class="event-marker"[^>]*><circle cx="([\d.]+)" cy="([\d.]+)"', svg)]
    labels = []
    for x, y, anchor, size, text in re.findall(r'<text x="([\d.-]+)" y="([\d.-]+)" text-anchor="(\w+)" '
                                               r'font-size="([\d.]+)"[^>]*class="port-label">([^<]*)</text>', svg):
        labels.append((html.unescape(text), label_box(float(x), float(y), html.unescape(text), float(size), anchor)))
    return circles, labels, MARKER_R


def check_inspector_file(path, db=None) -> dict:
    """What an inspector needs of a case file, whatever the vessel: every event numbered once on the
    map and in the timeline, labels clear of markers, no machine path, every code explained."""
    from seasentry.aiscodes import ship_type_name

    raw = path.read_text(encoding="utf-8")
    text = html.unescape(raw)
    rows = _timeline(raw)
    assert [n for n, _ in rows] == list(range(1, len(rows) + 1)), rows
    # one marker per listed event with a position, none for the others, none twice
    marks = _markers(raw)
    assert sorted(marks) == [n for n, has_pos in rows if has_pos], (marks, rows)
    circles, labels, r = _svg_shapes(raw)
    assert len(circles) == len(marks)
    for i, (x, y) in enumerate(circles):  # markers do not cover one another
        for (x2, y2) in circles[i + 1:]:
            assert (x - x2) ** 2 + (y - y2) ** 2 >= (2 * r) ** 2, "two event markers overlap"
    for name, (l, t, rr, b) in labels:  # port labels clear of every marker
        for x, y in circles:
            assert rr <= x - r or l >= x + r or b <= y - r or t >= y + r, f"label {name!r} under a marker"
    # no path of the analyst's machine
    for bad in filter(None, [str(ROOT), str(db.parent) if db is not None else None, str(path.parent.resolve())]):
        assert bad not in raw, bad
    assert not re.search(r"(?<![\w.:/])/(home|tmp|work|root|Users|var|mnt|srv|opt|data)/", text)
    # codes explained: ship type named, dimensions by side, AIS class, every event type's meaning
    summary = text[text.index("1. Summary"):text.index("2. Identity")]
    st = re.search(r"<td>(\d+) \(([^)]*)\)</td>", raw[raw.index("1. Summary"):raw.index("2. Identity")])
    if st:
        assert st.group(2) == ship_type_name(int(st.group(1)))
    ident = raw[raw.index("2. Identity"):raw.index("<h3>MMSIs linked")]
    for v in re.findall(r"<td>ship type</td><td>([^<]*)</td>", ident):
        code = v.split(" ")[0]
        assert f"({ship_type_name(int(code))})" in v, v
    for v in re.findall(r"<td>dimensions</td><td>([^<]*)</td>", ident):
        assert all(w in v for w in ("bow", "stern", "port", "starboard")), v
    if "<td>A (class A" not in summary and "<td>B (class B" not in summary:
        assert re.search(r"<td>(A|B) \(class", raw) is None  # a bare class letter would be unexplained
    legend = raw[raw.index('<div class="legend">'):raw.index("<h2>4.")]
    from seasentry.alerts.casefile import event_meaning

    for t in set(re.findall(r'<td><span class="num"[^>]*>\d+</span></td><td>(\w+)</td>', raw)):
        assert f"<b>{t}</b>: {html.escape(event_meaning(t))}" in legend, t
    assert "How to read this file" in text and "MMSI" in text
    return {"rows": rows, "marks": marks, "text": text}


def test_demo_case_files_read_by_an_inspector(demo, tmp_path):
    from seasentry.alerts.risk import points_text

    for key in ("tanker", "sanctioned"):
        check_inspector_file(demo[key], demo["db"])
    # the riskiest vessel of the demo (events 1 and 3 at one place, a port label beside them)
    ranked = [json.loads(x) for x in run_cli("alerts", "--format", "jsonl", db=demo["db"]).stdout_text.splitlines()]
    top = ranked[0]["mmsi"]  # as scripts/demo.sh picks it
    scores = sorted({(r["score"],) for r in ranked if r["mmsi"] == top})
    out = tmp_path / "top.html"
    info = json.loads(run_cli("case", top, "--out", out, db=demo["db"]).stdout_text.strip().splitlines()[-1])
    res = check_inspector_file(out, demo["db"])
    assert len(res["marks"]) == len(res["rows"]) >= 3
    # scores as computed (122.5, not 122), in the summary and in each alert's heading
    assert f"Risk score <b>{points_text(info['vessel_score'])}</b> points" in res["text"]
    for (sc,) in scores:
        assert f"score {points_text(sc)} (" in res["text"]
    assert any(sc != int(sc) for (sc,) in scores) or info["vessel_score"] != int(info["vessel_score"])
    # only the evidence files: the demo store also holds the exactEarth capture, which this vessel's
    # evidence does not come from; each listed file with its SHA-256 and the lines used
    raw = out.read_text(encoding="utf-8")
    ev = raw[raw.index("<h3>Evidence files"):raw.index("<h2>8.")]
    assert "exact-earth-with-tag-block.txt" not in raw
    assert "central_med_story.nmea.gz" in ev and re.search(r"<td>\d+(-\d+)?(, \d+(-\d+)?)+</td>", ev)
    quoted = set(re.findall(r"<td>(\d+)</td><td><span class='hash'>", raw))
    assert quoted and len(quoted) == int(re.search(r"</td><td>(\d+)</td><td>#", ev).group(1))


@pytest.mark.shared
def test_case_file_of_a_real_corpus_vessel(tmp_path):
    """A vessel of a real capture (../shared/data), the one with the most events."""
    from conftest import SHARED

    if not SHARED.is_dir():
        pytest.skip("../shared/data not present")
    db = tmp_path / "real.duckdb"
    run_cli("run", SHARED / "ais_nmea", "-q", db=db)
    con = duckdb.connect(str(db), read_only=True)
    mmsi = con.execute("""SELECT mmsi FROM events WHERE lat IS NOT NULL GROUP BY mmsi
                          ORDER BY count(*) DESC, mmsi LIMIT 1""").fetchone()[0]
    con.close()
    out = tmp_path / "real.html"
    run_cli("case", mmsi, "--out", out, db=db)
    res = check_inspector_file(out, db)
    # every event with a position has its mark (check_inspector_file); since session 13 the silences
    # between captures of this corpus, when nobody at all was heard, make no gap event
    # (gaps.receiver_silent), so its vessels keep one port visit each
    assert len(res["marks"]) >= 1
    assert verify_case_file(out)
