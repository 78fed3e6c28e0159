"""Rules of the sixteenth round of issue 15 for organisation names (docs/screening.md "Session 13,
sixteenth round: organisation names as registers write them"): the abbreviations ship registers and
compliance lists write in companies' names (SHPG, TRDG, MGMT, GEN, NAV, PETCHEM ...) are read as their
words, in the query and in the listed name alike; the ambiguous ones (Gen, Nav, Mar, Dev ...) only beside
a legal form or another register abbreviation. Every proper name below is made up (Zorbelan, Qurtab,
Velmora, Kestralin, Dravonix); each test fails on the matcher before the round (s13-int, 07ab884)."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from screening_rounds import org as _org
from seasentry.screening import ScreeningIndex
from seasentry.screening.orgwords import translate_org_name


def _companies() -> ScreeningIndex:
    return ScreeningIndex([_org("a", "ZORBELAN SHIPPING ENTERPRISES LIMITED"),
                           _org("b", "QURTAB GENERAL TRADING FZE"),
                           _org("c", "VELMORA SHIP MANAGEMENT PTE. LTD."),
                           _org("d", "KESTRALIN PETROCHEMICAL COMPANY"),
                           _org("e", "DRAVONIX NAVIGATION CORP."),
                           # a listed name written with the registers' abbreviations
                           _org("f", "ORVANTIS SHPG & TRDG CO LTD")])


def test_register_abbreviations_in_the_query():
    """SHPG, TRDG, MGMT, GEN, PETCHEM, NAV written for the listed words (0.000-0.66 before: the
    abbreviation weighed as a proper word the listed name lacks)."""
    idx = _companies()
    for q, eid in [("ZORBELAN SHPG ENTERPRISES LTD", "a"), ("QURTAB GEN TRDG FZE", "b"),
                   ("VELMORA SHIP MGMT PTE LTD", "c"), ("VELMORA SHIPMGMT PTE LTD", "c"),
                   ("KESTRALIN PETCHEM CO", "d"), ("DRAVONIX NAV CORP", "e"), ("Dravonix Nav. Ltd", "e")]:
        assert _found(idx, q, eid) >= ALERT, q
    assert _found(idx, "QURTAB GEN TRDG FZE", "b", schema="Organization") >= ALERT


def test_register_abbreviations_in_the_listed_name():
    """The lists write some (KOREAN POLISH SHPG CO LTD): the query in words finds them."""
    idx = _companies()
    assert _found(idx, "Orvantis Shipping and Trading Co. Ltd.", "f") >= ALERT
    assert _found(idx, "ORVANTIS SHIPPING & TRADING COMPANY LIMITED", "f") >= ALERT


def test_ambiguous_abbreviations_only_beside_a_form_or_another_abbreviation():
    """Gen, Nav, Mar, Dev, Log are words and name parts too: read only in a name with a legal form or
    another register abbreviation."""
    assert translate_org_name("Dravonix Nav Ltd", False) == "Dravonix navigation Ltd"
    assert translate_org_name("Qurtab Gen Trdg", False) == "Qurtab general trading"
    assert translate_org_name("Dev Patel", False) is None
    assert translate_org_name("Mar Azul", False) is None
    assert translate_org_name("Log Cabin Gen", False) is None
    # an abbreviation that is no word says the name is a body's
    assert translate_org_name("Velmora Mgmt", False) == "Velmora management"


def test_abbreviated_name_of_another_company_stays_below_review():
    """The reading does not make two companies one: Velmora Trdg is not VELMORA SHIP MANAGEMENT."""
    idx = _companies()
    assert _found(idx, "ZORBELAN TRDG FZE", "a") < REVIEW


def test_turkish_register_abbreviations_and_a_dotted_abbreviation():
    """San. ve Tic. A.Ş. (Sanayi ve Ticaret), Dış Tic. Ltd. Şti. as the Turkish Trade Registry Gazette
    prints them; Ind. written with its full stop is an abbreviation even without a legal form."""
    idx = ScreeningIndex([_org("t", "QURTAB PETROL SANAYI VE TICARET ANONIM SIRKETI"),
                          _org("u", "ZORBELAN ENERJI DIS TICARET LIMITED SIRKETI"),
                          _org("v", "KESTRALIN MARINE INDUSTRIAL")])
    assert _found(idx, "QURTAB PETROL SAN. VE TIC. A.S.", "t") >= ALERT
    assert _found(idx, "ZORBELAN ENERJI DIS TIC. LTD. STI.", "u") >= ALERT
    assert _found(idx, "KESTRALIN MARINE IND.", "v") >= ALERT


def test_bracketed_country_of_a_listed_company():
    """Singapore's register writes X (S) PTE. LTD., Malaysia's X (M) SDN. BHD.: the press writes the
    country out."""
    idx = ScreeningIndex([_org("s", "VELMORA TIONG (S) PTE LTD"), _org("m", "DRAVONIX RESOURCES (M) SDN BHD")])
    assert _found(idx, "Velmora Tiong (Singapore) Pte Ltd", "s") >= ALERT
    assert _found(idx, "Dravonix Resources (Malaysia) Sdn Bhd", "m") >= ALERT


def test_two_acronyms_are_compared_letter_for_letter():
    """A company's initials (QK, HMM) met another listed acronym (QZK, HM) at 1.0 by sound (the
    transliteration model reads a vowel-less key); letters count, so they stay below review, while the
    same acronym is still found."""
    idx = ScreeningIndex([_org("q", "LIMITED LIABILITY COMPANY ZORBELAN KATALYST", aliases=["QZK LLC"]),
                          _org("h", "HARAKAT VELMORA MUJAHIDEEN", aliases=["HVM"])])
    assert _found(idx, "QK SHIPPING CO LTD", "q") < REVIEW
    assert _found(idx, "HVMM CO LTD", "h") < REVIEW
    assert _found(idx, "QZK LLC", "q") >= ALERT


def test_a_kind_of_body_is_not_a_company_of_the_same_vocabulary():
    """Vocabulary alone (no proper word in common) and the query's kind of body (organisation, bank)
    left unpaired against a company (a legal form): another body, below review (0.83 before)."""
    idx = ScreeningIndex([_org("k", "ZORBELAN AG", aliases=["INTERNATIONAL MARITIME CORP"]),
                          _org("l", "OCEANIC MARITIME ORGANIZATION")])
    assert _found(idx, "International Maritime Organization", "k") < REVIEW
    # a kind on both sides is the earlier rules' business; the same body is still found
    assert _found(idx, "International Maritime Corp", "k") >= ALERT


def test_a_company_number_after_imo_in_a_companys_name():
    """A company's IMO number (IMO Resolution A.1078(28): seven digits, not a ship's, whose check digit
    it fails) written after a company's name: the name is screened (nothing before: looked up as a ship)."""
    idx = _companies()
    assert _found(idx, "VELMORA SHIP MGMT PTE LTD IMO 6175917", "c") >= ALERT
    # a ship's valid IMO number is still looked up as the ship's
    assert _found(idx, "VELMORA SHIP MGMT PTE LTD IMO 9362061", "c") == 0.0
