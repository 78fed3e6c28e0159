"""The fifth held-out screening set (tests/fixtures/screening_eval/holdout5.csv, PROVENANCE.md section
"holdout5"): its structure only. These tests never run seasentry's screening on the set's rows
(the set is scored once, by benchmarks/bench_screening.py --set holdout5); the labels are checked
against the list files with the builder's own parser (scripts/build_screening_holdout2.py), by exact
identifiers and normalised names."""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SHARED, needs_shared

SETS = FIXTURES / "screening_eval"
HOLDOUT5 = SETS / "holdout5.csv"
EARLIER = ["eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv"]
RANKING_ONLY = {"qualifiers"}


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _builder():
    """scripts/build_screening_holdout2.py: the lists' parser and the normalised text (``key``)."""
    spec = importlib.util.spec_from_file_location("build_screening_holdout2",
                                                  ROOT / "scripts" / "build_screening_holdout2.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


@pytest.fixture(scope="module")
def rows():
    return _rows(HOLDOUT5)


def test_holdout5_has_the_columns_categories_and_counts_of_the_earlier_sets(rows):
    assert list(rows[0]) == list(_rows(SETS / "eval_set.csv")[0])
    assert {r["split"] for r in rows} == {"holdout5"}
    assert len({r["qid"] for r in rows}) == len(rows)
    pos = [r for r in rows if r["label"] == "pos"]
    neg = [r for r in rows if r["label"] == "neg"]
    assert len(pos) + len(neg) == len(rows)
    assert len([r for r in pos if r["category"] not in RANKING_ONLY]) >= 150 and len(neg) >= 300
    assert {r["category"] for r in pos} == {"person_latin", "person_arabic", "org", "vessel", "qualifiers"}
    assert {r["category"] for r in neg} == {"family_namesake", "public_figure", "org_lookalike", "company", "place",
                                            "ais_vessel", "synthetic_person"}
    assert all(r["expected"] for r in pos) and not any(r["expected"] for r in neg)
    assert all(_arabic(r["query"]) for r in pos if r["category"] == "person_arabic")
    assert not any(_arabic(r["query"]) for r in pos if r["category"] == "person_latin")
    assert sum(_arabic(r["query"]) for r in pos) >= 50 and sum(_arabic(r["query"]) for r in neg) >= 100
    assert sum(_arabic(r["query"]) for r in neg if r["category"] == "place") >= 50   # places in Arabic and Latin
    assert all(r["imo"] or r["dob"] for r in pos if r["category"] == "qualifiers")
    assert all(r["type"] == "vessel" for r in rows if r["category"] in ("vessel", "ais_vessel"))


def test_holdout5_repeats_no_query_of_the_earlier_sets(rows):
    key = _builder().key
    before = [r for f in EARLIER for r in _rows(SETS / f)]
    texts = {key(r["query"]) for r in before}
    quals = {(key(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) for r in before}
    for r in rows:
        if r["category"] == "qualifiers":
            assert (key(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) not in quals, r
        else:
            assert key(r["query"]) not in texts, r


def test_holdout5_counts_are_those_of_its_provenance(rows):
    """PROVENANCE.md's holdout5 table gives the rows of every category: the same as the file."""
    text = (SETS / "PROVENANCE.md").read_text(encoding="utf-8")
    section = text.split("## holdout5", 1)[1].split("\n## ", 1)[0]   # up to the next set's section
    table = dict(((m[0], m[1]), int(m[2])) for m in re.findall(r"^\| `(\w+)` \| (pos|neg) \| (\d+) \|", section, re.M))
    assert table == dict(Counter((r["category"], r["label"]) for r in rows))


@needs_shared
@pytest.mark.shared
def test_holdout5_labels_agree_with_the_list_files(rows):
    """Every expected id is an entry of the UN consolidated list 2025-04-19 or OFAC SDN 2024-05-03
    of the right kind; no negative is written as a listed name or alias (nor its Latin reading, for
    rows in Arabic script) and none carries a listed IMO or MMSI; an AIS identity written as a
    listed vessel's name carries its own IMO (another ship)."""
    b = _builder()
    ents = b.load_lists(SHARED)
    by_id = {e["id"]: e for e in ents}
    listed = {b.key(n): e["id"] for e in ents for n in e["names"]}
    imos = {e["imo"] for e in ents if e["imo"]}
    mmsis = {e["mmsi"] for e in ents if e["mmsi"]}
    kinds = {"person_latin": "person", "person_arabic": "person", "org": "org", "vessel": "vessel"}
    for r in rows:
        if r["label"] == "pos":
            for eid in r["expected"].split():
                assert eid in by_id, (r["query"], eid)
                if r["category"] in kinds:
                    assert by_id[eid]["type"] == kinds[r["category"]], (r["query"], eid)
            continue
        assert not (r["imo"] and r["imo"] in imos), r
        assert not (r["mmsi"] and r["mmsi"] in mmsis), r
        if b.key(r["query"]) in listed:
            assert r["category"] == "ais_vessel" and r["imo"], (r["query"], listed[b.key(r["query"])])
        for reading in re.findall(r"Latin: ([^;(]+)", r["note"]):
            assert b.key(reading.strip()) not in listed, (r["query"], reading)
