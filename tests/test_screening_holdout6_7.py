"""The sixth to fourteenth held-out screening sets (tests/fixtures/screening_eval/holdout6.csv,
holdout7.csv, holdout8.csv, holdout9.csv, holdout10.csv, holdout11.csv, holdout12.csv, holdout13.csv,
holdout14.csv, holdout15.csv, holdout16.csv, holdout17.csv, holdout18.csv, holdout19.csv, holdout20.csv, holdout21.csv and holdout22.csv, PROVENANCE.md sections "holdout6" to "holdout22"), all written for the set and completed by holdout5's
builder (scripts/build_screening_holdout6.py, build_screening_holdout7.py, build_screening_holdout8.py,
build_screening_holdout9.py, build_screening_holdout10.py, build_screening_holdout11.py,
build_screening_holdout12.py, build_screening_holdout13.py, build_screening_holdout14.py,
build_screening_holdout15.py, build_screening_holdout16.py, build_screening_holdout17.py,
build_screening_holdout18.py, build_screening_holdout19.py, build_screening_holdout20.py,
build_screening_holdout21.py, build_screening_holdout22.py): their
structure only. These tests never run seasentry's screening on the sets' rows (each set is scored
once, by benchmarks/bench_screening.py --set holdout6 / ... / holdout22); the labels are checked against
the list files with the builders' own parser (scripts/build_screening_holdout2.py), by exact
identifiers and normalised names (tests/screening_sets.py)."""

from __future__ import annotations

import pytest
from conftest import SHARED, needs_shared
from screening_sets import (SETS, arabic, assert_labels_agree, assert_no_query_of, assert_structure, counts, lists,
                            provenance_counts, rows_of, script)

EARLIER = ["eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv"]
# set -> (least positives, least negatives, the earlier sets none of its queries may repeat)
WRITTEN_SETS = {"holdout6": (300, 600, EARLIER), "holdout7": (500, 650, EARLIER + ["holdout6.csv"]),
                "holdout8": (800, 700, EARLIER + ["holdout6.csv", "holdout7.csv"]),
                "holdout9": (1000, 750, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv"]),
                "holdout10": (750, 700, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv"]),
                "holdout11": (750, 700, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv"]),
                "holdout12": (480, 650, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv"]),
                "holdout13": (300, 500, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv"]),
                "holdout14": (300, 600, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv", "holdout13.csv"]),
                "holdout15": (300, 600, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv", "holdout13.csv",
                                                   "holdout14.csv"]),
                "holdout16": (250, 600, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv", "holdout13.csv",
                                                   "holdout14.csv", "holdout15.csv"]),
                "holdout17": (350, 650, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv", "holdout13.csv",
                                                   "holdout14.csv", "holdout15.csv", "holdout16.csv"]),
                "holdout18": (350, 600, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv", "holdout13.csv",
                                                   "holdout14.csv", "holdout15.csv", "holdout16.csv", "holdout17.csv"]),
                "holdout19": (350, 500, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv", "holdout13.csv",
                                                   "holdout14.csv", "holdout15.csv", "holdout16.csv", "holdout17.csv",
                                                   "holdout18.csv"]),
                "holdout20": (300, 600, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv", "holdout13.csv",
                                                   "holdout14.csv", "holdout15.csv", "holdout16.csv", "holdout17.csv",
                                                   "holdout18.csv", "holdout19.csv"]),
                "holdout21": (150, 600, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv", "holdout13.csv",
                                                   "holdout14.csv", "holdout15.csv", "holdout16.csv", "holdout17.csv",
                                                   "holdout18.csv", "holdout19.csv", "holdout20.csv"]),
                "holdout22": (150, 600, EARLIER + ["holdout6.csv", "holdout7.csv", "holdout8.csv", "holdout9.csv",
                                                   "holdout10.csv", "holdout11.csv", "holdout12.csv", "holdout13.csv",
                                                   "holdout14.csv", "holdout15.csv", "holdout16.csv", "holdout17.csv",
                                                   "holdout18.csv", "holdout19.csv", "holdout20.csv", "holdout21.csv"])}
# set -> (least Arabic-script positives, negatives, organisation positives) where not (100, 150, 20):
# holdout12 has 42 Arabic-, Persian- and Urdu-script positives (PROVENANCE.md, "holdout12")
# holdout14 is written as shipping and compliance data meet names (AIS, registers, Korean, Chinese,
# Turkish and Persian people): 17 Persian-script positives, 11 of them organisations (PROVENANCE.md, "holdout14")
# holdout15 is written as search-and-rescue, border and investigation work meets names (Italian court
# records, Somali, Eritrean, South Sudanese, Sahel, Turkish people; criminal and armed groups, Syrian bodies):
# 31 Arabic-script positives, 13 of them organisations (PROVENANCE.md, "holdout15")
# holdout16 is written as embargo enforcement and UN Panel work meets names (scholarly transliteration, Arabizi,
# Turkish, Persian, free-zone, Turkish and Russian company forms): 41 Arabic- and Persian-script positives,
# 12 of them organisations (PROVENANCE.md, "holdout16")
# holdout17 is written as border-control and port documents meet names (passport MRZ, crew lists, bills of lading,
# port-agent vessel particulars; mostly Russian, Ukrainian, Turkish, Nigerian and Lebanese people, shipping companies):
# 55 Arabic- and Persian-script positives, 12 of them organisations (PROVENANCE.md, "holdout17")
# holdout18 is written as asset-freeze, financial-intelligence and corporate-ownership work meets names (payment
# messages, company registries, beneficial-ownership filings; mostly Cypriot, Swiss, Russian, Venezuelan, Turkish,
# Emirati and Hong Kong people and companies): 58 Arabic- and Persian-script positives, 23 of them organisations
# (PROVENANCE.md, "holdout18")
# holdout19 is written as names reach an offline analyst through imperfect data pipelines and open-source collection
# (mojibake, HTML entities, OCR, homoglyphs, handles and captions; people and bodies of every OFAC region): 56 Arabic-
# and Persian-script positives, 25 of them organisations (PROVENANCE.md, "holdout19")
# holdout20 is a representative sample of the ordinary workload (entities drawn at random, stratified: people 55%,
# organisations 30%, vessels 15%; no single theme): 52 Arabic- and Persian-script positives, 10 of them organisations,
# and 212 Arabic-script negatives, 60 of them places (PROVENANCE.md, "holdout20")
# holdout21 is the second representative sample, drawn as holdout20 was with a new seed (holdout20's entities
# excluded), written within the hour: 25 Arabic- and Persian-script positives, 3 of them organisations, and
# 220 Arabic-script negatives, 65 of them places (PROVENANCE.md, "holdout21")
# holdout22 is the third representative sample, drawn as holdout21 was with a new seed (holdout20's and holdout21's
# entities excluded): 21 Arabic- and Persian-script positives, 3 of them organisations (PROVENANCE.md, "holdout22")
ARABIC_MIN = {"holdout12": (40, 150, 20), "holdout14": (15, 120, 10), "holdout15": (25, 150, 10),
              "holdout16": (35, 150, 10), "holdout17": (50, 150, 10), "holdout18": (50, 150, 20),
              "holdout19": (50, 150, 20), "holdout20": (50, 150, 10), "holdout21": (20, 150, 3),
              "holdout22": (20, 150, 3)}
RANKING_ONLY = {"qualifiers"}


@pytest.fixture(scope="module", params=sorted(WRITTEN_SETS))
def held(request):
    """(name, rows) of one of the written sets."""
    return request.param, rows_of(SETS / f"{request.param}.csv")


@pytest.fixture(scope="module")
def listed():
    return lists(SHARED)


def test_has_the_columns_categories_and_counts_of_the_earlier_sets(held):
    name, rows = held
    min_pos, min_neg, _ = WRITTEN_SETS[name]
    min_ar_pos, min_ar_neg, min_ar_org = ARABIC_MIN.get(name, (100, 150, 20))
    assert_structure(rows, name, min_pos=min_pos, min_neg=min_neg, min_arabic_pos=min_ar_pos, min_arabic_neg=min_ar_neg)
    assert sum(arabic(r["query"]) for r in rows if r["label"] == "pos" and r["category"] == "org") >= min_ar_org
    # every Arabic-script row written for the set says how it reads in Latin script
    assert all("Latin: " in r["note"] for r in rows
               if arabic(r["query"]) and r["source"] == "written for this set" and r["category"] != "place")


def test_repeats_no_query_of_the_earlier_sets(held):
    name, rows = held
    assert_no_query_of(rows, WRITTEN_SETS[name][2])


def test_is_what_its_builder_reads_from_the_written_rows(held):
    """Every written row the set holds is a row of <set>_positives.psv / <set>_negatives.psv with
    the same query and category (positives: the written expected ids are kept, the builder only
    adds the other list's entry for the same person, body or vessel)."""
    name, rows = held
    written = {(r["label"], r["query"], r["dob"], r["imo"]): r
               for r in script("build_screening_holdout3").hand_rows(name)}
    for r in rows:
        if not r["source"].startswith("written for this set"):
            continue
        w = written[(r["label"], r["query"], r["dob"], r["imo"])]
        assert w["category"] == r["category"], r
        if r["label"] == "pos":
            assert set(w["expected"].split()) <= set(r["expected"].split()), r


def test_counts_are_those_of_its_provenance(held):
    """PROVENANCE.md's table for the set gives the rows of every category: the same as the file."""
    name, rows = held
    assert provenance_counts(name) == counts(rows)


@needs_shared
@pytest.mark.shared
def test_labels_agree_with_the_list_files(held, listed):
    """Every expected id is an entry of the UN consolidated list 2025-04-19 or OFAC SDN 2024-05-03
    of the right kind, and a positive's IMO is one of its expected vessels'; no negative is written
    as a listed name or alias (nor its Latin reading, for rows in Arabic script) and none carries a
    listed IMO or MMSI; an AIS identity written as a listed vessel's name carries its own IMO."""
    _, rows = held
    assert_labels_agree(rows, *listed)
    _, by_id, _ = listed
    for r in rows:
        if r["label"] == "pos" and r["imo"]:
            assert any(by_id[eid]["imo"] == r["imo"] for eid in r["expected"].split()), r


@needs_shared
@pytest.mark.shared
def test_positives_name_only_their_own_entries(held, listed):
    """A positive (other than a ranking-only ``qualifiers`` row) whose normalised query is a listed
    name names only entries it expects: no listed entry of the same kind that it does not expect
    carries that exact name (such a query could not say which entry is meant)."""
    _, rows = held
    b, by_id, by_key = listed
    for r in rows:
        if r["label"] != "pos" or r["category"] in RANKING_ONLY:
            continue
        exp = set(r["expected"].split())
        kinds = {by_id[i]["type"] for i in exp}
        others = {i for i in by_key.get(b.key(r["query"]), []) if i not in exp and by_id[i]["type"] in kinds}
        assert not others, (r["query"], sorted(others))


def test_holdout7_hand_added_twins_are_in_the_expected_ids():
    """A holdout7 row whose note says an entry was added by hand (the other list's entry for the
    same person, body or vessel, which the twin rule cannot join) expects at least two entries: the
    one written and the one added."""
    hand = [r for r in rows_of(SETS / "holdout7.csv") if "added by hand" in r["note"]]
    assert len(hand) >= 15
    for r in hand:
        assert len(set(r["expected"].split())) >= 2, r


def test_holdout8_hand_added_twins_are_in_the_expected_ids():
    """A holdout8 row whose note says an entry was added by hand (PROVENANCE.md, "holdout8": Jemaah
    Islamiyah twice, the two Great Lakes companies, Pak Yong Sik, Abid Hammadou) expects at least two
    entries: the one written and the one added."""
    hand = [r for r in rows_of(SETS / "holdout8.csv") if "added by hand" in r["note"]]
    assert len(hand) >= 6
    for r in hand:
        assert len(set(r["expected"].split())) >= 2, r


def test_holdout9_positives_expect_entries_no_earlier_set_expects():
    """holdout9 was written from list entries none of the eight earlier sets expects (PROVENANCE.md,
    "holdout9"): every ranking-only row and all but a few recall rows expect only such entries (the
    few others expect such an entry plus the other list's entry for the same person, which an earlier
    set expected), and none expects only entries an earlier set expects."""
    earlier = {i for f in WRITTEN_SETS["holdout9"][2] for r in rows_of(SETS / f) for i in r["expected"].split()}
    pos = [r for r in rows_of(SETS / "holdout9.csv") if r["label"] == "pos"]
    assert not [r for r in pos if set(r["expected"].split()) <= earlier]
    mixed = [r for r in pos if set(r["expected"].split()) & earlier]
    assert len(mixed) <= 10 and not [r for r in mixed if r["category"] == "qualifiers"], mixed


def test_holdout10_positives_expect_entries_no_earlier_set_expects():
    """holdout10 was written from list entries none of the nine earlier sets expects (PROVENANCE.md,
    "holdout10"): every ranking-only row and all but a few recall rows expect only such entries (the
    few others expect such an OFAC entry plus the UN entry of the same person, which an earlier set
    expected), and none expects only entries an earlier set expects."""
    earlier = {i for f in WRITTEN_SETS["holdout10"][2] for r in rows_of(SETS / f) for i in r["expected"].split()}
    pos = [r for r in rows_of(SETS / "holdout10.csv") if r["label"] == "pos"]
    assert not [r for r in pos if set(r["expected"].split()) <= earlier]
    mixed = [r for r in pos if set(r["expected"].split()) & earlier]
    assert len(mixed) <= 5 and not [r for r in mixed if r["category"] == "qualifiers"], mixed


def test_holdout10_hand_added_twins_are_in_the_expected_ids():
    """A holdout10 row whose note says an entry was added by hand (PROVENANCE.md, "holdout10": the
    OFAC entries of the UN's Lucien Nzambamwita, Abdullahi Osman Mohamed Caddow, Hesong Trading,
    Leader (Hong Kong) International and Korea Samjong Shipping) expects the UN entry and the OFAC
    entry written."""
    hand = [r for r in rows_of(SETS / "holdout10.csv") if "added by hand" in r["note"]]
    assert len(hand) >= 5
    for r in hand:
        exp = set(r["expected"].split())
        assert any(i.startswith("un-") for i in exp) and any(i.startswith("ofac-") for i in exp), r


def test_holdout11_positives_expect_entries_no_earlier_set_expects():
    """holdout11 was written from list entries none of the ten earlier sets expects (PROVENANCE.md,
    "holdout11"), except its vessel rows: OFAC's vessels were exhausted, so they reuse Iranian vessels
    an earlier set expected, with a query form no earlier set used (Persian or Arabic script, or a
    French prefix). Every other ranking-only and recall row expects at least one such entry, and only
    a few (the twin on the other list, which an earlier set expected) expect one an earlier set expects."""
    earlier_sets = WRITTEN_SETS["holdout11"][2]
    earlier = {i for f in earlier_sets for r in rows_of(SETS / f) for i in r["expected"].split()}
    pos = [r for r in rows_of(SETS / "holdout11.csv") if r["label"] == "pos"]
    vessels = [r for r in pos if r["category"] == "vessel"]
    assert vessels and all(arabic(r["query"]) or r["query"].lower().startswith("pétrolier") for r in vessels)
    vessel_queries = {r["query"] for f in earlier_sets for r in rows_of(SETS / f) if r["category"] == "vessel"}
    assert not any(arabic(q) for q in vessel_queries)
    others = [r for r in pos if r["category"] != "vessel"]
    assert not [r for r in others if set(r["expected"].split()) <= earlier]
    mixed = [r for r in others if set(r["expected"].split()) & earlier]
    assert len(mixed) <= 5 and not [r for r in mixed if r["category"] == "qualifiers"], mixed


def test_holdout12_positives_expect_entries_no_earlier_set_expects():
    """holdout12 was written from list entries none of the eleven earlier sets expects (PROVENANCE.md,
    "holdout12"), except its vessel rows: vessels were exhausted, so they reuse OFAC vessels an earlier
    set expected, with a ship word of another press language around the name (a query form no earlier
    set used). Every other row expects at least one such entry; at most a few also expect the other
    list's entry for the same person, which an earlier set expected."""
    earlier_sets = WRITTEN_SETS["holdout12"][2]
    earlier = {i for f in earlier_sets for r in rows_of(SETS / f) for i in r["expected"].split()}
    pos = [r for r in rows_of(SETS / "holdout12.csv") if r["label"] == "pos"]
    words = ("gemisi", "navio", "kapal", "het schip", "hajó", "nava", "fartyget")
    vessels = [r for r in pos if r["category"] == "vessel"]
    assert vessels and all(any(w in r["query"] for w in words) for r in vessels)
    vessel_queries = {r["query"].lower() for f in earlier_sets for r in rows_of(SETS / f) if r["category"] == "vessel"}
    assert not [r for r in vessels if r["query"].lower() in vessel_queries]
    others = [r for r in pos if r["category"] != "vessel"]
    assert not [r for r in others if set(r["expected"].split()) <= earlier]
    mixed = [r for r in others if set(r["expected"].split()) & earlier]
    assert len(mixed) <= 3 and not [r for r in mixed if r["category"] == "qualifiers"], mixed


# the UN Libya entries whose person OFAC also lists, and that OFAC entry (PROVENANCE.md, "holdout13":
# written next to the UN id by hand, the builder's twin rule misses most of them)
HOLDOUT13_LIBYA_TWINS = {
    "un-LYi.013": "ofac-12606", "un-LYi.011": "ofac-12607", "un-LYi.017": "ofac-12608", "un-LYi.014": "ofac-12609",
    "un-LYi.009": "ofac-12610", "un-LYi.019": "ofac-12626", "un-LYi.010": "ofac-12627", "un-LYi.012": "ofac-12628",
    "un-LYi.015": "ofac-12629", "un-LYi.016": "ofac-12631", "un-LYi.006": "ofac-12632", "un-LYi.008": "ofac-12633",
    "un-LYi.007": "ofac-12634", "un-LYi.018": "ofac-12635", "un-LYi.021": "ofac-24004", "un-LYi.024": "ofac-24310",
    "un-LYi.025": "ofac-24311", "un-LYi.026": "ofac-24312", "un-LYi.022": "ofac-24313", "un-LYi.023": "ofac-24314",
    "un-LYi.027": "ofac-24957", "un-LYi.028": "ofac-26094", "un-LYi.029": "ofac-30526"}


def test_holdout13_libyan_people_expect_both_lists_entries():
    """Every holdout13 positive naming a Libyan person both lists hold expects the UN entry and the
    OFAC entry (either one alone would count a matcher that ranks the other first as a miss), and the
    pairs are the same person: one entry's year of birth is the other's, where both give one."""
    rows = [r for r in rows_of(SETS / "holdout13.csv") if r["label"] == "pos"]
    twins = {**HOLDOUT13_LIBYA_TWINS, **{o: u for u, o in HOLDOUT13_LIBYA_TWINS.items()}}
    named = [r for r in rows if set(r["expected"].split()) & set(twins)]
    assert len(named) >= 160
    for r in named:
        exp = set(r["expected"].split())
        assert all(twins[i] in exp for i in exp & set(twins)), r


def test_holdout13_libyan_twins_are_pairs_earlier_sets_joined():
    """Each hand-written pair was expected together by a row of an earlier set (the same person on
    both lists; years of birth do not decide it: the lists disagree for Khamis, Mutassim and Ermias
    Ghermay)."""
    earlier = [set(r["expected"].split()) for f in WRITTEN_SETS["holdout13"][2] for r in rows_of(SETS / f)]
    for un, ofac in HOLDOUT13_LIBYA_TWINS.items():
        assert any({un, ofac} <= e for e in earlier), (un, ofac)


def test_holdout21_is_a_second_draw_apart_from_holdout20():
    """holdout21 is drawn as holdout20 was with a new seed (PROVENANCE.md, "holdout21"): no positive
    expects an entry holdout20 expects; the drawn entry of every person and organisation row (the first
    id written) is one no earlier set expects (the other list's entry for the same person may be one:
    four UN entries earlier sets expected alone); the Maalim Salman twin is joined by hand."""
    rows = [r for r in rows_of(SETS / "holdout21.csv") if r["label"] == "pos"]
    h20 = {i for r in rows_of(SETS / "holdout20.csv") for i in r["expected"].split()}
    earlier = {i for f in WRITTEN_SETS["holdout21"][2] for r in rows_of(SETS / f) for i in r["expected"].split()}
    assert len(rows) >= 150
    assert not [r for r in rows if set(r["expected"].split()) & h20]
    assert not [r for r in rows if r["category"] != "vessel" and r["expected"].split()[0] in earlier]
    salman = [r for r in rows if "ofac-17284" in r["expected"].split()]
    assert salman and all("un-SOi.013" in r["expected"].split() for r in salman)


def test_holdout22_is_a_third_draw_apart_from_holdout20_and_holdout21():
    """holdout22 is drawn as holdout21 was with a new seed (PROVENANCE.md, "holdout22"): no positive
    expects an entry holdout20 or holdout21 expects."""
    rows = [r for r in rows_of(SETS / "holdout22.csv") if r["label"] == "pos"]
    before = {i for f in ("holdout20.csv", "holdout21.csv") for r in rows_of(SETS / f) for i in r["expected"].split()}
    assert len(rows) >= 150
    assert not [r for r in rows if set(r["expected"].split()) & before]
