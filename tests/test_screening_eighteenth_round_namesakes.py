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


def test_father_named_by_bin_is_not_the_listed_given_name():
    # Salim son of Kamal (سالم بن كمال): his father's name is the listed given name, his own the family name
    s = score("سالم بن كمال الحربي", "SALEMI, Kamal")
    assert 0.70 <= s <= DEFAULT_WEIGHTS.namesake_cap
    expl = compare_names("سالم بن كمال الحربي", "SALEMI, Kamal", "Person")[1]
    # (Session 16, 22f) the query's own nisba (al-Harbi), unmatched after a given name met by the listed
    # family name, now weighs in full: the name's parts alone may score below the cap, which then adds nothing
    assert any(f["feature"] == "father_is_listed_given" for f in expl["features"]) \
        or expl["features"][0]["value"] < DEFAULT_WEIGHTS.namesake_cap
    # the same given name twice in the chain is the listed person
    assert score("Muhammad Ammar Saati Bin Mohamad Nawzad", "SAATI BIN MOHAMAD NAWZAD, Mohamad Ammar") >= ALERT


def test_nisba_of_a_family_name_is_another_family():
    s = score("Hamid Abbasi", "ABBAS, Hamid")
    assert 0.70 <= s <= DEFAULT_WEIGHTS.namesake_cap
    assert score("Hamid Abbas", "ABBAS, Hamid") >= ALERT
    # a vowel ending is not the nisba (Ghazaleh / GHAZALI stays a spelling of one name)
    assert "nisba_of_family_name" not in [f["feature"] for f in
                                          compare_names("Rustom Ghazaleh", "GHAZALI, Rustum", "Person")[1]["features"]]


def test_new_company_asked_for_without_new():
    s = compare_names("Ansari Money Exchange", "NEW ANSARI MONEY EXCHANGE", "Organization")[0]
    assert 0.70 <= s <= DEFAULT_WEIGHTS.namesake_cap
    assert compare_names("New Ansari Money Exchange", "NEW ANSARI MONEY EXCHANGE", "Organization")[0] >= ALERT
    expl = compare_names("Nouvelle Ansari Money Exchange", "NEW ANSARI MONEY EXCHANGE", "Organization")[1]
    assert all(f["feature"] != "organisation_new_word_missing" for f in expl["features"])


def test_patronymics_that_disagree_are_other_fathers():
    s = score("Andrei Nikolaevich Sokolov", "SOKOLOV, Andrey Viktorovich")
    assert s < 0.70
    expl = compare_names("Andrei Nikolaevich Sokolov", "SOKOLOV, Andrey Viktorovich", "Person")[1]
    assert any(f["feature"] == "patronymics_disagree" for f in expl["features"])
    assert score("Andrei Viktorovich Sokolov", "SOKOLOV, Andrey Viktorovich") >= ALERT
    assert score("Andrei Sokolov", "SOKOLOV, Andrey Viktorovich") >= 0.70   # no patronymic given: no evidence


def test_family_name_of_the_other_sex():
    # a woman's form of a man's family name: another person of the family, or the same name written
    # abroad in the masculine form (emigres): a review, not an alert
    s = score("Ilya Kozlova", "KOZLOV, Ilya Pavlovich")
    assert 0.70 <= s <= DEFAULT_WEIGHTS.namesake_cap
    assert score("Olga Kozlova", "KOZLOVA, Olga") >= ALERT
    assert score("Olga Kozlova", "KOZLOVA, Olga Pavlovna") >= ALERT
