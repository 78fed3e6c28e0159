"""Accuracy of the incident extractor on the labelled reports written for seasentry
(tests/fixtures/reports/labelled): the development part and the held-out part, each on its own."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from seasentry.reports.evaluate import evaluate_file
from seasentry.reports.extract import Context

LABELLED = Path(__file__).resolve().parent / "fixtures" / "reports" / "labelled"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ctx():
    from seasentry.screening import ScreeningIndex, load_path

    ents = load_path(ROOT / "src/seasentry/data/demo/ofac_sdn_libya_2024-05-03.csv").entities
    return Context(index=ScreeningIndex(ents, {"ofac_sdn": "2024-05-03"}))


def test_labelled_set_covers_the_issue():
    items = yaml.safe_load((LABELLED / "tune.yaml").read_text()) + yaml.safe_load((LABELLED / "heldout.yaml").read_text())
    assert len(items) >= 60
    assert Counter(i["lang"] for i in items)["ar"] >= 30 and Counter(i["lang"] for i in items)["en"] >= 30
    types = Counter(i["expected"]["type"] for i in items)
    assert set(types) == {"departure", "interception", "rescue", "shipwreck", "seizure", "inspection", "meeting",
                          "resolution", "statement"}
    forms = {i["expected"]["date_form"] for i in items}
    for f in ("ar_month_egyptian", "ar_month_levantine", "ar_month_maghrebi", "ar_month_dual", "ar_yesterday_weekday",
              "ar_yesterday_weekday_mismatch", "en_day_month", "en_month_day", "en_yesterday", "en_weekday"):
        assert f in forms, f
    pforms = {i["expected"]["place_form"] for i in items}
    for f in ("ar_madina", "ar_clitic_article", "ar_clitic_b", "ar_beach", "ar_off_coast", "ar_ambiguous_context",
              "en_off", "en_beach", "en_variant_spelling", "en_ambiguous_context"):
        assert f in pforms, f
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("part", ["tune", "heldout"])
def test_accuracy(part, ctx):
    rep = evaluate_file(LABELLED / f"{part}.yaml", ctx)
    acc = rep["accuracy"]
    wrong = [(r["id"], {k: v for k, v in r.items() if k.endswith("_ok") and not v}, r["got"], r["want"])
             for r in rep["rows"] if not (r["type_ok"] and r["date_ok"] and r["place_ok"])]
    assert acc["date"] >= 0.95, (acc, wrong)
    assert acc["place"] >= 0.95, (acc, wrong)
    assert acc["type"] >= 0.90, (acc, wrong)
    # figures stated in the report, people linked to the sanctions list (or not)
    assert acc["counts"] >= 0.85, acc
    assert acc["sanctions"] == 1.0, acc
