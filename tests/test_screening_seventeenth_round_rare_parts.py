"""Session 14, seventeenth round of issue 15: a review-level floor on evidence (docs/screening.md
"Session 14, seventeenth round: rare parts agree"). A name two or more of whose rare parts each meet
a distinct part of a listed person's name, nearly alike, is at least a review (matcher.rare_parts_agree,
``rare_parts_*`` of MatchWeights), whatever the caps for a left-out given name, a part in another place
or an unpaired part made of it; never an alert; not for a relative's own given name, a sibling's
double family name, a father's name in the Arabic naming chain, an honorific (Sidi), Korean or
Chinese syllables. The list entries are made up in the lists' styles; the queries are this file's
own. The review tests fail on main (00a18ed)."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW, found, person
from seasentry.screening import ScreeningIndex, compare_names
from seasentry.screening.matcher import DEFAULT_WEIGHTS, MatchWeights

_PEOPLE = [person("kuo", "AJAK KUOLIEN MABIOR DENG", ["SS"]), person("tes", "M ASANTE, Kwabena Oduro", ["GH"]),
           person("fer", "DRUMMOND, Fergal Anthony", ["IE"]), person("zap", "ZAPATERO ARRIAGA, Rogelio", ["MX"]),
           person("war", "WARSAME, Abdikarim Farah", ["SO"]), person("sha", "SHAWESH, Abu Bakr Yunis", ["LY"]),
           person("mah", "BEN DAHA, Mahri Sidi Amar", ["ML"]), person("pak", "PAK, Kwang Ho", ["KP"]),
           person("has", "HASSAN, Ahmed Mohamed Ali", ["SD"])]
_IDX = ScreeningIndex(_PEOPLE)


def _review(query: str, eid: str) -> float:
    """The entity's score among the matches at the review threshold itself (the index's upper
    bounds must let the floor's names through)."""
    return max((m["score"] for m in _IDX.screen_name(query, explain=False) if m["entity_id"] == eid), default=0.0)


def test_given_and_fathers_names_of_a_name_in_reading_order_are_a_review():
    """A listed name in reading order (UN style), its given name and the next name written with
    another last name: two rare parts agree, the rest left out or different."""
    s = _review("Ajak Kuolien Garang", "kuo")
    assert REVIEW <= s < ALERT


def test_given_and_middle_names_with_another_family_spelling_are_a_review():
    """Two rare parts exact, the family name written whole where the list abbreviates it (M ASANTE).
    (The first example, an Eritrean W MARYAM ~ Woldemaryam, is read whole since the same round's
    Ethiopian compound rule, ethiopic.py, and scores 1.0.)"""
    s = _review("Kwabena Oduro Mensah", "tes")
    assert REVIEW <= s < ALERT


def test_an_extra_word_after_the_name_leaves_a_review():
    s = _review("Fergal DRUMMOND Kilkenny", "fer")
    assert REVIEW <= s < ALERT


def test_floor_is_explained_and_never_an_alert():
    s, expl = compare_names("Kwabena Oduro Mensah", "M ASANTE, Kwabena Oduro", "Person")
    feats = {f["feature"]: f for f in expl["features"]}
    assert "rare_parts_agree" in feats
    assert feats["rare_parts_agree"]["information"] >= DEFAULT_WEIGHTS.rare_parts_information
    assert s == DEFAULT_WEIGHTS.rare_parts_floor < ALERT
    # a higher bar of evidence leaves it where the caps put it
    hi = MatchWeights(rare_parts_information=40.0)
    assert compare_names("Kwabena Oduro Mensah", "M ASANTE, Kwabena Oduro", "Person", hi)[0] < REVIEW


def test_relatives_and_namesakes_stay_below_review():
    # the twelfth round's relative: the listed given name left out, the query's given name the
    # listed middle (father's) name, an entry tied to no country (read as the Arabic naming chain)
    idx = ScreeningIndex([person("lue", "MAKUOL, Michael Garang")])
    assert found(idx, "Garang Makuol", "lue") < REVIEW
    # a sibling's double family name (the given name differs)
    assert found(_IDX, "Marisela Zapatero Arriaga", "zap") < REVIEW
    # a relative with a given name of her own
    assert found(_IDX, "Halima Farah Warsame", "war") < REVIEW
    # the father's name in the Arabic naming chain (Abu Bakr, son of Yunis)
    assert found(_IDX, "Yunis Shawesh", "sha") < REVIEW
    # Korean syllables: the given name's syllables decide (sixteenth round)
    assert found(_IDX, "PAK KWANG-RYONG", "pak") < REVIEW
    # common parts carry too little information
    assert found(_IDX, "Mohamed Ali Hassan", "has") < REVIEW


def test_a_place_named_after_a_saint_is_not_a_person():
    """Sidi ('my lord') opens the names of saints' shrines and of the places named after them."""
    assert found(_IDX, "Sidi Amar", "mah") < REVIEW
    assert found(_IDX, "Sidi Amar Bou Hajla", "mah") < REVIEW


def test_the_structural_conditions_hold_in_a_plain_comparison():
    """Each condition of the floor on its own (compare_names: no index, no other rule in the way)."""
    # two family names alike, the given name another (written after them, court-record style)
    assert compare_names("ZAPATERO ARRIAGA Marisela", "ZAPATERO ARRIAGA, Rogelio", "Person")[0] < REVIEW
    # Sidi is an honorific, not a part that agrees: Ousmane alone is shared
    assert compare_names("Ousmane Sidi Diallo", "KAMARA, Ousmane Sidi", "Person")[0] < REVIEW
    # a Chinese given name of other syllables (sixteenth round: the syllables decide)
    assert compare_names("CHEN MEI-LING", "CHEN, Mei Hsiang", "Person")[0] < REVIEW
