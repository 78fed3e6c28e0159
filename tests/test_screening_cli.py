"""`seasentry lists` and `seasentry screen` end to end on a temporary store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from seasentry.cli import main

FIX = Path(__file__).resolve().parent / "fixtures" / "sanctions"


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "s.duckdb"
    r = CliRunner().invoke(main, ["lists", "load", str(FIX / "un_sc_2025-04-19_libya_excerpt.xml"),
                                  str(FIX / "ofac_sdn_2024-04-26_excerpt.csv"), "--db", str(path)])
    assert r.exit_code == 0, r.output
    return path


def test_lists_load_and_show(db):
    runner = CliRunner()
    r = runner.invoke(main, ["lists", "load", str(FIX / "ofac_sdn_2024-05-03_excerpt.csv"), "--db", str(db),
                             "--json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout.strip().splitlines()[-1])[0]
    assert rep["previous_version"] == "2024-04-26" and rep["added"] == 3 and rep["removed"] == 2
    assert rep["removed_ids"] == ["ofac-38556", "ofac-38557"]
    r = runner.invoke(main, ["lists", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    lists = {x["list"]: x for x in json.loads(r.stdout)}
    assert lists["ofac_sdn"]["version"] == "2024-05-03" and lists["un_sc"]["entities"] == 31
    r = runner.invoke(main, ["lists", "--db", str(db)])
    assert r.exit_code == 0 and "ofac_sdn" in r.output


def test_lists_load_bad_file_fails(tmp_path, db):
    bad = tmp_path / "x.txt"
    bad.write_text("hello")
    r = CliRunner().invoke(main, ["lists", "load", str(bad), "--db", str(db)])
    assert r.exit_code == 1


def test_screen_name_json_contract(db):
    r = CliRunner().invoke(main, ["screen", "القذافي سيف الإسلام", "--type", "person", "--dob", "1972-06-25",
                                  "--country", "LY", "--format", "json", "--db", str(db)])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["query"]["name"] == "القذافي سيف الإسلام"
    assert doc["matches"], doc
    m = doc["matches"][0]
    assert set(m) >= {"entity_id", "list", "list_version", "schema", "name", "matched_name", "score",
                      "decision", "explanation", "programs"}
    assert m["decision"] in ("alert", "review") and m["schema"] == "Person"
    assert "SAIF" in m["name"].upper()
    scores = [x["score"] for x in doc["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_screen_imo_mmsi_and_file(db, tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["screen", "--imo", "6421660", "--format", "json", "--db", str(db)])
    doc = json.loads(r.stdout)
    assert doc["matches"][0]["name"] == "THEODOROS" and doc["matches"][0]["decision"] == "alert"
    r = runner.invoke(main, ["screen", "--mmsi", "248000368", "--format", "json", "--db", str(db)])
    assert json.loads(r.stdout)["matches"][0]["name"] == "MARIE DE LOURDES I"
    q = tmp_path / "q.csv"
    q.write_text("name,type,imo,mmsi\nKhalifa Ghwell,person,,\nMARRAYA,vessel,,\n,,8023670,\n", encoding="utf-8")
    r = runner.invoke(main, ["screen", "--file", str(q), "--format", "json", "--db", str(db)])
    assert r.exit_code == 0, r.output
    docs = [json.loads(line) for line in r.stdout.strip().splitlines()]
    assert len(docs) == 3
    # Khalifa Ghwell is himself on the OFAC list (GHAWIL, Khalifa Mohamed Ahmed, LIBYA3)
    assert docs[0]["matches"][0]["entity_id"] == "ofac-19769"
    assert docs[1]["matches"][0]["name"] == "MARAYA"
    assert docs[2]["matches"][0]["name"] == "PROGRES"
    r = runner.invoke(main, ["screen", "Muammar Qadhafi", "--db", str(db)])
    assert r.exit_code == 0 and "QADHAFI" in r.output


def test_screen_without_lists_or_query(tmp_path):
    r = CliRunner().invoke(main, ["screen", "x", "--db", str(tmp_path / "empty.duckdb")])
    assert r.exit_code != 0 and "no sanctions lists" in r.output
    r = CliRunner().invoke(main, ["screen", "--db", str(tmp_path / "empty.duckdb")])
    assert r.exit_code != 0
