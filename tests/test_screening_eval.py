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
