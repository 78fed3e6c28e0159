"""Rules of the sixth round of issue 15 (docs/screening.md "Sixth round"): organisations written
in Arabic or French with the generic words of state bodies and companies, one-word organisation
names, a country named on one side of an organisation's name, kunyas, Latin digraphs read as two
Arabic letters, a listed person's given and family names, the Maghrebi e for a long a, and a full
date of birth. Every proper name below is made up (Qurtabuni, Zarquna, Zorbatel ...); each test
fails on the matcher before the round (main at d5a4b6c)."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from screening_rounds import org as _org
from screening_rounds import score as _score
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity



# --------------------------------------------------------------------------- organisations
def test_state_bodies_and_companies_in_arabic_and_french():
    """Ministry, intelligence, refinery, holding, navy, air, oil, transport: the generic words of
    state bodies and companies are read in English like the kinds of bodies were (no candidate at
    all before: the Arabic words were proper words with no Latin partner)."""
    idx = ScreeningIndex([_org("r", "ZARQUNA REFINERY COMPANY"), _org("h", "ZARQUNA HOLDING"),
                          _org("m", "ZARQUNA MINISTRY OF INTELLIGENCE"), _org("t", "ZARQUNA COMPANY FOR OIL TRANSPORT"),
                          _org("n", "ZARQUNA AIR FORCE NAVY")])
    assert _found(idx, "مصفاة زرقونة", "r") >= ALERT
    assert _found(idx, "شركة زرقونة القابضة", "h") >= ALERT
    assert _found(idx, "وزارة الاستخبارات زرقونة", "m") >= ALERT
    assert _found(idx, "ministère du Renseignement de Zarquna", "m") >= ALERT
    assert _found(idx, "شركة زرقونة لنقل النفط", "t") >= ALERT


def test_an_organisations_whole_one_word_name_can_alert():
    """A one-word query that is the whole one-word name of a listed organisation, in the same script,
    rare, and no part of people's names, is asked for as if typed; a word that is also a given name
    (Sara, in the Wikidata names), or one word across scripts, stays below alert."""
    idx = ScreeningIndex([_org("z", "ZORBATEL"), _org("s", "SARA"), _org("q", "QURTABUNI TRADING COMPANY")])
    assert _found(idx, "Zorbatel", "z") >= ALERT
    assert _found(idx, "Sara", "s") < ALERT
    assert _found(idx, "زوربتل", "z") < ALERT
    assert _found(idx, "Qurtabuni", "q") < ALERT   # one word of a longer name


def test_a_country_the_listed_organisation_is_not_tied_to():
    """A query naming a country the listed name does not: a review when the entry is tied to no
    such country (its countries or programmes), an alert when it is; bodies of two countries, or a
    name of vocabulary alone whose country differs, are not a hit."""
    idx = ScreeningIndex([_org("i", "MINISTRY OF ZARQUNA AFFAIRS"),
                          _org("s", "ZARQUNA ESTATE BANK", programs=["SYRIA"]),
                          _org("g", "NATIONAL IRANIAN GAS COMPANY"),
                          _org("l", "ZARQUNA FRONT OF LIBYA")])
    assert REVIEW <= _found(idx, "Tunisian Ministry of Zarquna Affairs", "i") < ALERT - 0.04
    assert _found(idx, "Zarquna Estate Bank of Syria", "s") >= ALERT
    assert _found(idx, "National Gas Foundation", "g") < REVIEW
    assert _found(idx, "Zarquna Front of Tunisia", "l") < REVIEW
    assert _found(idx, "Zarquna Front of Libya", "l") >= ALERT


def test_a_country_adjective_is_the_country():
    """Iranian ... = ... of Iran, in any language: the adjective is read as the country's name."""
    idx = ScreeningIndex([_org("a", "ZARQUNA AUTHORITY OF IRAN")])
    assert _found(idx, "Iranian Zarquna Authority", "a") >= ALERT
    assert _found(idx, "هيئة زرقونة الإيرانية", "a") >= ALERT


def test_a_proper_word_of_the_query_left_over_in_a_match_on_vocabulary():
    """Matched on vocabulary alone (syrian, arab) while a word that names the query's body has no
    partner: another body (Syrian Arab Red Crescent is not the Syrian Arab Army); an acronym of
    the name's own words is no such word (a guard: that query was a review before the round too)."""
    idx = ScreeningIndex([_org("a", "SYRIAN ARAB ARMY"), _org("n", "NATIONAL INVESTMENT AUTHORITY")])
    assert _found(idx, "Syrian Arab Zarquna Crescent", "a") < REVIEW
    assert _found(idx, "National Investment Authority (NIA)", "n") >= REVIEW


# --------------------------------------------------------------------------- persons
def test_the_very_kunya_on_the_list():
    """A kunya (Abu + name) is two words, read as one: the very kunya on the list, with a rare name
    after Abu, alerts in one script and is a review across scripts; Abu + a common name (Abu
    Salim, also a district of Tripoli) stays below alert."""
    idx = ScreeningIndex([Entity("k", "x", "Person", "QURTABUNI, Ahmed", aliases=["ABU ZARQUNA"]),
                          Entity("c", "x", "Person", "ZORBANI, Khaled", aliases=["ABU SALIM"])])
    assert _found(idx, "Abu Zarquna", "k") >= ALERT
    assert REVIEW <= _found(idx, "أبو زرقونة", "k") < ALERT
    assert _found(idx, "Abu Salim", "c") < ALERT
    assert _found(idx, "أبو سليم", "c") < ALERT


def test_latin_digraphs_inside_a_word_may_be_two_arabic_letters():
    """th, zh inside a word: Fethi = فتحي (ت ح), Azhar = أزهر (ز ه)."""
    assert _score("فتحي القرطبوني", "QURTABUNI, Fethi") >= ALERT
    assert _score("أزهر القرطبوني", "Azhar Qurtabuni") >= ALERT
    assert _score("Fethi Qurtabuni", "QURTABUNI, Fethi") >= ALERT


def test_given_and_family_name_of_a_longer_listed_name():
    """The press writes a listed person by given and family name, leaving out the father's and
    grandfather's names: with a rare family name, that alerts; a given name with a middle name
    does not."""
    assert _score("Hassan al-Qurtabuni", "HASAN AL-ZORBANI SALIH AL-QURTABUNI") >= ALERT
    assert _score("Hassan Zorbani", "HASSAN ZORBANI SALIH QURTABUNI") < ALERT


def test_maghrebi_e_for_a_long_a():
    """Kamel is كمال in Maghrebi French transcription (imala): not parted from it as Kamil."""
    assert _score("كمال القرطبوني", "QURTABUNI, Kamel") >= REVIEW


def test_a_full_date_of_birth_singles_out_the_entry():
    """A family name alone with the entry's full date of birth: an alert; another day, or no date,
    is not."""
    idx = ScreeningIndex([Entity("p", "x", "Person", "QURTABUNI, Fethi Ben Salem", birth_dates=["1963-03-28"])])
    assert _found(idx, "Qurtabuni", "p", dob="1963-03-28") >= ALERT
    assert _found(idx, "Qurtabuni", "p", dob="1963-04-28") < ALERT
    assert _found(idx, "Qurtabuni", "p") < ALERT
