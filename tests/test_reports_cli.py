"""`seasentry reports load` and `seasentry incidents`, run as a user would, on every input format;
the real Arabic article of ../shared/seed and the IOM files of ../shared/data (skipped when absent)."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, SHARED, cli_json, needs_shared, run_cli

IN = FIXTURES / "reports" / "inputs"
SEED = SHARED.parent / "seed" / "al-ain_2020-02-13_haftar-italy-maritime-border.txt"
CONTRACT = ["incident_id", "type", "start", "end", "lat", "lon", "place", "places", "persons", "organisations",
            "vessels", "counts", "sanctions", "sources", "confidence"]
ROOT = Path(__file__).resolve().parents[1]


def jsonl(*args, db):
    p = run_cli("incidents", "--format", "jsonl", *args, db=db)
    return [json.loads(x) for x in p.stdout_text.splitlines() if x.strip()]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    db = tmp_path_factory.mktemp("reports") / "r.duckdb"
    run_cli("lists", "load", ROOT / "src/seasentry/data/demo/ofac_sdn_libya_2024-05-03.csv", db=db)
    for f in ("article_en.html", "feed.rss", "reports.jsonl"):
        run_cli("reports", "load", IN / f, db=db)
    run_cli("reports", "load", IN / "incidents_generic.csv", "--columns",
            "date=When,type=Kind,lat=Y,lon=X,place=Where,dead=Dead,missing=Missing,url=Link", db=db)
    run_cli("reports", "load", IN / "iom_mmp_excerpt.csv", IN / "iom_mmp_raw_excerpt.csv", db=db)
    return db


def test_contract_fields_and_sources(loaded):
    recs = jsonl(db=loaded)
    assert recs
    for r in recs:
        assert list(r)[:len(CONTRACT)] == CONTRACT
        assert r["sources"] and all({"source", "published", "language", "sentence"} <= set(s) for s in r["sources"])
        assert 0 <= r["confidence"] <= 1
        assert r["end"] >= r["start"]
    # the HTML article and the CSV row tell the same interception: one incident, two sources
    inter = [r for r in recs if r["type"] == "interception" and r["start"] == "2023-06-13"]
    assert len(inter) == 1 and len(inter[0]["sources"]) == 2
    assert inter[0]["place"] == "Sabratha" and inter[0]["counts"]["people"] == 112
    srcs = {s["source"] for s in inter[0]["sources"]}
    assert "https://example.org/d/2" in srcs
    html_src = next(s for s in inter[0]["sources"] if s["source"] != "https://example.org/d/2")
    assert html_src["published"].startswith("2023-06-14") and html_src["language"] == "en"
    # two JSON reports of one departure from Mellitah
    dep = [r for r in recs if r["type"] == "departure" and r["place"] == "Mellitah"]
    assert len(dep) == 1 and len(dep[0]["sources"]) == 2 and dep[0]["start"] == "2024-04-30"


def test_publication_date_is_recorded_with_how(loaded, tmp_path):
    import duckdb

    con = duckdb.connect(str(loaded), read_only=True)
    rows = dict(con.execute("SELECT kind, list(DISTINCT published_how) FROM report_documents GROUP BY 1").fetchall())
    con.close()
    assert rows["html"] == ["metadata"] and rows["feed"] == ["metadata"]
    # a text file: --published, else the file time
    f = tmp_path / "note.txt"
    f.write_text("اعترض خفر السواحل الليبي أمس الأربعاء قاربا على متنه 93 مهاجرا قبالة سواحل صبراتة.", encoding="utf-8")
    os.utime(f, (time.mktime((2020, 2, 13, 12, 0, 0, 0, 0, -1)),) * 2)
    db2 = tmp_path / "s.duckdb"
    run_cli("reports", "load", f, db=db2)
    r = jsonl(db=db2)[0]
    assert r["start"] == "2020-02-12" and r["sources"][0]["published_how"] == "file_time"
    db3 = tmp_path / "t.duckdb"
    run_cli("reports", "load", f, "--published", "2020-02-20", "--source", "Test Wire", db=db3)
    r = jsonl(db=db3)[0]
    s = r["sources"][0]
    assert (s["published_how"], s["source_name"], r["start"]) == ("option", "Test Wire", "2020-02-19")


def test_filters_and_formats(loaded):
    all_ = jsonl(db=loaded)
    assert {r["type"] for r in jsonl("--type", "rescue", db=loaded)} == {"rescue"}
    win = jsonl("--start", "2023-06-13", "--end", "2023-06-13", db=loaded)
    assert win and all(r["start"] <= "2023-06-13" <= r["end"] for r in win)
    near = jsonl("--near", "32.93,12.08,30", db=loaded)   # Zuwara
    assert near and len(near) < len(all_)
    assert all(r["lat"] is not None for r in near)
    gj = cli_json("incidents", "--format", "geojson", db=loaded)
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == len(all_)
    rows = list(csv.DictReader(io.StringIO(run_cli("incidents", "--format", "csv", db=loaded).stdout_text)))
    assert len(rows) == len(all_) and {"incident_id", "type", "start", "lat", "lon", "dead"} <= set(rows[0])
    table = run_cli("incidents", db=loaded).stdout_text
    assert "Sabratha" in table
    bad = run_cli("incidents", "--near", "91,12,5", db=loaded, check=False)
    assert bad.returncode == 2 and "latitude" in bad.stderr_text and "Traceback" not in bad.stderr_text
    bad = run_cli("incidents", "--type", "party", db=loaded, check=False)
    assert bad.returncode == 2 and "unknown party" in bad.stderr_text


def test_rejects_counted_and_nothing_lost(loaded):
    rej = [json.loads(x) for x in run_cli("reports", "rejects", "--format", "jsonl", db=loaded).stdout_text.splitlines()]
    reasons = {(Path(r["path"]).name, r["item"]): r["reason"] for r in rej}
    assert reasons[("reports.jsonl", "line 4")] == "bad_json"
    assert reasons[("reports.jsonl", "line 3")] == "bad_record"
    assert reasons[("incidents_generic.csv", "line 4")] == "bad_record"     # unknown type 'invasion'
    assert reasons[("incidents_generic.csv", "line 5")] == "bad_record"     # latitude 95
    assert reasons[("feed.rss", "entry 3")] == "no_text"
    assert all(r["raw"] or r["reason"] == "no_text" for r in rej)
    summary = cli_json("reports", "--format", "json", db=loaded)
    for f in summary["files"]:
        # every row is a document, a record or a reject
        assert f["rows"] == f["documents"] + f["records"] + f["rejects"], f


def test_iom_excerpts_load_completely(loaded):
    summary = cli_json("reports", "--format", "json", db=loaded)
    by = {Path(f["path"]).name: f for f in summary["files"]}
    assert by["iom_mmp_excerpt.csv"]["records"] == 13 and by["iom_mmp_excerpt.csv"]["rejects"] == 0
    assert by["iom_mmp_raw_excerpt.csv"]["records"] == 8
    recs = jsonl("--start", "2022-03-12", "--end", "2022-03-12", db=loaded)
    surman = next(r for r in recs if any("MMP00157" in (s["item"] or "") for s in r["sources"]))
    assert surman["counts"]["dead"] == 2 and "missing" not in surman["counts"]   # IOM's -1 is left out, row kept


def test_reload_changes_nothing(loaded):
    before = jsonl(db=loaded)
    p = run_cli("reports", "load", IN / "feed.rss", db=loaded)
    assert "nothing new" in " ".join(p.stderr_text.split())
    assert jsonl(db=loaded) == before


def test_unreadable_file_fails_with_a_clear_message(tmp_path):
    f = tmp_path / "x.json"
    f.write_text("[1, 2", encoding="utf-8")
    p = run_cli("reports", "load", f, db=tmp_path / "a.duckdb", check=False)
    assert p.returncode == 1 and "nothing usable" in " ".join(p.stderr_text.split()) and "Traceback" not in p.stderr_text
    g = tmp_path / "y.csv"
    g.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    p = run_cli("reports", "load", g, db=tmp_path / "a.duckdb", check=False)
    assert p.returncode == 1 and "--columns" in " ".join(p.stderr_text.split())


def test_incident_page(loaded, tmp_path):
    rec = next(r for r in jsonl("--type", "interception", db=loaded) if r["start"] == "2023-06-13")
    out = tmp_path / "i.html"
    run_cli("incidents", "show", rec["incident_id"], "--html", out, db=loaded)
    page = out.read_text(encoding="utf-8")
    assert '<mark class="k-type"' in page and '<mark class="k-place"' in page and '<mark class="k-date"' in page
    assert "https://example.org/d/2" in page
    full = json.loads(run_cli("incidents", "show", rec["incident_id"], db=loaded).stdout_text)
    assert len(full["source_documents"]) == 2
    p = run_cli("incidents", "show", "nope", db=loaded, check=False)
    assert p.returncode == 1 and "no incident" in " ".join(p.stderr_text.split())


# ----------------------------------------------------------------------------- real data
@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed not present")
def test_real_arabic_article(tmp_path):
    """The Al-Ain article of 13 Feb 2020 (read from ../shared/seed, never copied)."""
    db = tmp_path / "seed.duckdb"
    run_cli("lists", "load", ROOT / "src/seasentry/data/demo/ofac_sdn_libya_2024-05-03.csv",
            FIXTURES / "sanctions" / "un_sc_2025-04-19_libya_excerpt.xml", db=db)
    run_cli("reports", "load", SEED, "--published", "2020-02-13", "--source", "Al-Ain", db=db)
    recs = jsonl(db=db)
    main = next(r for r in recs if r["start"] == "2020-02-13")
    assert main["type"] == "meeting" and main["place"] == "Al Rajma"
    places = {p["name"] for p in main["places"]}
    assert {"Zawiya", "Tripoli", "Al Rajma"} <= places
    rajma = next(p for p in main["places"] if p["name"] == "Al Rajma")
    assert abs(rajma["lat"] - 32.1) < 0.2 and abs(rajma["lon"] - 20.1) < 0.4   # by Benghazi
    # dates resolved against the publication date (Thursday 13 February 2020)
    got = {(r["type"], r["start"]) for r in recs}
    assert ("resolution", "2020-02-12") in got        # yesterday + weekday: the ceasefire vote
    assert ("resolution", "2020-02-11") in got        # a bare weekday: the arms-embargo extension
    assert ("meeting", "2020-02-05") in got           # a day and month in both calendars
    persons = [p["name"] for p in main["persons"]]
    assert any("حفتر" in p for p in persons)
    assert main["sanctions"] == [] and not any(p.get("sanctions") for p in main["persons"])
    assert {"maritime_border_security", "smuggling", "ceasefire", "arms_embargo"} <= set(main["topics"])
    # the tracking string and the site signature at the end are not part of the stored text
    full = json.loads(run_cli("incidents", "show", main["incident_id"], db=db).stdout_text)
    text = full["source_documents"][0]["text"]
    last_line = SEED.read_text(encoding="utf-8").strip().splitlines()[-1]
    assert last_line not in text and last_line.split()[0] not in text


@pytest.mark.shared
@needs_shared
def test_iom_central_med_loads_completely(tmp_path):
    f = SHARED / "reports" / "iom_mmp_central_med_2014_2026.csv"
    if not f.exists():
        pytest.skip("IOM file not in ../shared/data/reports")
    n_rows = len(list(csv.DictReader(open(f, encoding="utf-8"))))
    db = tmp_path / "iom.duckdb"
    rep = json.loads(run_cli("reports", "load", f, "--json", db=db).stdout_text)[0]
    assert rep["rows"] == n_rows == rep["records"] and rep["rejects"] == 0
    gj = cli_json("incidents", "--format", "geojson", db=db)
    n_sources = sum(f_["properties"]["n_sources"] for f_ in gj["features"])
    assert n_sources == n_rows          # every row is in the register (rows of one file are never merged)
    assert all(f_["geometry"] is not None for f_ in gj["features"])      # on the map
    raw = SHARED / "reports" / "iom_mmp_global_raw_2026-01_to_2026-05.csv"
    rep2 = json.loads(run_cli("reports", "load", raw, "--json", db=db).stdout_text)[0]
    assert rep2["rows"] == rep2["records"] == len(list(csv.DictReader(open(raw, encoding="utf-8"))))
