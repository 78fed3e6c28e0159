"""Twenty-first round (issue 15), persons continued (docs/screening.md, "Session 16 (21q)"): Russian given
names written with ё or an initial е, read in the passport (ICAO) form. Made-up pairs of the lists' forms,
not rows of the sets."""

import pytest

from seasentry.screening.eastslavic import east_slavic_readings

from screening_rounds import ALERT, REVIEW, score


@pytest.mark.parametrize("press, passport", [
    ("pyotr", "petr"), ("pjotr", "petr"), ("fyodor", "fedor"), ("fiodor", "fedor"), ("semyon", "semen"),
    ("semjon", "semen"), ("artyom", "artem"), ("alyona", "alena"), ("yegor", "egor"), ("jegor", "egor"),
    ("fyodorovich", "fedorovich"), ("semyonovna", "semenovna"), ("yefimovich", "efimovich")])
def test_yo_name_read_in_passport_form(press, passport):
    assert passport in east_slavic_readings(press)


def test_ukrainian_form_reaches_the_passport_form_too():
    assert "fedor" in east_slavic_readings("fedir")


@pytest.mark.parametrize("t", ["petr", "fedor", "semen", "ivan", "yevgeny", "petro", "peter"])
def test_no_yo_reading(t):
    assert not set(east_slavic_readings(t)) & {"petr", "fedor", "semen"}


@pytest.mark.parametrize("q, listed", [
    ("Pyotr Sokolov", "SOKOLOV, Petr Ivanovich"), ("Fyodor Sokolov", "SOKOLOV, Fedor"),
    ("Semyon Sokolov", "SOKOLOV, Semen Petrovich"), ("Yegor Sokolov", "SOKOLOV, Egor"),
    ("Alyona Sokolova", "SOKOLOVA, Alena"), ("Pjotr Sokolow", "SOKOLOV, Petr"),
    ("Petr Sokolov", "SOKOLOV, Pyotr"), ("Ivan Fyodorovich Sokolov", "SOKOLOV, Ivan Fedorovich")])
def test_yo_given_name_with_family_name_alerts(q, listed):
    assert score(q, listed) >= ALERT - 1e-9


@pytest.mark.parametrize("q, listed", [("Pyotr Sokolov", "SOKOLOV, Pavel"), ("Fyodor Sokolov", "SOKOLOV, Fidel"),
                                       ("Pyotr Sokolov", "PETROV, Sokol")])
def test_other_names_stay_below_alert(q, listed):
    assert score(q, listed) < ALERT


@pytest.mark.parametrize("q, listed", [("Rao Anwar Khan", "ANWAR, Rao"), ("Imran Ahmed Khan", "AHMED, Imran"),
                                       ("Shahid Latif Khan", "LATIF, Shahid")])
def test_khan_after_a_listed_name_costs_little(q, listed):
    assert score(q, listed) >= ALERT - 1e-9


@pytest.mark.parametrize("q, listed", [("Rao Anwar Malik", "ANWAR, Rao"), ("Rao Anwar Khan", "ANWAR, Rao Ahmed"),
                                       ("Tariq Mahmood Khan", "MAHMOOD, Tariq")])
def test_other_extra_parts_and_common_names_stay_below_alert(q, listed):
    # another family name is a conflicting part; Khan never lifts a name above the name without it
    assert score(q, listed) < ALERT
    assert score(q, listed) <= score(" ".join(q.split()[:-1]), listed) + 1e-9


@pytest.mark.parametrize("q, listed", [("Benazir Ahmed", "WAZIR, Ahmed Jan"), ("Benazir Khan", "WAZIR, Khan")])
def test_a_name_beginning_like_a_filiation_is_not_read_off(q, listed):
    assert score(q, listed) < REVIEW


@pytest.mark.parametrize("q, listed", [("Mokhtar Belmokhtar", "MOKHTAR, Mokhtar"), ("Ali Benhalima", "HALIMA, Ali")])
def test_glued_filiation_before_a_name_still_read_off(q, listed):
    assert score(q, listed) >= ALERT - 1e-9
