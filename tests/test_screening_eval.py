"""The targets of issue 15 on the held-out half of the labelled evaluation set
(tests/fixtures/screening_eval), with the UN consolidated list and OFAC SDN loaded.

The lists are read from ../shared/data (the full lists are large; the test is skipped without
them); the set's integrity and the place-name rule are checked without them. The weights were
set on the 'tune' half only; this test reads the 'holdout' half."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED

from seasentry.config import ScreeningConfig
from seasentry.screening import ScreeningIndex, load_path
from seasentry.screening.evaluate import RANKING_ONLY, evaluate, load_eval_set, summarise

EVAL = FIXTURES / "screening_eval" / "eval_set.csv"
REVIEW = ScreeningConfig().review_threshold
ALERT = ScreeningConfig().alert_threshold
UN = SHARED / "sanctions" / "un" / "un_sc_consolidated_2025-04-19.xml"
SDN = SHARED / "sanctions" / "ofac" / "sdn_2024-05-03.csv"


def test_the_set_is_what_its_provenance_says():
    rows = load_eval_set(EVAL)
    pos = [r for r in rows if r["label"] == "pos"]
    neg = [r for r in rows if r["label"] == "neg"]
    assert len(pos) >= 150 and len(neg) >= 300
    cats = Counter((r["label"], r["category"], r["split"]) for r in rows)
    for label, cat in {(r["label"], r["category"]) for r in rows}:
        assert cats[(label, cat, "tune")] and cats[(label, cat, "holdout")], (label, cat)
    assert {r["category"] for r in neg} >= {"family_namesake", "public_figure", "place", "ais_vessel",
                                            "synthetic_person", "org_lookalike"}
    assert {r["category"] for r in pos} >= {"person_latin", "person_arabic", "org", "vessel", "qualifiers",
                                            "un_treated"}
    assert all(r["expected"] for r in pos) and not any(r["expected"] for r in neg)
    # Arabic and Latin script on both sides
    arabic = lambda r: any("\u0600" <= c <= "\u06ff" for c in r["query"])  # noqa: E731
    assert sum(map(arabic, pos)) >= 50 and sum(map(arabic, neg)) >= 100
    assert len({r["qid"] for r in rows}) == len(rows)
    assert (FIXTURES / "screening_eval" / "PROVENANCE.md").exists()


def test_place_names_never_alert_on_the_libya_lists():
    """Without ../shared: every place-name query of the set against the in-repo UN and OFAC Libya
    excerpts (the entries whose names share most with Libyan places) stays below alert."""
    ents = (load_path(FIXTURES / "sanctions" / "un_sc_2025-04-19_libya_excerpt.xml").entities
            + load_path(FIXTURES / "sanctions" / "ofac_sdn_2024-05-03_excerpt.csv").entities)
    idx = ScreeningIndex(ents)
    places = [r for r in load_eval_set(EVAL) if r["category"] == "place"]
    assert len(places) > 300
    alerts = [(r["query"], m["name"], m["score"]) for r in places
              for m in idx.screen_name(r["query"], explain=False) if m["decision"] == "alert"]
    assert not alerts, alerts[:10]


@pytest.fixture(scope="module")
def holdout():
    if not (UN.exists() and SDN.exists()):
        pytest.skip("needs ../shared/data/sanctions (UN consolidated list, OFAC SDN)")
    idx = ScreeningIndex(load_path(UN).entities + load_path(SDN).entities)
    rows = [r for r in load_eval_set(EVAL) if r["split"] == "holdout"]
    return summarise(evaluate(idx, rows), levels=(REVIEW, ALERT))


@pytest.mark.shared
def test_issue_15_targets_on_the_held_out_half(holdout):
    s = holdout
    assert s.n_pos >= 150 and s.n_neg >= 300
    assert s.false_per_1000[ALERT] <= 5.0, s.false_per_1000
    assert s.recall[REVIEW] >= 0.97, s.recall
    assert s.false_per_1000[REVIEW] <= 50.0, s.false_per_1000
    assert s.by_category["person_latin"][f"recall@{ALERT:.2f}"] >= 0.85   # Latin transliteration variants
    assert s.by_category["place"][f"false@{ALERT:.2f}"] == 0                # place names never alert
    assert s.recall[ALERT] >= 0.89, s.recall   # see the next test for the target itself


@pytest.mark.shared
@pytest.mark.xfail(strict=True, reason="alert recall on the held-out half is 0.897 (191 of 213), target 0.90: "
                                       "not met (docs/screening.md, Evaluation)")
def test_issue_15_alert_recall_target(holdout):
    assert holdout.recall[ALERT] >= 0.90, holdout.recall


@pytest.mark.shared
def test_qualifiers_put_the_right_entry_first(holdout):
    assert holdout.ranked_first is not None and holdout.ranked_first >= 0.9
    assert RANKING_ONLY == {"qualifiers"}


# --------------------------------------------------------------------------- holdout2
# A second held-out set (tests/fixtures/screening_eval/holdout2.csv, PROVENANCE.md section
# "holdout2"), built the same way by scripts/build_screening_holdout2.py and labelled by reading
# the lists, never by running the matcher: nobody tuned against it. The same targets of issue 15.

HOLDOUT2 = FIXTURES / "screening_eval" / "holdout2.csv"


def _normaliser():
    """The normalised text the builder compares queries by (scripts/build_screening_holdout2.key)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_screening_holdout2", FIXTURES.parents[1] / "scripts" / "build_screening_holdout2.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.key


def test_holdout2_is_what_its_provenance_says():
    rows = load_eval_set(HOLDOUT2)
    assert rows and list(rows[0]) == list(load_eval_set(EVAL)[0])   # same columns as eval_set.csv
    assert {r["split"] for r in rows} == {"holdout2"}
    pos = [r for r in rows if r["label"] == "pos"]
    neg = [r for r in rows if r["label"] == "neg"]
    assert len([r for r in pos if r["category"] not in RANKING_ONLY]) >= 150 and len(neg) >= 300
    assert {r["category"] for r in pos} >= {"person_latin", "person_arabic", "org", "vessel", "qualifiers"}
    assert {r["category"] for r in neg} >= {"family_namesake", "public_figure", "org_lookalike", "company", "place",
                                            "ais_vessel", "synthetic_person"}
    assert all(r["expected"] for r in pos) and not any(r["expected"] for r in neg)
    arabic = lambda r: any("\u0600" <= c <= "\u06ff" for c in r["query"])  # noqa: E731
    assert sum(map(arabic, pos)) >= 50 and sum(map(arabic, neg)) >= 100
    assert len({r["qid"] for r in rows}) == len(rows)
    # independent of the first set: no query of eval_set.csv again (same normalised text; a
    # qualifier row is its name with its date of birth, nationality, IMO, MMSI and flag)
    norm = _normaliser()
    first = load_eval_set(EVAL)
    texts = {norm(r["query"]) for r in first}
    quals = {(norm(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) for r in first}
    for r in rows:
        if r["category"] == "qualifiers":
            assert (norm(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) not in quals, r
        else:
            assert norm(r["query"]) not in texts, r
    text = (FIXTURES / "screening_eval" / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "holdout2" in text and "never tuned against" in text


@pytest.fixture(scope="module")
def holdout2():
    if not (UN.exists() and SDN.exists()):
        pytest.skip("needs ../shared/data/sanctions (UN consolidated list, OFAC SDN)")
    idx = ScreeningIndex(load_path(UN).entities + load_path(SDN).entities)
    return summarise(evaluate(idx, load_eval_set(HOLDOUT2)), levels=(REVIEW, ALERT))


@pytest.mark.shared
def test_issue_15_targets_on_the_second_held_out_set(holdout2):
    s = holdout2
    assert s.n_pos >= 150 and s.n_neg >= 300
    assert s.recall[ALERT] >= 0.90, s.recall
    assert s.false_per_1000[ALERT] <= 5.0, s.false_per_1000
    assert s.recall[REVIEW] >= 0.97, s.recall
    assert s.false_per_1000[REVIEW] <= 50.0, s.false_per_1000
    assert s.by_category["person_latin"][f"recall@{ALERT:.2f}"] >= 0.85, s.by_category["person_latin"]
    assert s.by_category["place"][f"false@{ALERT:.2f}"] == 0, s.by_category["place"]   # place names never alert


@pytest.mark.shared
def test_qualifiers_put_the_right_entry_first_on_the_second_held_out_set(holdout2):
    assert holdout2.ranked_first is not None and holdout2.ranked_first >= 0.9, holdout2.ranked_first
