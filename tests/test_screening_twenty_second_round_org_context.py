"""Session 16, twenty-second round (22m): a country written after a body's name (Astronautics Research
Institute of Iran, Stars Group Holding Lebanon) is context, not a word of its name, when the rest is a
listed body's name itself, that body is of that country (or of none given) and none of its names holds
the country (index._body_of_country; docs/screening.md, "Session 16 (22m)"). A head of generic words only
(National Bank of X) or a fuzzy likeness (Alpha Bank Cyprus ~ ALFA-BANK) gains nothing."""

from __future__ import annotations

import pytest

from screening_rounds import ALERT, REVIEW, found
from screening_rounds import org as _org
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity

ALERT_ = ALERT - 1e-9


@pytest.fixture(scope="module")
def idx() -> ScreeningIndex:
    return ScreeningIndex([
        _org("ari", "ASTRONAUTICS RESEARCH INSTITUTE"),               # OFAC SDN ofac-27326
        _org("stars", "STARS GROUP HOLDING"),                         # OFAC SDN ofac-17039
        Entity("hidri", "x", "Organization", "HIDRI TRUST", countries=["ER"]),
        Entity("sy", "x", "Organization", "SHAHID HEMMAT INDUSTRIAL GROUP", countries=["IR"]),
        Entity("other", "x", "Organization", "KAVOSH SPACE GROUP", countries=["RU"]),   # made up
        _org("nb", "NATIONAL BANK"),
        _org("alfa", "JOINT STOCK COMPANY ALFA-BANK"),
        _org("bos", "COMMERCIAL BANK OF SYRIA"),
    ])


@pytest.mark.parametrize("query,eid", [
    ("Astronautics Research Institute of Iran", "ari"),
    ("Astronautics Research Institute Iran", "ari"),
    ("Stars Group Holding Lebanon", "stars"),
    ("Kavosh Space Group Russia", "other"),
    ("Kavosh Space Group of Russia", "other"),
])
def test_country_after_a_body_is_context(idx, query, eid):
    assert found(idx, query, eid) >= ALERT_


def test_entry_of_another_country_gains_nothing(idx):
    assert found(idx, "Kavosh Space Group of Iran", "other") < ALERT_


def test_generic_head_or_fuzzy_likeness_gains_nothing(idx):
    assert found(idx, "National Bank of Iran", "nb") < REVIEW
    assert found(idx, "Alpha Bank Cyprus", "alfa") < REVIEW


def test_country_in_the_listed_name_stays_a_name_word(idx):
    assert found(idx, "Commercial Bank of Syria", "bos") >= ALERT_


# --- a country's armed force or government named after the name (query_readings._FORCE_WORDS) ------

@pytest.fixture(scope="module")
def units() -> ScreeningIndex:
    return ScreeningIndex([
        Entity("lid", "x", "Organization", "66TH LIGHT INFANTRY DIVISION", aliases=["LID 66", "66 LID"],
               countries=["MM"]),                                   # OFAC SDN ofac-35816
        Entity("lid33", "x", "Organization", "33RD LIGHT INFANTRY DIVISION", aliases=["LID 33"],
               countries=["MM"]),                                   # OFAC SDN
        Entity("maj", "x", "Person", "HASSAN, Jamil", countries=["SY"]),
    ])


@pytest.mark.parametrize("query,eid", [
    ("LID 66 Myanmar army", "lid"),
    ("LID 33 Burmese military", "lid33"),
    ("LID 33 Myanmar junta", "lid33"),
])
def test_force_after_a_unit_is_context(units, query, eid):
    assert found(units, query, eid) >= ALERT_


def test_country_tail_force_reading():
    from seasentry.screening.query_readings import country_tail_reading
    assert country_tail_reading("LID 66 Myanmar army") == ("LID 66", "MM")
    assert country_tail_reading("Jamil Hassan Syrian regime") == ("Jamil Hassan", "SY")
    assert country_tail_reading("Bank of Syria police") is None
