"""Eighteenth round (issue 15): namesakes by the form of the name (namesake.py, docs/screening.md
"Session 14, eighteenth round: namesakes by name form"). Own test names built on entries of the lists,
not rows of the labelled sets."""

from seasentry.screening.matcher import DEFAULT_WEIGHTS, compare_names

ALERT = 0.90 - 1e-9   # the index rounds scores to four digits


def score(a: str, b: str) -> float:
    return compare_names(a, b, "Person")[0]


def test_given_name_and_mothers_family_name_is_a_review_not_an_alert():
    # Spanish usage: CABELLO (father's) RONDON (mother's); he is called Diosdado Cabello
    s = score("Diosdado Rondon", "CABELLO RONDON, Diosdado")
    assert 0.70 <= s <= DEFAULT_WEIGHTS.namesake_cap
    assert 0.70 <= score("Nestor Torres", "REVEROL TORRES, Nestor Luis") < ALERT


def test_given_name_and_fathers_family_name_still_alerts():
    assert score("Diosdado Cabello", "CABELLO RONDON, Diosdado") >= ALERT
    assert score("Nicolas Maduro", "MADURO MOROS, Nicolas") >= ALERT
    assert score("Nestor Reverol", "REVEROL TORRES, Nestor Luis") >= ALERT


def test_both_family_names_still_alert():
    assert score("Diosdado Cabello Rondon", "CABELLO RONDON, Diosdado") >= ALERT


def test_particle_family_name_is_one_name():
    # BEN DAHA is one family name (ben is a particle), not a father's and a mother's
    assert score("Mahri Ben Daha", "BEN DAHA, Mahri Sidi Amar") >= ALERT


def test_explanation_names_the_rule():
    expl = compare_names("Nestor Reverol", "REVEROL TORRES, Nestor Luis", "Person")[1]
    assert all(f["feature"] != "maternal_surname_only" for f in expl["features"])
    expl = compare_names("Nestor Torres", "REVEROL TORRES, Nestor Luis", "Person")[1]
    assert any(f["feature"] == "maternal_surname_only" for f in expl["features"])
