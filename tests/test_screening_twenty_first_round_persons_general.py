"""Twenty-first round (issue 15), persons in general (docs/screening.md, "Session 16 (21p)"): a country
written after a person's name, a police rank after or before it, a Korean name met across scripts
with a syllable of its given name missing. Made-up entries of the lists' forms, not rows of the sets."""

import pytest

from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity
from seasentry.screening import query_readings
from seasentry.screening.query_text import read_query

from screening_rounds import ALERT, REVIEW, found, score


@pytest.fixture(scope="module")
def idx() -> ScreeningIndex:
    p = lambda eid, name, **kw: Entity(eid, "x", "Person", name, **kw)  # noqa: E731
    return ScreeningIndex([
        p("qas", "QASSAR, Walid", countries=["SY"]), p("thu", "THURA, Zaw Lin", countries=["MM"]),
        p("naq", "NAQVI, Tariq Mahmood"), p("pak", "PAK YONG SIK"),
        Entity("bank", "x", "Organization", "COMMERCIAL BANK OF SYRIA"),
    ])


@pytest.mark.parametrize("q, head, cc", [
    ("Walid Qassar Syria", "Walid Qassar", "SY"), ("Walid Qassar Syrian", "Walid Qassar", "SY"),
    ("Walid Qassar of Syria", "Walid Qassar", "SY"), ("Zaw Lin Thura Myanmar", "Zaw Lin Thura", "MM"),
    ("Zaw Lin Thura Burmese", "Zaw Lin Thura", "MM"), ("Pak Yong Sik North Korea", "Pak Yong Sik", "KP"),
    ("Pak Yong Sik DPRK", "Pak Yong Sik", "KP")])
def test_country_after_a_name_is_read_off(q, head, cc):
    assert query_readings.country_tail_reading(q) == (head, cc)


@pytest.mark.parametrize("q", ["Walid Syria", "Ahmed Ali Misrata", "Walid Qassar", "QASSAR, Walid Syria"])
def test_no_country_reading(q):
    # one word left, a town (also a family name), nothing after the name, a list's FAMILY, Given form
    assert query_readings.country_tail_reading(q) is None


@pytest.mark.parametrize("q, eid", [("Walid Qassar Syria", "qas"), ("Walid Qassar of Syria", "qas"),
                                    ("Zaw Lin Thura Burma", "thu"), ("Zaw Lin Thura Myanmar", "thu")])
def test_person_with_country_after_alerts(idx, q, eid):
    assert found(idx, q, eid) >= ALERT - 1e-9


@pytest.mark.parametrize("q", ["Tariq Mahmood Naqvi IGP", "IGP Tariq Mahmood Naqvi", "DIG Tariq Mahmood Naqvi",
                               "Tariq Mahmood Naqvi SSP", "Addl. IGP Tariq Mahmood Naqvi",
                               "Tariq Mahmood Naqvi Lt. Gen."])
def test_police_rank_is_a_title(idx, q):
    assert read_query(q).name == "Tariq Mahmood Naqvi"
    assert found(idx, q, "naq") >= ALERT - 1e-9


@pytest.mark.parametrize("q", ["Tariq Asp", "TARIQ SP", "Dig Naqvi"])
def test_rank_letters_in_a_short_or_lower_case_name_are_kept(q):
    assert read_query(q).name == q


@pytest.mark.parametrize("q", ["سيك باك", "باك سيك", "يونغ باك"])
def test_korean_name_one_syllable_short_across_scripts(q):
    # the family name and one syllable of the two-syllable given name: another person's name
    assert score(q, "PAK YONG SIK") < REVIEW


def test_korean_name_whole_across_scripts():
    assert score("باك يونغ سيك", "PAK YONG SIK") >= ALERT
