"""The sixth held-out screening set (tests/fixtures/screening_eval/holdout6.csv, PROVENANCE.md section
"holdout6"): its structure only. These tests never run seasentry's screening on the set's rows
(the set is scored once, by benchmarks/bench_screening.py --set holdout6); the labels are checked
against the list files with the builders' own parser (scripts/build_screening_holdout2.py), by exact
identifiers and normalised names."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SHARED, needs_shared

SETS = FIXTURES / "screening_eval"
HOLDOUT6 = SETS / "holdout6.csv"
EARLIER = ["eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv"]
RANKING_ONLY = {"qualifiers"}
KINDS = {"person_latin": "person", "person_arabic": "person", "org": "org", "vessel": "vessel"}


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _script(name: str):
    """A builder under scripts/ (holdout2's: the lists' parser and the normalised text ``key``;
    holdout3's: the hand-row reader)."""
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)   # holdout3's builder imports holdout2's by name
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


@pytest.fixture(scope="module")
def rows():
    return _rows(HOLDOUT6)


@pytest.fixture(scope="module")
def lists():
    """The UN consolidated list 2025-04-19 and OFAC SDN 2024-05-03 parsed by holdout2's parser:
    (parser module, entry by id, entry ids by normalised name)."""
    b = _script("build_screening_holdout2")
    ents = b.load_lists(SHARED)
    by_key: dict[str, list[str]] = {}
    for e in ents:
        for n in e["names"]:
            by_key.setdefault(b.key(n), []).append(e["id"])
    return b, {e["id"]: e for e in ents}, by_key


def test_holdout6_has_the_columns_categories_and_counts_of_the_earlier_sets(rows):
    assert list(rows[0]) == list(_rows(SETS / "eval_set.csv")[0])
    assert {r["split"] for r in rows} == {"holdout6"}
    assert len({r["qid"] for r in rows}) == len(rows)
    pos = [r for r in rows if r["label"] == "pos"]
    neg = [r for r in rows if r["label"] == "neg"]
    assert len(pos) + len(neg) == len(rows)
    assert len([r for r in pos if r["category"] not in RANKING_ONLY]) >= 300 and len(neg) >= 600
    assert {r["category"] for r in pos} == {"person_latin", "person_arabic", "org", "vessel", "qualifiers"}
    assert {r["category"] for r in neg} == {"family_namesake", "public_figure", "org_lookalike", "company", "place",
                                            "ais_vessel", "synthetic_person"}
    assert all(r["expected"] for r in pos) and not any(r["expected"] for r in neg)
    assert all(_arabic(r["query"]) for r in pos if r["category"] == "person_arabic")
    assert not any(_arabic(r["query"]) for r in pos if r["category"] == "person_latin")
    assert sum(_arabic(r["query"]) for r in pos) >= 100 and sum(_arabic(r["query"]) for r in neg) >= 150
    assert sum(_arabic(r["query"]) for r in pos if r["category"] == "org") >= 20     # Arabic-script bodies
    assert sum(_arabic(r["query"]) for r in neg if r["category"] == "place") >= 50   # places in Arabic and Latin
    assert all(r["imo"] or r["dob"] for r in pos if r["category"] == "qualifiers")
    assert all(r["type"] == "vessel" for r in rows if r["category"] in ("vessel", "ais_vessel"))
    # every Arabic-script row written for this set says how it reads in Latin script
    assert all("Latin: " in r["note"] for r in rows
               if _arabic(r["query"]) and r["source"] == "written for this set" and r["category"] != "place")


def test_holdout6_repeats_no_query_of_the_earlier_sets(rows):
    key = _script("build_screening_holdout2").key
    before = [r for f in EARLIER for r in _rows(SETS / f)]
    texts = {key(r["query"]) for r in before}
    quals = {(key(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) for r in before}
    for r in rows:
        if r["category"] == "qualifiers":
            assert (key(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) not in quals, r
        else:
            assert key(r["query"]) not in texts, r


def test_holdout6_is_what_its_builder_reads_from_the_written_rows(rows):
    """Every written row the set holds is a row of holdout6_positives.psv / holdout6_negatives.psv
    with the same query and category (positives: the written expected ids are kept, the builder only
    adds the other list's entry for the same person, body or vessel)."""
    written = {(r["label"], r["query"], r["dob"], r["imo"]): r
               for r in _script("build_screening_holdout3").hand_rows("holdout6")}
    for r in rows:
        if not r["source"].startswith("written for this set"):
            continue
        w = written[(r["label"], r["query"], r["dob"], r["imo"])]
        assert w["category"] == r["category"], r
        if r["label"] == "pos":
            assert set(w["expected"].split()) <= set(r["expected"].split()), r


def test_holdout6_counts_are_those_of_its_provenance(rows):
    """PROVENANCE.md's holdout6 table gives the rows of every category: the same as the file."""
    text = (SETS / "PROVENANCE.md").read_text(encoding="utf-8")
    section = text.split("## holdout6", 1)[1].split("\n## ", 1)[0]   # up to the next set's section
    table = dict(((m[0], m[1]), int(m[2])) for m in re.findall(r"^\| `(\w+)` \| (pos|neg) \| (\d+) \|", section, re.M))
    assert table == dict(Counter((r["category"], r["label"]) for r in rows))


@needs_shared
@pytest.mark.shared
def test_holdout6_labels_agree_with_the_list_files(rows, lists):
    """Every expected id is an entry of the UN consolidated list 2025-04-19 or OFAC SDN 2024-05-03
    of the right kind; no negative is written as a listed name or alias (nor its Latin reading, for
    rows in Arabic script) and none carries a listed IMO or MMSI; an AIS identity written as a
    listed vessel's name carries its own IMO (another ship)."""
    b, by_id, by_key = lists
    imos = {e["imo"] for e in by_id.values() if e["imo"]}
    mmsis = {e["mmsi"] for e in by_id.values() if e["mmsi"]}
    for r in rows:
        if r["label"] == "pos":
            for eid in r["expected"].split():
                assert eid in by_id, (r["query"], eid)
                if r["category"] in KINDS:
                    assert by_id[eid]["type"] == KINDS[r["category"]], (r["query"], eid)
            if r["imo"]:
                assert any(by_id[eid]["imo"] == r["imo"] for eid in r["expected"].split()), r
            continue
        assert not (r["imo"] and r["imo"] in imos), r
        assert not (r["mmsi"] and r["mmsi"] in mmsis), r
        if b.key(r["query"]) in by_key:
            assert r["category"] == "ais_vessel" and r["imo"], (r["query"], by_key[b.key(r["query"])])
        for reading in re.findall(r"Latin: ([^;(]+)", r["note"]):
            assert b.key(reading.strip()) not in by_key, (r["query"], reading)


@needs_shared
@pytest.mark.shared
def test_holdout6_positives_name_only_their_own_entries(rows, lists):
    """A positive (other than a ranking-only ``qualifiers`` row) whose normalised query is a listed
    name names only entries it expects: no listed entry of the same kind that it does not expect
    carries that exact name (such a query could not say which entry is meant)."""
    b, by_id, by_key = lists
    for r in rows:
        if r["label"] != "pos" or r["category"] in RANKING_ONLY:
            continue
        exp = set(r["expected"].split())
        kinds = {by_id[i]["type"] for i in exp}
        others = {i for i in by_key.get(b.key(r["query"]), []) if i not in exp and by_id[i]["type"] in kinds}
        assert not others, (r["query"], sorted(others))
