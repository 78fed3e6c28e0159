"""The targets of issue 15 on the labelled evaluation set (tests/fixtures/screening_eval), with the
UN consolidated list and OFAC SDN loaded.

The lists are read from ../shared/data (the full lists are large; the tests are skipped without
them); the set's integrity and the place-name rule are checked without them. Both halves of the
set ('tune' and 'holdout') are development data since the second round of issue 15 (the held-out
half had been looked at several times): the targets are asserted on each half and on the whole,
and the figures on 5 folds are printed by benchmarks/bench_screening.py."""

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


def test_place_names_are_written_in_one_script():
    """A place row is an Arabic name in the Arabic alphabet or a Latin name: no half-romanised
    GeoNames forms (alzawyہ, drnہ: Latin letters with an Urdu heh), no Urdu/Persian spellings, no
    invisible directional marks (see PROVENANCE.md)."""
    import unicodedata

    places = [r for r in load_eval_set(EVAL) if r["category"] == "place"]
    arabic_block = lambda c: "\u0600" <= c <= "\u06ff"  # noqa: E731
    urdu_persian = set("\u06c1\u06be\u06d2\u06cc\u06a9\u06af\u067e\u0686\u0698")
    bad = []
    for r in places:
        q = r["query"]
        has_ar = any(arabic_block(c) for c in q)
        has_latin = any(c.isalpha() and c.isascii() for c in q)
        if (has_ar and has_latin) or any(c in urdu_persian for c in q) \
                or any(unicodedata.category(c) == "Cf" for c in q):
            bad.append(q)
    assert not bad, bad
    assert sum(any(arabic_block(c) for c in r["query"]) for r in places) >= 100


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
def lists_index():
    """The index of the UN consolidated list and OFAC SDN, built once for every set of this file."""
    if not (UN.exists() and SDN.exists()):
        pytest.skip("needs ../shared/data/sanctions (UN consolidated list, OFAC SDN)")
    return ScreeningIndex(load_path(UN).entities + load_path(SDN).entities)


def _held_out_summary(idx, path: Path):
    # each set as in a fresh process (as bench_screening.py scores it): what a query retrieves can
    # depend on the queries before it through the index's posting cache (docs/screening.md, eleventh
    # round, "Order of queries")
    idx.clear_caches()
    return summarise(evaluate(idx, load_eval_set(path)), levels=(REVIEW, ALERT))


@pytest.fixture(scope="module")
def outcomes(lists_index):
    return lists_index, evaluate(lists_index, load_eval_set(EVAL))


def _summary(outcomes, split=None):
    return summarise([o for o in outcomes[1] if split in (None, o.row["split"])], levels=(REVIEW, ALERT))


@pytest.mark.shared
def test_issue_15_targets_on_the_development_data(outcomes):
    """Both halves are development data since the second round of issue 15 (docs/screening.md):
    the targets of the issue, and the margins aimed at (alert recall >= 0.92, false alerts <= 3
    per 1,000), on the whole set."""
    s = _summary(outcomes)
    assert s.n_pos >= 400 and s.n_neg >= 1200
    assert s.recall[ALERT] >= 0.92, s.recall
    assert s.false_per_1000[ALERT] <= 3.0, s.false_per_1000
    assert s.recall[REVIEW] >= 0.97, s.recall
    assert s.false_per_1000[REVIEW] <= 50.0, s.false_per_1000
    assert s.by_category["person_latin"][f"recall@{ALERT:.2f}"] >= 0.85   # Latin transliteration variants
    assert s.by_category["place"][f"false@{ALERT:.2f}"] == 0                # place names never alert


@pytest.mark.shared
@pytest.mark.parametrize("split", ["tune", "holdout"])
def test_issue_15_targets_on_each_half(outcomes, split):
    s = _summary(outcomes, split)
    assert s.n_pos >= 150 and s.n_neg >= 300
    assert s.recall[ALERT] >= 0.90, s.recall
    assert s.false_per_1000[ALERT] <= 5.0, s.false_per_1000
    assert s.recall[REVIEW] >= 0.97, s.recall
    assert s.false_per_1000[REVIEW] <= 50.0, s.false_per_1000
    assert s.by_category["person_latin"][f"recall@{ALERT:.2f}"] >= 0.85
    assert s.by_category["place"][f"false@{ALERT:.2f}"] == 0


@pytest.mark.shared
def test_qualifiers_put_the_right_entry_first(outcomes):
    s = _summary(outcomes)
    assert s.ranked_first is not None and s.ranked_first >= 0.9
    assert RANKING_ONLY == {"qualifiers"}


@pytest.mark.shared
def test_no_place_name_of_the_region_alerts(outcomes):
    """Every GeoNames place name of the region (Libya, Tunisia, Malta, Sicily: names, Arabic names
    and variants, 5,458) screened as a name against UN + OFAC: none alerts (issue 15)."""
    f = SHARED / "reports" / "geonames_central_med_places_ar.csv"
    if not f.exists():
        pytest.skip("needs ../shared/data/reports")
    idx = outcomes[0]
    names: set[str] = set()
    with f.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            names.add(r["name"])
            for col in ("names_ar", "names_latin"):
                names.update(x for x in (r[col] or "").split("|") if x)
    assert len(names) > 5000
    alerts = [(n, m["name"], m["score"]) for n in sorted(names)
              for m in idx.screen_name(n, explain=False, limit=1) if m["decision"] == "alert"]
    assert not alerts, alerts[:10]


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


def _check_held_out(path: Path, split: str, earlier: list[Path], shared_places: int = 0) -> None:
    """A held-out set's integrity: same columns as eval_set.csv, one split, enough positives and
    negatives in every category, labels present, and no query of an earlier set again (same
    normalised text; a qualifier row is its name with its date of birth, nationality, IMO, MMSI and
    flag); ``shared_places``: Arabic place names allowed in common (a town has one Arabic name)."""
    rows = load_eval_set(path)
    assert rows and list(rows[0]) == list(load_eval_set(EVAL)[0])   # same columns as eval_set.csv
    assert {r["split"] for r in rows} == {split}
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
    norm = _normaliser()
    before = [r for p in earlier for r in load_eval_set(p)]
    texts = {norm(r["query"]) for r in before}
    quals = {(norm(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) for r in before}
    for r in rows:
        if r["category"] == "qualifiers":
            assert (norm(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) not in quals, r
        elif not (shared_places and r["category"] == "place" and r["label"] == "neg"):
            assert norm(r["query"]) not in texts, r
    shared = [r for r in rows if r["category"] == "place" and norm(r["query"]) in texts]
    assert len(shared) <= shared_places, [r["query"] for r in shared]
    text = (FIXTURES / "screening_eval" / "PROVENANCE.md").read_text(encoding="utf-8")
    assert f"## {split}" in text or split in text


def test_holdout2_is_what_its_provenance_says():
    # since eval_set.csv took GeoNames' Arabic name of its towns (instead of half-romanised forms,
    # after holdout2 was built), 9 Arabic place negatives of the two sets are the same words
    # (الزاوية, درنة, مصراتة ...), nothing else is shared
    _check_held_out(HOLDOUT2, "holdout2", [EVAL], shared_places=9)
    text = (FIXTURES / "screening_eval" / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "holdout2" in text and "never tuned against" in text


# --------------------------------------------------------------------------- holdout3
# A third held-out set (tests/fixtures/screening_eval/holdout3.csv, PROVENANCE.md section
# "holdout3"), built by scripts/build_screening_holdout3.py before the third round of matcher
# changes (holdout2's misses had been read, so holdout2 became development data) and labelled by
# reading the lists, never by running the matcher.

HOLDOUT3 = FIXTURES / "screening_eval" / "holdout3.csv"


def test_holdout3_is_what_its_provenance_says():
    # independent of the first two sets: no query of eval_set.csv or holdout2.csv again
    _check_held_out(HOLDOUT3, "holdout3", [EVAL, HOLDOUT2])
    assert "## holdout3" in (FIXTURES / "screening_eval" / "PROVENANCE.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- holdout4
# A fourth held-out set (tests/fixtures/screening_eval/holdout4.csv, PROVENANCE.md section
# "holdout4"), built by scripts/build_screening_holdout4.py before the fourth round of matcher
# changes (holdout3's misses are read in that round, so holdout3 became development data) and
# labelled by reading the lists, never by running the matcher.

HOLDOUT4 = FIXTURES / "screening_eval" / "holdout4.csv"


def test_holdout4_is_what_its_provenance_says():
    # independent of the first three sets: no query of eval_set.csv, holdout2.csv or holdout3.csv again
    _check_held_out(HOLDOUT4, "holdout4", [EVAL, HOLDOUT2, HOLDOUT3])
    assert "## holdout4" in (FIXTURES / "screening_eval" / "PROVENANCE.md").read_text(encoding="utf-8")
    rows = load_eval_set(HOLDOUT4)
    orgs = [r for r in rows if r["category"] == "org"]
    arabic = lambda r: any("\u0600" <= c <= "\u06ff" for c in r["query"])  # noqa: E731
    assert len(orgs) >= 40 and sum(map(arabic, orgs)) >= 10   # organisations in Arabic too


# --------------------------------------------------------------------------- holdout5
# A fifth held-out set (tests/fixtures/screening_eval/holdout5.csv, PROVENANCE.md section
# "holdout5"; its structure and labels are checked in tests/test_screening_holdout5.py), written by
# another session while the fifth round changed the matcher, never run through it before it was
# scored. Scored once, on 2026-12-06 at 04:09 UTC, after the fifth round was merged
# (docs/screening.md "holdout5, scored once"): the precision targets were met, the recall targets
# were not (organisations and Arabic-script people missed). Its errors were read in the sixth round,
# so it is development data since; the sixth round meets every target on it (docs/screening.md
# "Sixth round"), which says nothing about unseen data.

HOLDOUT5 = FIXTURES / "screening_eval" / "holdout5.csv"

# --------------------------------------------------------------------------- holdout6
# A sixth held-out set (tests/fixtures/screening_eval/holdout6.csv, PROVENANCE.md section
# "holdout6"; its structure and labels are checked in tests/test_screening_holdout6_7.py), written by
# another session from the list files while the sixth round changed the matcher, never run through
# it before it is scored (benchmarks/bench_screening.py --set holdout6). Scored once by the coordinator
# after the sixth round (docs/screening.md "holdout6, scored once after the sixth round").

HOLDOUT6 = FIXTURES / "screening_eval" / "holdout6.csv"

# --------------------------------------------------------------------------- holdout7
# A seventh held-out set (tests/fixtures/screening_eval/holdout7.csv, PROVENANCE.md section
# "holdout7"; its structure and labels are checked in tests/test_screening_holdout6_7.py), written by
# another session from the list files while the seventh round changed the matcher, never run through
# it before it is scored (benchmarks/bench_screening.py --set holdout7). Scored once by the coordinator
# after the seventh round (docs/screening.md "holdout7, scored once after the seventh round").

HOLDOUT7 = FIXTURES / "screening_eval" / "holdout7.csv"

# --------------------------------------------------------------------------- holdout8
# An eighth held-out set (tests/fixtures/screening_eval/holdout8.csv, PROVENANCE.md section
# "holdout8"; structure and labels checked in tests/test_screening_holdout6_7.py), written by another
# session from the list files while the ninth round changed the matcher, never run through it before
# it was scored. Scored once by the coordinator after the ninth round (docs/screening.md "holdout8,
# scored once after the ninth round").

HOLDOUT8 = FIXTURES / "screening_eval" / "holdout8.csv"

# --------------------------------------------------------------------------- holdout9
# A ninth held-out set (tests/fixtures/screening_eval/holdout9.csv, PROVENANCE.md section
# "holdout9"; structure and labels checked in tests/test_screening_holdout6_7.py), written by another
# session from the list files while the tenth round changed the matcher, never run through it before
# it was scored. Scored once by the coordinator before and after the tenth round (docs/screening.md
# "holdout9, scored once after the tenth round").

HOLDOUT9 = FIXTURES / "screening_eval" / "holdout9.csv"

# --------------------------------------------------------------------------- holdout10
# A tenth held-out set (tests/fixtures/screening_eval/holdout10.csv, PROVENANCE.md section
# "holdout10"; structure and labels checked in tests/test_screening_holdout6_7.py), written by another
# session from the list files while the eleventh round changed the matcher, never run through it before
# it was scored. Scored once by the coordinator before and after the eleventh round (docs/screening.md
# "holdout10, scored once after the eleventh round").

HOLDOUT10 = FIXTURES / "screening_eval" / "holdout10.csv"

# --------------------------------------------------------------------------- holdout11
# An eleventh held-out set (tests/fixtures/screening_eval/holdout11.csv, PROVENANCE.md section
# "holdout11"; structure and labels checked in tests/test_screening_holdout6_7.py), written by another
# session from the list files before the twelfth round changed the matcher, never run through it before
# it was scored. Scored once by the coordinator before and after the twelfth round (docs/screening.md
# "holdout11, scored once after the twelfth round").

HOLDOUT11 = FIXTURES / "screening_eval" / "holdout11.csv"

# --------------------------------------------------------------------------- holdout12
# A twelfth held-out set (tests/fixtures/screening_eval/holdout12.csv, PROVENANCE.md section
# "holdout12"; structure and labels checked in tests/test_screening_holdout6_7.py), written by another
# session from the list files while the thirteenth round changed the matcher, with the press habits of
# other languages than the earlier sets', never run through the matcher before it was scored. Scored
# once by the coordinator before and after the twelfth and thirteenth rounds (docs/screening.md
# "holdout12, scored once after the thirteenth round").

HOLDOUT12 = FIXTURES / "screening_eval" / "holdout12.csv"

# --------------------------------------------------------------------------- holdout13
# A thirteenth held-out set (tests/fixtures/screening_eval/holdout13.csv, PROVENANCE.md section
# "holdout13"; structure and labels checked in tests/test_screening_holdout6_7.py), written by another
# session from the list files while the fourteenth round changed the matcher, the way this mission's
# users meet names (Libyan names in the Italian, French, Maltese and Arabic press, with titles, roles and
# places; IMO numbers in the text; translated organisation names), never run through the matcher before
# it was scored. Scored once by the coordinator before and after the fourteenth round (docs/screening.md
# "holdout13, scored once after the fourteenth round").

HOLDOUT13 = FIXTURES / "screening_eval" / "holdout13.csv"

# --------------------------------------------------------------------------- holdout14
# A fourteenth held-out set (tests/fixtures/screening_eval/holdout14.csv, PROVENANCE.md section
# "holdout14"), written by another session while the fourteenth and fifteenth rounds changed the
# matcher, as names reach the users from shipping and compliance data (AIS vessel names, register-style
# owners and managers, Korean and Chinese names in several romanisations and scripts, dates of birth
# appended), never run through the matcher before it was scored. Scored once by the coordinator before
# and after those rounds (docs/screening.md "holdout14, scored once after the fourteenth and fifteenth
# rounds").

HOLDOUT14 = FIXTURES / "screening_eval" / "holdout14.csv"

# --------------------------------------------------------------------------- holdout15
# A fifteenth held-out set (tests/fixtures/screening_eval/holdout15.csv, PROVENANCE.md section
# "holdout15"), written by another session while the sixteenth round changed the matcher, as names
# reach the users in search-and-rescue, border and investigation work (Italian court records, Maghrebi
# chains of fathers' names, Somali and Eritrean spellings, armed groups in several languages), never
# run through the matcher before it was scored. Scored once by the coordinator before session 13's
# rounds and after all of them (docs/screening.md "holdout15, scored once after the sixteenth round").

HOLDOUT15 = FIXTURES / "screening_eval" / "holdout15.csv"

# --------------------------------------------------------------------------- holdout16, holdout17, holdout18
# Three sets written blind by other helpers while session 14's seventeenth round changed the matcher
# (PROVENANCE.md sections "holdout16", "holdout17", "holdout18"): names as embargo enforcement and UN
# panels meet them (scholarly transliteration, Arabizi, Turkish/Persian spellings, free-zone, Turkish
# and Russian company forms); as border-control and port documents write them (passport MRZ, crew lists,
# bills of lading, VHF); as asset-freeze and financial work meets them (payment fields, registries,
# ship owners, relatives). Each scored once before the seventeenth round (main 00a18ed) and once after
# it (s14-int 6a161e2) (docs/screening.md "holdout16, holdout17 and holdout18, scored once").

HOLDOUT16 = FIXTURES / "screening_eval" / "holdout16.csv"
HOLDOUT17 = FIXTURES / "screening_eval" / "holdout17.csv"
HOLDOUT18 = FIXTURES / "screening_eval" / "holdout18.csv"

# --------------------------------------------------------------------------- holdout19
# A nineteenth set written blind while the eighteenth round changed the matcher (PROVENANCE.md section
# "holdout19"): names as they reach an offline analyst through imperfect data pipelines (mojibake,
# HTML entities, OCR, zero-width and full-width characters, homoglyphs, Arabic presentation forms and
# tatweel, reversed right-to-left text, cut fields) and open-source collection (handles, hashtags,
# captions). Scored once before the seventeenth round (main 00a18ed), once after it (s14-int 658714c)
# and once after the eighteenth (s14-int 10a21c4) (docs/screening.md "holdout19, scored once").

HOLDOUT19 = FIXTURES / "screening_eval" / "holdout19.csv"

# --------------------------------------------------------------------------- holdout20
# A twentieth set written blind while the nineteenth round changed the matcher (PROVENANCE.md section
# "holdout20"): the first REPRESENTATIVE sample of the daily workload the issue describes, entities
# drawn at random from the UN and OFAC lists (persons 55 %, organisations 30 %, vessels 15 %) and
# written the ordinary ways analysts and the press write them, with the issue's look-alike negatives.
# Scored once before the nineteenth round (main 90df21a) and once after it (s15-int 7a65b38)
# (docs/screening.md "holdout20, scored once").

HOLDOUT20 = FIXTURES / "screening_eval" / "holdout20.csv"

# --------------------------------------------------------------------------- holdout21
# A twenty-first set written blind while the twentieth round changed the matcher (PROVENANCE.md section
# "holdout21"): the second representative sample, drawn as holdout20 was (its sampler, a new seed, none
# of holdout20's entities). Scored once before the twentieth round (s15-int 9581e95) and once after it
# (s15-int 067007c) (docs/screening.md "holdout20 and holdout21, scored once").

HOLDOUT21 = FIXTURES / "screening_eval" / "holdout21.csv"

# --------------------------------------------------------------------------- holdout22
# A twenty-second set written blind while the twenty-first round changed the matcher (PROVENANCE.md
# section "holdout22"): the third representative sample, drawn as holdout20 and holdout21 were (holdout20's
# sampler, a new seed, none of their entities). Scored once before the twenty-first round (main c601f00)
# and once after it (s16-int db2fa68) (docs/screening.md "holdout22, scored once").

HOLDOUT22 = FIXTURES / "screening_eval" / "holdout22.csv"


# --------------------------------------------------------------------------- targets on the held-out sets
# Issue 15's targets, asserted on every held-out set (one summary per set, computed once).
# History of each set's first scoring (docs/screening.md):
# - holdout2, scored once on 2026-12-05 after the second round: alert recall 0.869, review recall 0.941,
#   qualifier rows ranked first 0.757; development data since the third round (0.925 / 0.984 after the
#   fourth).
# - holdout3, scored once on 2026-12-05 at 21:20 UTC after the third round: alert recall 0.871, false
#   alerts 5.6 per 1,000, review recall 0.929; development data since the fourth round (0.909, 3.7,
#   0.975 after it).
# - holdout4, scored once on 2026-12-06 at 00:20 UTC after the fourth round: alert recall 0.904, false
#   alerts 15.1 and false review hits 56.7 per 1,000, review recall 0.965; development data since the
#   fifth round (0.917, 3.8 (2 of 529), 0.982, 34.0 (18 of 529); Latin variants 0.935, ranked first 0.941).
# - holdout5, scored once on 2026-12-06 at 04:09 UTC after the fifth round: alert recall 0.850, false
#   alerts 0.0 (0 of 715), review recall 0.922, false review hits 32.2 (23 of 715), Latin variants
#   0.910, ranked first 1.000. Its two recall targets were strict expected failures (UNMET) until the
#   sixth round, which read its errors (development data since): 0.925 / 0.0 / 0.971 / 32.2 after it
#   (one label corrected, PROVENANCE.md).
# - holdout6, scored once on 2026-12-06 at 07:17 UTC after the sixth round: alert recall 0.870, false
#   alerts 2.9 (2 of 688), review recall 0.924, false review hits 24.7 (17 of 688), Latin variants 0.904,
#   ranked first 1.000 (before the round, d5a4b6c: 0.848 / 2.9 / 0.911 / 27.6). Its two recall
#   targets were strict expected failures (UNMET) until the seventh round, which read its errors
#   (development data since): 0.907 / 2.9 / 0.972 / 24.7 after it.
# - holdout7, scored once on 2026-12-06 at 09:39 UTC after the seventh round: alert recall 0.881, false
#   alerts 5.4 (4 of 734), review recall 0.948, false review hits 31.3 (23 of 734), Latin variants
#   0.907, ranked first 0.905, one place name at alert (before the round, ec6e22a: 0.876 / 5.4 / 0.942
#   / 31.3, the same place). Its alert-recall, false-alert, review-recall and place targets were strict
#   expected failures (UNMET); the eighth round, which read its errors (development data since), meets
#   the false-alert, place and alert-recall targets (1.4 false alerts per 1,000, no place at alert,
#   alert recall 0.904); review recall stayed below target (0.958, a strict expected failure) until the
#   ninth round, which read its errors again: 0.972 after it (every target asserted since). One label
#   corrected (PROVENANCE.md).
# - holdout8, scored once on 2026-12-06 at 12:55 UTC after the ninth round: alert recall 0.868, false
#   alerts 2.5 (2 of 785), review recall 0.935, false review hits 28.0 (22 of 785), Latin variants
#   0.888, ranked first 1.000, no place at alert (before the round, b89f904: 0.868 / 2.5 / 0.934 /
#   28.0). Its alert-recall and review-recall targets were strict expected failures (UNMET); the tenth
#   round, which read its errors (development data since; one label corrected, PROVENANCE.md), meets
#   alert recall (0.901, 996 of 1,106); review recall stayed a strict expected failure (0.954) until the
#   twelfth round: 0.972 after it (every target asserted since).
# - holdout9, scored once on 2026-12-06 at 16:06 UTC after the tenth round: alert recall 0.875, false
#   alerts 1.3 (1 of 796), review recall 0.927, false review hits 6.3 (5 of 796), Latin variants
#   0.886, ranked first 0.966, no place at alert (before the round, 610d1b4: 0.867 / 1.3 / 0.919 /
#   7.5). Its alert-recall and review-recall targets were strict expected failures (UNMET); the
#   eleventh round, which read its errors (development data since), meets both (alert recall 0.943,
#   review recall 0.973 as bench_screening.py printed them at 11dfe16; docs/screening.md "Eleventh
#   round"): every target asserted.
# - holdout10, scored once on 2026-12-06 at 19:02 UTC after the eleventh round: alert recall 0.901, false
#   alerts 1.4 (1 of 718), review recall 0.929, false review hits 11.1 (8 of 718), Latin variants 0.949,
#   ranked first 1.000, no place at alert (before the round, 7ff7c86 at 18:04 UTC: 0.881 / 1.4 / 0.918 /
#   11.1, Latin variants 0.926). Its review-recall target was a strict expected failure (UNMET) until
#   the twelfth round, which read its errors (development data since): review recall 0.983 after it
#   (benchmarks/screening_rows.py at the merged tree, 2026-12-06 21:31 UTC).
# - holdout11, scored once on 2026-12-06 at 21:33 UTC after the twelfth round: alert recall 0.827, false
#   alerts 1.4 (1 of 710), review recall 0.885, false review hits 9.9 (7 of 710), Latin variants 0.821,
#   ranked first 1.000, no place at alert (before the round, 6ed3a6c at 20:51 UTC: 0.797 / 1.4 / 0.861 /
#   9.9, Latin variants 0.814). Its alert-recall, review-recall and Latin-variant targets were strict
#   expected failures (UNMET) until the thirteenth round, which read its errors (development data
#   since): review recall 0.978, alert recall 0.924 after it (benchmarks/screening_rows.py at the merged
#   tree, 2026-12-06 22:06 UTC): every target asserted.
# - holdout12, scored once on 2026-12-06 at 22:19 UTC after the thirteenth round: alert recall 0.527, false
#   alerts 4.4 (3 of 676), review recall 0.759, false review hits 5.9 (4 of 676), Latin variants 0.704,
#   ranked first 1.000, one place at alert (before the twelfth round, 6ed3a6c at 22:18 UTC: 0.475 / 4.4 /
#   0.734 / 5.9, Latin variants 0.680, the same place). The place (جامعة درنة) was fixed after reading
#   it (58a5764: 3.0 false alerts per 1,000, no place at alert). Its alert-recall, review-recall and
#   Latin-variant targets are strict expected failures (UNMET). The fourteenth round (session 13, person
#   names) read its person errors: Latin variants at alert 0.996 after it (bench_screening.py --set
#   holdout12, 2026-12-06 23:54 UTC, under load), so that target is asserted; with the organisation
#   and vessel rules of the same round, alert recall 0.947 and review recall 0.988
#   (bench_screening.py --set holdout12 at s13-int 9385bc2, 2026-12-07 01:25 UTC): every target asserted.
# - holdout13, scored once on 2026-12-07 at 00:26 UTC after the fourteenth round: alert recall 0.701, false
#   alerts 0.0, review recall 0.878, false review hits 5.1 (3 of 594), Latin variants 0.767, ranked first
#   1.000, no place at alert (before the round, d2ec735 at 23:52 UTC: 0.696 / 0.0 / 0.873 / 5.1, Latin
#   variants 0.767). The fifteenth round read its errors (development data since): alert recall 0.932,
#   review recall 0.984, Latin variants 0.918 at s13-int 9385bc2 (01:26 UTC): every target asserted.
# - holdout14, scored once on 2026-12-07 at 00:48 UTC after the fourteenth and fifteenth rounds: alert
#   recall 0.541, false alerts 5.1 (4 of 784), review recall 0.658, false review hits 31.9, Latin variants
#   0.773, ranked first 1.000, three "places" at alert (before, d2ec735 at 00:06 UTC: 0.510 / 5.1 / 0.668
#   / 31.9, Latin variants 0.727, the same three). The sixteenth round read its errors (development data
#   since): alert recall 0.953, false alerts 3.8, review recall 0.972, false review hits 16.6, Latin
#   variants 0.991 at s13-int 9385bc2 (01:27 UTC). The three "places" (BANIYAS REFINERY, LATAKIA PORT,
#   TARTUS PORT) meet the listed BANIAS REFINERY COMPANY and the LATTAKIA / TARTOUS PORT GENERAL COMPANY,
#   the refinery's and the ports' operators: the labels are left as written and that target stays a
#   strict expected failure (docs/screening.md, holdout14 section).
# - holdout15, scored once on 2026-12-07 at 01:43 UTC after the sixteenth round (s13-int 1f61937): alert
#   recall 0.816, false alerts 1.6 (1 of 633), review recall 0.895, false review hits 22.1 (14 of 633),
#   Latin variants 0.897, ranked first 1.000, no place at alert (before session 13's rounds, d2ec735 at
#   01:42 UTC: 0.675 / 1.6 / 0.882 / 20.5, Latin variants 0.679). Its alert-recall and review-recall
#   targets were strict expected failures (UNMET). The seventeenth round's text forms and translations
#   (session 14, s14-screen17t) met its alert recall (0.911; review recall 0.941, still UNMET); the
#   whole seventeenth round merged (s14-int 6a161e2) meets both: 0.938 / 0.984.
# - holdout16, scored once on 2026-12-07 at 02:37 UTC before the seventeenth round (main 00a18ed) and at
#   03:25 UTC after it (s14-int 6a161e2): alert recall 0.838 / 0.838, false alerts 0.0 / 0.0, review
#   recall 0.903 / 0.903, false review hits 14.4 / 14.4, Latin variants 0.870 / 0.870, no place at
#   alert. Its alert-recall and review-recall targets are strict expected failures (UNMET).
# - holdout17, scored once at 02:49 UTC before the seventeenth round and at 03:26 UTC after it: alert
#   recall 0.863 / 0.873, false alerts 2.9 / 2.9, review recall 0.926 / 0.926, false review hits
#   20.5 / 21.9, Latin variants 0.946 / 0.946. Alert-recall and review-recall targets UNMET.
# - holdout18, scored once at 03:23 UTC before the seventeenth round and at 03:27 UTC after it: alert
#   recall 0.793 / 0.798, false alerts 14.4 / 14.4, review recall 0.915 / 0.917, false review hits
#   43.2 / 44.6, Latin variants 0.890 / 0.890. Alert-recall, false-alert and review-recall targets UNMET.
#   The eighteenth round, which read these three sets' errors (development data since), brings them
#   to (s14-int 10a21c4, benchmarks/screening_rows.py): holdout16 review 0.953, alert 0.914; holdout17
#   0.982 / 0.945; holdout18 0.969 / 0.894, false alerts 4.3, false review hits 46.0. Met since, so no
#   longer expected failures: holdout16's alert recall, holdout17's alert and review recall,
#   holdout18's false alerts; and holdout18's review recall (0.972) once the upper bounds knew the
#   round's organisation pairings (s14-int 306c48d); holdout18's alert recall since the twenty-first round
#   (session 16; 0.907 at s16-int 1af88f9, benchmarks/screening_rows.py).
# - holdout19, scored once at 03:47 UTC before the seventeenth round (main 00a18ed), at 03:51 UTC after it
#   (s14-int 658714c) and at 04:14 UTC after the eighteenth (s14-int 10a21c4): alert recall 0.783 / 0.785
#   / 0.796, false alerts 7.7 / 7.7 / 7.7, review recall 0.861 / 0.864 / 0.872, false review hits 29.0 /
#   29.0 / 30.9, Latin variants 0.862 / 0.862 / 0.868, no place at alert. Alert-recall, false-alert and
#   review-recall targets UNMET. The nineteenth round, which read its errors (development data since),
#   brings it to (s15-int 7a65b38, benchmarks/screening_rows.py) review 0.962, alert 0.905, false alerts
#   3.9, false review hits 29.0: its alert-recall and false-alert targets are met since.
# - holdout20, scored once at 05:51 UTC before the nineteenth round (main 90df21a) and at 06:57 UTC
#   after it (s15-int 7a65b38): alert recall 0.880 / 0.880, false alerts 6.7 / 6.7, review recall
#   0.943 / 0.943, false review hits 43.0 / 43.0, Latin variants 0.935 / 0.935, no place at alert,
#   qualifier rows ranked first 1.000. Alert-recall, false-alert and review-recall targets were UNMET
#   until the twentieth round, which read its errors (development data since): review 0.973, alert
#   0.931, false alerts 4.0, false review hits 39.0 (s15-int 067007c, benchmarks/screening_rows.py).
# - holdout21, scored once at 07:08-07:12 UTC before the twentieth round (s15-int 9581e95) and at
#   07:33-07:34 UTC after it (s15-int 067007c): alert recall 0.857 / 0.894, false alerts 4.0 / 4.0,
#   review recall 0.984 / 0.989, false review hits 47.0 / 47.0, Latin variants 0.889 / 0.889, no place
#   at alert, qualifier rows ranked first 1.000. Alert-recall target UNMET until the twenty-first round
#   (session 16: 21o, 21p, 21q, 21s, 21b), which read its errors (development data since): review 1.000,
#   alert 0.979, false alerts 1.3, false review hits 29.6 (s16-int db2fa68, benchmarks/screening_rows.py).
# - holdout22, scored once at 08:42-08:45 UTC before the twenty-first round (main c601f00) and at
#   09:35-09:37 UTC after it (s16-int db2fa68): alert recall 0.930 / 0.935, false alerts 4.9 / 4.9,
#   review recall 0.984 / 0.984, false review hits 37.6 / 22.9, Latin variants 0.946 / 0.957, no place
#   at alert, qualifier rows ranked first 1.000. Every target met, before and after. The twenty-second
#   round read its errors (development data since): review 0.995, alert 0.973, false alerts 0.0, false
#   review hits 18.0 (s16-int 1af88f9, benchmarks/screening_rows.py).

def _latin_and_ranking_met(s) -> None:
    """Enough rows, Latin transliteration variants at alert, qualifier rows ranked first."""
    assert s.n_pos >= 150 and s.n_neg >= 300
    assert s.by_category["person_latin"][f"recall@{ALERT:.2f}"] >= 0.85, s.by_category["person_latin"]
    assert s.ranked_first is not None and s.ranked_first >= 0.9, s.ranked_first


def _places_never_alert(s) -> None:
    assert s.by_category["place"][f"false@{ALERT:.2f}"] == 0, s.by_category["place"]


HELD_OUT = {"holdout2": HOLDOUT2, "holdout3": HOLDOUT3, "holdout4": HOLDOUT4, "holdout5": HOLDOUT5,
            "holdout6": HOLDOUT6, "holdout7": HOLDOUT7, "holdout8": HOLDOUT8, "holdout9": HOLDOUT9,
            "holdout10": HOLDOUT10, "holdout11": HOLDOUT11,
            "holdout12": HOLDOUT12, "holdout13": HOLDOUT13, "holdout14": HOLDOUT14,
            "holdout15": HOLDOUT15, "holdout16": HOLDOUT16, "holdout17": HOLDOUT17, "holdout18": HOLDOUT18,
            "holdout19": HOLDOUT19, "holdout20": HOLDOUT20, "holdout21": HOLDOUT21,
            "holdout22": HOLDOUT22}


def _alert_recall(s) -> None:
    assert s.recall[ALERT] >= 0.90, s.recall


def _false_alerts(s) -> None:
    assert s.false_per_1000[ALERT] <= 5.0, s.false_per_1000


def _review_recall(s) -> None:
    assert s.recall[REVIEW] >= 0.97, s.recall


def _false_review_hits(s) -> None:
    assert s.false_per_1000[REVIEW] <= 50.0, s.false_per_1000


TARGETS = {"latin_and_ranking": _latin_and_ranking_met, "places_never_alert": _places_never_alert,
           "alert_recall": _alert_recall,
           "false_alerts": _false_alerts, "review_recall": _review_recall, "false_review_hits": _false_review_hits}
# (set, target) pairs not met, as strict expected failures
UNMET: dict[tuple[str, str], str] = {
    ("holdout14", "places_never_alert"): "holdout14: BANIYAS REFINERY, LATAKIA PORT and TARTUS PORT (labelled places) "
                                         "meet the listed refinery and port operators at alert",
    ("holdout16", "review_recall"): "holdout16 scored once after the seventeenth round: review recall 0.903",
    ("holdout19", "review_recall"): "holdout19 scored once after the eighteenth round: review recall 0.872",
}


@pytest.fixture(scope="module")
def held_out(lists_index):
    summaries: dict[str, object] = {}

    def summary(name: str):
        if name not in summaries:
            summaries[name] = _held_out_summary(lists_index, HELD_OUT[name])
        return summaries[name]
    return summary


@pytest.mark.shared
@pytest.mark.parametrize("name,target", [
    pytest.param(n, t, marks=[pytest.mark.xfail(strict=True, reason=UNMET[n, t])] if (n, t) in UNMET else [])
    for n in HELD_OUT for t in TARGETS])
def test_issue_15_targets_on_the_held_out_sets(held_out, name, target):
    TARGETS[target](held_out(name))
