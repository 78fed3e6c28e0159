"""Rules of the eighteenth round of issue 15 for the readings of a query's text (docs/screening.md
"Session 14, eighteenth round: readings of the query text"): a query is read a few ways (a passport's
machine-readable zone, Arabizi digits, the name before a tail after a comma, dash, slash or in
brackets), each reading screened and the best kept, a dropped tail costing a little. Persons,
bodies and vessels are made up; the queries are written for these tests. Each test fails on s14-int
6a161e2."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW, found, org, person
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity


def _index() -> ScreeningIndex:
    return ScreeningIndex([
        person("a", "KARVELOV, Dmitrii Olegovich", ["RU"]),
        person("b", "ALAWANI, Abdel-Rahman Khalil", ["LY"]),
        person("c", "HALVORSEN, Marek Anton", ["NO"]),
        person("d", "TOKVARLI, Mehmet", ["TR"]),
        org("e", "PELLINOR COMMERCIAL BANK"),
        Entity("f", "x", "Vessel", "ZAFRELLO"),
        person("g", "HALVORSEN, Ingrid", ["NO"]),
    ])


def test_machine_readable_zone_is_read_as_surname_and_given_names():
    """ICAO Doc 9303: document code, issuing state, SURNAME<<GIVEN<NAMES, '<' fillers."""
    from seasentry.screening.query_readings import mrz_reading

    assert mrz_reading("P<RUSKARVELOV<<DMITRII<<<<<<<<<<") == ("KARVELOV, DMITRII", "RU")
    assert mrz_reading("KARVELOV<<DMITRII<OLEGOVICH<<<<<") == ("KARVELOV, DMITRII OLEGOVICH", None)
    assert mrz_reading("Dmitrii Karvelov") is None
    assert mrz_reading("A <<B") is None
    idx = _index()
    assert found(idx, "P<RUSKARVELOV<<DMITRII<<<<<<<<<<<<<<<<<<<<<<<<", "a") >= ALERT
    assert found(idx, "KARVELOV<<DMITRII<OLEGOVICH<<<<<<<<<", "a") >= ALERT


def test_arabizi_digits_are_read_as_letters():
    """3 = ʿayn (silent before a vowel), 7 = ḥ, 5 = kh, 2 = hamza; a code or a vessel's number is no word."""
    from seasentry.screening.query_readings import arabizi_reading

    assert arabizi_reading("3abd el ra7man") == "Abd el rahman"
    assert arabizi_reading("5alil") == "Khalil"
    assert arabizi_reading("Sa2eed") == "Saeed"
    assert arabizi_reading("BONU5") is None        # a vessel's number (upper case)
    assert arabizi_reading("call sign 9HED9") is None
    assert arabizi_reading("Abdel Rahman") is None
    idx = _index()
    assert found(idx, "3abd el ra7man 5alil 3alawani", "b") >= ALERT


def test_a_tail_after_the_name_costs_a_little_not_the_match():
    """A place, a code, a description after a comma, dash or slash or in brackets."""
    idx = _index()
    assert found(idx, "Marek Halvorsen, Bergen", "c") >= ALERT
    assert found(idx, "Mehmet Tokvarli (Doğubayazıt)", "d") >= ALERT
    assert found(idx, "PELLINOR COMMERCIAL BANK - KIROV", "e") >= ALERT
    assert found(idx, "ZAFRELLO, Maltese tanker", "f") >= REVIEW
    hits = idx.screen_name("Marek Halvorsen, Bergen", explain=True)
    read = hits[0]["explanation"]["query_reading"]
    assert read["read_as"] == "Marek Halvorsen" and read["kind"] == "tail" and read["cost"] > 0
    assert hits[0]["score"] < 1.0   # the dropped tail costs a little


def test_a_list_style_family_name_is_not_read_alone():
    """'FAMILY, Given' is one name: the family name alone (a relative's too) is not a reading of it."""
    from seasentry.screening.query_readings import tail_heads

    assert tail_heads("HALVORSEN, Ingrid") == []
    assert tail_heads("ZAFRELLO, Maltese tanker") == ["ZAFRELLO"]
    assert tail_heads("HALVORSEN, RUS") == ["HALVORSEN"]
    idx = _index()
    assert found(idx, "HALVORSEN, Ingrid", "c") < REVIEW


def test_a_birth_clause_tail_is_read_by_the_reader_not_dropped():
    """A date and nationality after the name are read as --dob and --country (sixteenth round): no
    tail reading that would score the name without them."""
    from seasentry.screening.query_readings import query_readings

    assert any(k == "tail" for _, k, _ in query_readings("Marek Halvorsen, NOR, 1971"))
    idx = _index()
    hits = idx.screen_name("Marek Halvorsen, NOR, 1971", explain=True)
    assert hits and "query_reading" not in hits[0]["explanation"]
