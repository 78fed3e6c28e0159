"""Session 16, twenty-second round (22m): an Arabic-script person's name whose first part is spelt as
a generic vocabulary word in the form of a relative adjective (مالي, Mali, is also "financial"; عربي,
Arabi, also "Arab"), asked for with no stated kind (docs/screening.md, "Session 16 (22m)").

Arabic and Persian put an adjective after its noun, so a relative adjective never opens a body's name:
the first word is not dropped as an organisation's word against a listed person
(orgwords.arabic_relative_adjective; matcher.score_names), whereas a kind word that opens a body's name
(شركة company, جامعة university) still is."""

from __future__ import annotations

import pytest

from screening_rounds import ALERT, REVIEW, found, person
from seasentry.screening import ScreeningIndex
from seasentry.screening import orgwords

ALERT_ = ALERT - 1e-9    # the index rounds scores to four digits


@pytest.fixture(scope="module")
def idx() -> ScreeningIndex:
    return ScreeningIndex([
        person("mali", "KHAN, Mali"),            # OFAC SDN ofac-12940 (title Haji)
        person("arabi", "RAHMAN, Arabi"),        # made up: the given name Arabi
        person("jaime", "GONZALEZ DURAN, Jaime"),
    ])


@pytest.mark.parametrize("query", ["حاجي مالي خان", "مالي خان", "الحاج مالي خان", "مالی خان"])
def test_given_name_spelt_as_an_adjective_found(idx, query):
    assert found(idx, query, "mali") >= ALERT_


def test_other_adjective_given_name_found(idx):
    assert found(idx, "عربي رحمن", "arabi") >= ALERT_


def test_latin_reading_unchanged(idx):
    assert found(idx, "Haji Mali Khan", "mali") >= ALERT_


def test_kind_word_opening_a_body_still_not_a_name(idx):
    # جامعة (university) opens a body's name: not the listed person's given name (session 12)
    assert found(idx, "جامعة درنة", "jaime") < REVIEW


@pytest.mark.parametrize("word,adj", [("مالي", True), ("مالية", True), ("دولي", True), ("وطني", True),
                                      ("شركة", False), ("جامعة", False), ("خان", False), ("علي", False)])
def test_relative_adjective(word, adj):
    assert orgwords.arabic_relative_adjective(word) is adj


# --- military ranks written before an Arabic-script name (query_text._AR_TITLES_RAW) ----------------

@pytest.fixture(scope="module")
def ranked() -> ScreeningIndex:
    return ScreeningIndex([
        person("adam", "ADAM, Noureddine"),       # OFAC SDN ofac-16724
        person("haftar", "HAFTAR, Khalifa"),      # made up here (the Libyan commander)
        person("soleimani", "SOLEIMANI, Qasem"),
    ])


@pytest.mark.parametrize("query,eid", [
    ("الجنرال نور الدين آدم", "adam"),          # Arabic: the general (loanword)
    ("الكولونيل نور الدين آدم", "adam"),        # the colonel (loanword)
    ("الرقيب نور الدين آدم", "adam"),           # the sergeant
    ("جنرال خليفة حفتر", "haftar"),
    ("ژنرال قاسم سلیمانی", "soleimani"),        # Persian: general
    ("سپهبد قاسم سلیمانی", "soleimani"),        # Persian: lieutenant general
])
def test_rank_before_name_is_not_a_name(ranked, query, eid):
    assert found(ranked, query, eid) >= ALERT_
